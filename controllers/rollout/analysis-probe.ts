/**
 * Analysis metrics measured from observations: one version's metric against
 * thresholds, as an Argo AnalysisTemplate with a Prometheus provider would
 * measure it (`successCondition: result <= x`, `failureCondition: result > y`).
 */

import type { MetricSample, ServiceView } from '../port/observations.js';
import type { Micros } from '../../lib/time.js';
import { toSeconds } from '../../lib/time.js';
import type { Measurement, AnalysisMetricSpec } from '../../lib/rollout/analysis-metric.js';

/**
 * An analysis metric: Argo's count, interval, initialDelay and limits
 * (AnalysisMetricSpec), plus which observed metric to read and how to judge it.
 */
export interface ProbeMetric extends AnalysisMetricSpec {
  /** The observed metric to read for the judged version, e.g. "error_rate" or "latency_p95_ms". */
  readonly metric: string;
  /** A measurement is Successful when the value is ≤ successMax. */
  readonly successMax: number;
  /**
   * A measurement is Failed when the value is > failAbove; a value in
   * (successMax, failAbove] is Inconclusive (neither condition held, as in
   * Argo). Defaults to successMax: no inconclusive band.
   */
  readonly failAbove?: number;
  /** A sample older than this counts as no data (an Error measurement); absent accepts any age. */
  readonly maxAge?: Micros;
}

/** One measurement taken, with the value it was judged on, for the decision log. */
export interface TakenMeasurement {
  /** The analysis metric's name. */
  readonly name: string;
  /** The measurement as recorded in the metric's tally. */
  readonly measurement: Measurement;
  /** The value read; absent when there was none (an Error). */
  readonly value?: number;
}

/**
 * One version's metric as the world reports it: `versionMetrics[version][metric]`
 * when present. For "error_rate" from a world that does not measure per
 * version at all (no `versionMetrics`), the request-weighted mean of the
 * version's instances' error rates (`instanceMetrics`), dated `now`. Undefined when there is nothing to read, e.g. a
 * version that served no requests in the last scrape window: the world then
 * reports no error_rate for it, as a Prometheus query over no requests
 * returns no data.
 */
export function readVersionMetric(service: ServiceView, version: string, metric: string, now: Micros): MetricSample | undefined {
  const own = service.versionMetrics?.[version]?.[metric];
  if (own !== undefined) return own;
  // A world that measures per version and has no value means no data; health from
  // an older snapshot, dated now, would pass for a fresh sample.
  if (metric !== 'error_rate' || service.versionMetrics !== undefined) return undefined;
  let requests = 0;
  let failed = 0;
  for (const i of service.instances) {
    if (i.version !== version) continue;
    const m = service.instanceMetrics[i.id];
    const n = m?.['requests']?.value ?? 0;
    const rate = m?.['error_rate']?.value;
    if (rate === undefined || !(n > 0)) continue;
    requests += n;
    failed += rate * n;
  }
  return requests > 0 ? { name: metric, value: failed / requests, measuredAt: now } : undefined;
}

/** Judges a value: Successful ≤ successMax < Inconclusive ≤ failAbove < Failed. */
export function judgeValue(probe: ProbeMetric, value: number): 'Successful' | 'Inconclusive' | 'Failed' {
  if (value <= probe.successMax) return 'Successful';
  if (value > (probe.failAbove ?? probe.successMax)) return 'Failed';
  return 'Inconclusive';
}

/**
 * Takes one measurement of `probe` for `version` at `now`. It completes at
 * once. No sample, or one older than maxAge, is an Error measurement with a
 * message saying so (Argo counts those against consecutiveErrorLimit).
 */
export function measureVersion(probe: ProbeMetric, service: ServiceView, version: string, now: Micros): TakenMeasurement {
  const sample = readVersionMetric(service, version, probe.metric, now);
  if (sample === undefined) {
    return { name: probe.name, measurement: { phase: 'Error', startedAt: now, finishedAt: now, message: `no ${probe.metric} sample for version ${version}` } };
  }
  const age = now - sample.measuredAt;
  if (probe.maxAge !== undefined && age > probe.maxAge) {
    const message = `${probe.metric} sample for version ${version} is ${toSeconds(age).toFixed(0)}s old (maxAge ${toSeconds(probe.maxAge).toFixed(0)}s)`;
    return { name: probe.name, measurement: { phase: 'Error', startedAt: now, finishedAt: now, message }, value: sample.value };
  }
  return { name: probe.name, measurement: { phase: judgeValue(probe, sample.value), startedAt: now, finishedAt: now }, value: sample.value };
}
