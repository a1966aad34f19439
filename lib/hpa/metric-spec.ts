/**
 * `spec.metrics` of autoscaling/v2 and the observations the controller reads
 * to evaluate them.
 */
import type { PodSnapshot } from './pod.js';
import type { PodCustomMetricSample, PodResourceSample } from './pod-metric.js';
import { checkString } from './argument-checks.js';

/** Target of a Resource or ContainerResource metric. */
export type ResourceTarget =
  | { readonly type: 'Utilization'; readonly averageUtilization: number }
  | { readonly type: 'AverageValue'; readonly averageValue: number };

/** Target of an Object or External metric (values in milli-units). */
export type WholeTarget = { readonly type: 'Value'; readonly value: number } | { readonly type: 'AverageValue'; readonly averageValue: number };

/** One entry of `spec.metrics`; quantities are milli-units ("15.0" = 15000). */
export type MetricSpec =
  | { readonly type: 'Resource'; readonly resource: string; readonly target: ResourceTarget }
  | { readonly type: 'ContainerResource'; readonly resource: string; readonly container: string; readonly target: ResourceTarget }
  | { readonly type: 'Pods'; readonly metricName: string; readonly target: { readonly type: 'AverageValue'; readonly averageValue: number } }
  | { readonly type: 'Object'; readonly metricName: string; readonly describedObject: string; readonly target: WholeTarget }
  | { readonly type: 'External'; readonly metricName: string; readonly target: WholeTarget };

/** Kind of metric source, as in `spec.metrics[].type`. */
export type MetricSourceType = MetricSpec['type'];

/**
 * What the controller can observe in one sync. A metric whose data is absent
 * here is a failed fetch (upstream: an error from the metrics client).
 */
export interface MetricsObservation {
  /** Pods selected by the scale target's selector. */
  readonly pods: readonly PodSnapshot[];
  /** Resource metrics API items, keyed by resource name ("cpu", "memory"). */
  readonly resourceMetrics?: Readonly<Record<string, readonly PodResourceSample[]>>;
  /** Custom metrics API per-pod values, keyed by metric name. */
  readonly podsMetrics?: Readonly<Record<string, readonly PodCustomMetricSample[]>>;
  /** Custom metrics API single-object values, keyed by `${describedObject}/${metricName}`. */
  readonly objectMetrics?: Readonly<Record<string, number>>;
  /** External metrics API series values, keyed by metric name. */
  readonly externalMetrics?: Readonly<Record<string, readonly number[]>>;
}

/** Key under which an Object metric's value is looked up in `MetricsObservation.objectMetrics`. */
export function objectMetricKey(describedObject: string, metricName: string): string {
  checkString('objectMetricKey', 'describedObject', describedObject);
  checkString('objectMetricKey', 'metricName', metricName);
  return `${describedObject}/${metricName}`;
}
