import type { InstanceView, ServiceView } from '../port/observations.js';

/** Knobs of success-rate outlier detection (Envoy's `success_rate_*` settings). */
export interface OutlierDetectionOptions {
  /** Minimum instances with enough requests before any is judged (Envoy success_rate_minimum_hosts, default 5). */
  readonly minHosts: number;
  /** Minimum requests in the window for an instance to be judged (Envoy success_rate_request_volume, default 100). */
  readonly minRequests: number;
  /** An instance is an outlier below mean − factor × stdev of success rates (Envoy success_rate_stdev_factor 1900 → 1.9). */
  readonly stdevFactor: number;
}

/** Envoy's defaults. */
export const DEFAULT_OUTLIER_DETECTION: OutlierDetectionOptions = { minHosts: 5, minRequests: 100, stdevFactor: 1.9 };

/**
 * Passive outlier detection by success rate, as Envoy does it: among
 * `instances` with at least `minRequests` requests in their latest scrape
 * (`metrics[id].requests`), those whose success rate (1 − `error_rate`, 1
 * without one) is below mean − stdevFactor × stdev are outliers. Returns
 * their ids in input order.
 */
export function successRateOutliers(
  instances: readonly InstanceView[],
  metrics: ServiceView['instanceMetrics'],
  o: OutlierDetectionOptions = DEFAULT_OUTLIER_DETECTION,
): string[] {
  const judged = instances.filter((i) => (metrics[i.id]?.['requests']?.value ?? -1) >= o.minRequests);
  if (judged.length < o.minHosts) return [];
  const rates = judged.map((i) => 1 - instanceErrorRate(metrics, i.id));
  const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
  const stdev = Math.sqrt(rates.reduce((a, r) => a + (r - mean) ** 2, 0) / rates.length);
  const threshold = mean - o.stdevFactor * stdev;
  return judged.filter((_, k) => rates[k]! < threshold).map((i) => i.id);
}

/** An instance's error rate in its latest scrape: 0 when it was scraped with no failed request to report. */
export function instanceErrorRate(metrics: ServiceView['instanceMetrics'], id: string): number {
  return metrics[id]?.['error_rate']?.value ?? 0;
}
