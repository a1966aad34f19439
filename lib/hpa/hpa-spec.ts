/**
 * The part of a HorizontalPodAutoscaler spec that drives decisions.
 */
import type { HpaBehavior } from './behavior.js';
import type { MetricSpec } from './metric-spec.js';
import { checkArray, checkObject } from './argument-checks.js';

/** `spec` of an autoscaling/v2 HorizontalPodAutoscaler (scale target reference left out). */
export interface HpaSpec {
  /** Lower bound on replicas; defaults to 1. 0 needs the HPAScaleToZero gate and an Object or External metric. */
  readonly minReplicas?: number;
  /** Upper bound on replicas (>= 1, >= minReplicas). */
  readonly maxReplicas: number;
  /** Metrics to evaluate; empty means the API default, cpu at 80% utilization. */
  readonly metrics: readonly MetricSpec[];
  /** Scaling behavior; absent selects the legacy normalization path. */
  readonly behavior?: HpaBehavior;
}

/** Utilization target the API defaults to when `metrics` is empty. */
export const DEFAULT_CPU_UTILIZATION = 80;

/** `spec.minReplicas` with its default applied. */
export function effectiveMinReplicas(spec: HpaSpec): number {
  checkObject('effectiveMinReplicas', 'spec', spec, 'minReplicas?, maxReplicas, metrics, behavior?');
  return spec.minReplicas ?? 1;
}

/** `spec.metrics` with the API default applied. */
export function effectiveMetrics(spec: HpaSpec): readonly MetricSpec[] {
  checkObject('effectiveMetrics', 'spec', spec, 'minReplicas?, maxReplicas, metrics, behavior?');
  checkArray('effectiveMetrics', 'spec.metrics', spec.metrics);
  if (spec.metrics.length > 0) return spec.metrics;
  return [{ type: 'Resource', resource: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } }];
}
