/**
 * Usage ratios with upstream's integer arithmetic: sums are exact, and the
 * utilization percentage and average are truncated integer quotients.
 */
import type { PodMetricsInfo } from './pod-metric.js';
import { checkMap, checkObject, checkPositive, checkPositiveInt32 } from './argument-checks.js';

const INT32_MIN = -2147483648n;
const INT32_MAX = 2147483647n;

/** Resource utilization of the pods that have both a sample and a request. */
export type UtilizationResult =
  | {
      readonly ok: true;
      /** Utilization percentage divided by the target percentage. */
      readonly usageRatio: number;
      /** Truncated utilization percentage: floor(100 * sum(usage) / sum(requests)). */
      readonly utilization: number;
      /** Truncated average usage in milli-units over the pods counted. */
      readonly rawAverage: number;
    }
  | { readonly ok: false; readonly error: string };

/** Inputs of `resourceUtilizationRatio` (upstream `GetResourceUtilizationRatio`'s parameters). */
export interface ResourceUtilizationRatioInput {
  /** One sample per pod, milli-units. */
  readonly metrics: PodMetricsInfo;
  /** Request per pod name, milli-units. */
  readonly requests: ReadonlyMap<string, number>;
  /** Target utilization, percent of request (an integer >= 1). */
  readonly targetUtilization: number;
}

/**
 * Upstream `GetResourceUtilizationRatio`: samples of pods without a known
 * request are skipped (they are "superfluous" metrics).
 */
export function resourceUtilizationRatio(input: ResourceUtilizationRatioInput): UtilizationResult {
  checkObject('resourceUtilizationRatio', 'input', input, 'metrics, requests, targetUtilization');
  const { metrics, requests, targetUtilization } = input;
  checkMap('resourceUtilizationRatio', 'metrics', metrics);
  checkMap('resourceUtilizationRatio', 'requests', requests);
  checkPositiveInt32('resourceUtilizationRatio', 'targetUtilization', targetUtilization);
  let metricsTotal = 0n;
  let requestsTotal = 0n;
  let entries = 0n;
  for (const [podName, metric] of metrics) {
    const request = requests.get(podName);
    if (request === undefined) continue;
    metricsTotal += BigInt(metric.value);
    requestsTotal += BigInt(request);
    entries++;
  }
  if (requestsTotal === 0n) return { ok: false, error: 'no metrics returned matched known pods' };
  const percentage = (metricsTotal * 100n) / requestsTotal;
  if (percentage < INT32_MIN || percentage > INT32_MAX) {
    return { ok: false, error: `resource utilization ${percentage} is outside the int32 range` };
  }
  const utilization = Number(percentage);
  return {
    ok: true,
    usageRatio: utilization / targetUtilization,
    utilization,
    rawAverage: Number(metricsTotal / entries),
  };
}

/** Average usage of plain (non-utilization) per-pod metrics and its ratio to target. */
export interface MetricUsage {
  /** Average usage divided by the target average. */
  readonly usageRatio: number;
  /** Truncated average usage in milli-units. */
  readonly usage: number;
}

/** Upstream `GetMetricUsageRatio`: truncated mean over every sample in `metrics` (at least one). */
export function metricUsageRatio(metrics: PodMetricsInfo, targetUsage: number): MetricUsage {
  checkMap('metricUsageRatio', 'metrics', metrics);
  if (metrics.size === 0) throw new RangeError('metricUsageRatio: metrics must hold at least one sample; got an empty Map');
  checkPositive('metricUsageRatio', 'targetUsage', targetUsage);
  let total = 0n;
  for (const m of metrics.values()) total += BigInt(m.value);
  const usage = Number(total / BigInt(metrics.size));
  return { usageRatio: usage / targetUsage, usage };
}
