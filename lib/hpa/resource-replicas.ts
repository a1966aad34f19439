/**
 * Replica proposal for a Resource or ContainerResource metric with a
 * Utilization target (upstream `GetResourceReplicas`).
 */
import type { Micros } from '../time.js';
import type { PodSnapshot } from './pod.js';
import { resourceSamplesToPodMetrics, type PodResourceSample } from './pod-metric.js';
import { groupPods, type ReadinessTiming } from './group-pods.js';
import { calculateRequests } from './pod-requests.js';
import { resourceUtilizationRatio } from './usage-ratio.js';
import { decideWithFill } from './conservative-fill.js';
import type { ReplicaCalcResult } from './replica-result.js';
import type { Tolerances } from './tolerances.js';
import {
  checkArray,
  checkInstant,
  checkObject,
  checkPositiveInt32,
  checkReadinessTiming,
  checkReplicas,
  checkString,
  checkTolerances,
} from './argument-checks.js';

/** Inputs of a utilization-based replica calculation. */
export interface ResourceUtilizationInput {
  /** The scale target's `spec.replicas`. */
  readonly currentReplicas: number;
  /** Target average utilization, percent of request (>= 1). */
  readonly targetUtilization: number;
  /** Resource name, e.g. "cpu" or "memory"; readiness rules apply to "cpu" only. */
  readonly resource: string;
  /** For ContainerResource metrics, the container whose usage and request count. */
  readonly container?: string;
  /** Tolerance band for this HPA. */
  readonly tolerances: Tolerances;
  /** Pods selected by the scale target's selector. */
  readonly pods: readonly PodSnapshot[];
  /** Resource metrics API items for those pods. */
  readonly samples: readonly PodResourceSample[];
  /** Readiness timing from the controller config. */
  readonly timing: ReadinessTiming;
  /** Current instant. */
  readonly now: Micros;
}

/**
 * Proposes replicas so that average utilization meets the target: the ratio
 * utilization / target times the number of ready pods, rounded up, with the
 * tolerance band and the conservative fill of missing and unready pods.
 * `usage` is the utilization percent, `rawAverage` the mean usage.
 */
export function resourceUtilizationReplicas(input: ResourceUtilizationInput): ReplicaCalcResult {
  const fn = 'resourceUtilizationReplicas';
  checkObject(fn, 'input', input, 'currentReplicas, targetUtilization, resource, container?, tolerances, pods, samples, timing, now');
  checkReplicas(fn, 'currentReplicas', input.currentReplicas);
  checkPositiveInt32(fn, 'targetUtilization', input.targetUtilization);
  checkString(fn, 'resource', input.resource);
  if (input.container !== undefined) checkString(fn, 'container', input.container);
  checkTolerances(fn, 'tolerances', input.tolerances);
  checkArray(fn, 'pods', input.pods);
  checkArray(fn, 'samples', input.samples);
  checkReadinessTiming(fn, 'timing', input.timing);
  checkInstant(fn, 'now', input.now);
  const { resource } = input;
  if (input.samples.length === 0) {
    return { ok: false, error: `unable to get metrics for resource ${resource}: no metrics returned from resource metrics API` };
  }
  if (input.pods.length === 0) return { ok: false, error: 'no pods returned by selector while calculating replica count' };
  const all = resourceSamplesToPodMetrics(input.samples, input.container);
  const groups = groupPods({ pods: input.pods, metrics: all, resource, timing: input.timing, now: input.now });
  const metrics = new Map(all);
  for (const name of groups.ignored) metrics.delete(name);
  for (const name of groups.unready) metrics.delete(name);
  if (metrics.size === 0) return { ok: false, error: 'did not receive metrics for targeted pods (pods might be unready)' };

  const req = calculateRequests({ pods: input.pods, ...(input.container !== undefined ? { container: input.container } : {}), resource });
  if (!req.ok) return req;
  const requests = req.requests;
  const first = resourceUtilizationRatio({ metrics, requests, targetUtilization: input.targetUtilization });
  if (!first.ok) return first;

  // Missing pods are assumed at 100% of request, or at the target when it is above 100%.
  const fallbackPercent = BigInt(Math.max(100, input.targetUtilization));
  const decided = decideWithFill({
    currentReplicas: input.currentReplicas,
    groups,
    metrics,
    usageRatio: first.usageRatio,
    tolerances: input.tolerances,
    missingValueOnScaleDown: (name) => Number((BigInt(requests.get(name) ?? 0) * fallbackPercent) / 100n),
    ratioOf: (m) => resourceUtilizationRatio({ metrics: m, requests, targetUtilization: input.targetUtilization }),
  });
  if (!decided.ok) return decided;
  return { ok: true, replicas: decided.replicas, usage: first.utilization, rawAverage: first.rawAverage, reason: decided.reason };
}
