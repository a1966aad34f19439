/**
 * Per-pod metric samples as the metrics APIs return them, and their reduction
 * to one value per pod (upstream `PodMetricsInfo`).
 */
import { MINUTE, type Micros } from '../time.js';
import { checkArray, checkString } from './argument-checks.js';

/** One pod's value of a metric, with the sample's time and averaging window. */
export interface PodMetric {
  /** Value in milli-units. */
  readonly value: number;
  /** End of the sampling window. */
  readonly timestamp: Micros;
  /** Length of the sampling window. */
  readonly window: Micros;
}

/** Metric values keyed by pod name, in insertion order. */
export type PodMetricsInfo = ReadonlyMap<string, PodMetric>;

/** One container's usage of the queried resource; `usage` absent means not reported. */
export interface ContainerUsage {
  /** Container name. */
  readonly name: string;
  /** Usage in milli-units, absent when the container did not report this resource. */
  readonly usage?: number;
}

/** One item of the resource metrics API (metrics.k8s.io PodMetrics) for one resource. */
export interface PodResourceSample {
  /** Pod name. */
  readonly podName: string;
  /** End of the sampling window. */
  readonly timestamp: Micros;
  /** Length of the sampling window. */
  readonly window: Micros;
  /** Per-container usage of the resource. */
  readonly containers: readonly ContainerUsage[];
}

/** A custom-metrics (pods) sample: one value per pod. */
export interface PodCustomMetricSample {
  /** Pod name. */
  readonly podName: string;
  /** Value in milli-units. */
  readonly value: number;
  /** End of the sampling window. */
  readonly timestamp: Micros;
  /** Length of the window; the custom metrics client defaults it to one minute. */
  readonly window?: Micros;
}

/** Default window the custom metrics client assumes when the adapter gives none. */
export const DEFAULT_CUSTOM_METRIC_WINDOW: Micros = MINUTE;

/**
 * Reduces resource samples to one value per pod. Without `container`, a pod's
 * value is the sum over its containers and a pod with no containers, or with any
 * container missing the resource, is left out (it becomes a "missing" pod). With
 * `container`, only that container counts, and a pod lacking it or its usage is
 * left out.
 */
export function resourceSamplesToPodMetrics(samples: readonly PodResourceSample[], container?: string): PodMetricsInfo {
  checkArray('resourceSamplesToPodMetrics', 'samples', samples);
  if (container !== undefined) checkString('resourceSamplesToPodMetrics', 'container', container);
  const out = new Map<string, PodMetric>();
  for (const s of samples) {
    if (container !== undefined && container !== '') {
      const c = s.containers.find((x) => x.name === container);
      if (c?.usage !== undefined) out.set(s.podName, { value: c.usage, timestamp: s.timestamp, window: s.window });
      continue;
    }
    if (s.containers.length === 0) continue;
    let sum = 0;
    let missing = false;
    for (const c of s.containers) {
      if (c.usage === undefined) {
        missing = true;
        break;
      }
      sum += c.usage;
    }
    if (!missing) out.set(s.podName, { value: sum, timestamp: s.timestamp, window: s.window });
  }
  return out;
}

/** Reduces custom-metric samples to one value per pod (a later sample for the same pod wins). */
export function customSamplesToPodMetrics(samples: readonly PodCustomMetricSample[]): PodMetricsInfo {
  checkArray('customSamplesToPodMetrics', 'samples', samples);
  const out = new Map<string, PodMetric>();
  for (const s of samples) {
    out.set(s.podName, { value: s.value, timestamp: s.timestamp, window: s.window ?? DEFAULT_CUSTOM_METRIC_WINDOW });
  }
  return out;
}
