/**
 * Replica proposals for per-pod metrics with an AverageValue target: Resource
 * metrics with a raw average target (`GetRawResourceReplicas`) and Pods
 * metrics (`GetMetricReplicas`), both via upstream `calcPlainMetricReplicas`.
 */
import type { Micros } from '../time.js';
import type { PodSnapshot } from './pod.js';
import {
  customSamplesToPodMetrics,
  resourceSamplesToPodMetrics,
  type PodCustomMetricSample,
  type PodMetricsInfo,
  type PodResourceSample,
} from './pod-metric.js';
import { groupPods, type ReadinessTiming } from './group-pods.js';
import { metricUsageRatio } from './usage-ratio.js';
import { decideWithFill } from './conservative-fill.js';
import type { ReplicaCalcResult } from './replica-result.js';
import type { Tolerances } from './tolerances.js';
import { checkArray, checkInstant, checkObject, checkPositive, checkReadinessTiming, checkReplicas, checkString, checkTolerances } from './argument-checks.js';

/** Inputs shared by both plain per-pod calculations. */
interface PlainCommon {
  /** The scale target's `spec.replicas`. */
  readonly currentReplicas: number;
  /** Target average value per pod, milli-units. */
  readonly targetAverage: number;
  /** Tolerance band for this HPA. */
  readonly tolerances: Tolerances;
  /** Pods selected by the scale target's selector. */
  readonly pods: readonly PodSnapshot[];
  /** Readiness timing from the controller config. */
  readonly timing: ReadinessTiming;
  /** Current instant. */
  readonly now: Micros;
}

/** Inputs of a Resource metric with an AverageValue target. */
export interface RawResourceInput extends PlainCommon {
  /** Resource name; readiness rules apply to "cpu" only. */
  readonly resource: string;
  /** For ContainerResource metrics, the container whose usage counts. */
  readonly container?: string;
  /** Resource metrics API items. */
  readonly samples: readonly PodResourceSample[];
}

/** Inputs of a Pods (custom) metric. */
export interface PodsMetricInput extends PlainCommon {
  /** Metric name, used in error messages. */
  readonly metricName: string;
  /** Custom metrics API values, one per pod. */
  readonly samples: readonly PodCustomMetricSample[];
}

/** Proposes replicas for a Resource metric with an average-value target; `usage` is the mean usage. */
export function rawResourceReplicas(input: RawResourceInput): ReplicaCalcResult {
  const fn = 'rawResourceReplicas';
  checkObject(fn, 'input', input, 'currentReplicas, targetAverage, resource, container?, tolerances, pods, samples, timing, now');
  checkCommon(fn, input);
  checkString(fn, 'resource', input.resource);
  if (input.container !== undefined) checkString(fn, 'container', input.container);
  checkArray(fn, 'samples', input.samples);
  if (input.samples.length === 0) {
    return { ok: false, error: `unable to get metrics for resource ${input.resource}: no metrics returned from resource metrics API` };
  }
  return plainReplicas(input, resourceSamplesToPodMetrics(input.samples, input.container), input.resource);
}

/** Proposes replicas for a Pods metric; `usage` is the mean value. No readiness rules apply. */
export function podsMetricReplicas(input: PodsMetricInput): ReplicaCalcResult {
  const fn = 'podsMetricReplicas';
  checkObject(fn, 'input', input, 'currentReplicas, targetAverage, metricName, tolerances, pods, samples, timing, now');
  checkCommon(fn, input);
  checkString(fn, 'metricName', input.metricName);
  checkArray(fn, 'samples', input.samples);
  if (input.samples.length === 0) {
    return { ok: false, error: `unable to get metric ${input.metricName}: no metrics returned from custom metrics API` };
  }
  return plainReplicas(input, customSamplesToPodMetrics(input.samples), undefined);
}

function checkCommon(fn: string, input: PlainCommon): void {
  checkReplicas(fn, 'currentReplicas', input.currentReplicas);
  checkPositive(fn, 'targetAverage', input.targetAverage);
  checkTolerances(fn, 'tolerances', input.tolerances);
  checkArray(fn, 'pods', input.pods);
  checkReadinessTiming(fn, 'timing', input.timing);
  checkInstant(fn, 'now', input.now);
}

function plainReplicas(input: PlainCommon, all: PodMetricsInfo, resource: string | undefined): ReplicaCalcResult {
  if (input.pods.length === 0) return { ok: false, error: 'no pods returned by selector while calculating replica count' };
  const groups = groupPods({ pods: input.pods, metrics: all, ...(resource !== undefined ? { resource } : {}), timing: input.timing, now: input.now });
  const metrics = new Map(all);
  for (const name of groups.ignored) metrics.delete(name);
  for (const name of groups.unready) metrics.delete(name);
  if (metrics.size === 0) return { ok: false, error: 'did not receive metrics for targeted pods (pods might be unready)' };

  const first = metricUsageRatio(metrics, input.targetAverage);
  const decided = decideWithFill({
    currentReplicas: input.currentReplicas,
    groups,
    metrics,
    usageRatio: first.usageRatio,
    tolerances: input.tolerances,
    missingValueOnScaleDown: () => input.targetAverage,
    ratioOf: (m) => ({ ok: true, usageRatio: metricUsageRatio(m, input.targetAverage).usageRatio }),
  });
  if (!decided.ok) return decided;
  return { ok: true, replicas: decided.replicas, usage: first.usage, reason: decided.reason };
}
