/**
 * Replica proposals for metrics that describe the workload as a whole: Object
 * metrics (one value of another object) and External metrics (a sum of series),
 * each with a Value target or an AverageValue (per-pod) target.
 */
import { isPodReady, type PodSnapshot } from './pod.js';
import { MAX_INT32, type ReplicaCalcResult } from './replica-result.js';
import { isWithinTolerance, type Tolerances } from './tolerances.js';
import { checkArray, checkFinite, checkObject, checkPositive, checkReplicas, checkTolerances } from './argument-checks.js';

/** Inputs of a Value target: the whole observed value against one target value. */
export interface ValueTargetInput {
  /** The scale target's `spec.replicas`. */
  readonly currentReplicas: number;
  /** Observed value, milli-units (an External metric's series are summed by the caller helpers below). */
  readonly usage: number;
  /** Target value, milli-units. */
  readonly target: number;
  /** Tolerance band. */
  readonly tolerances: Tolerances;
  /** Pods selected by the scale target; only Running+Ready ones are counted. */
  readonly pods: readonly PodSnapshot[];
}

/** Inputs of an AverageValue target: the whole observed value divided among the pods. */
export interface AverageValueTargetInput {
  /** The scale target's `status.replicas` (not spec: upstream divides by pods that exist). */
  readonly statusReplicas: number;
  /** Observed value, milli-units. */
  readonly usage: number;
  /** Target value per pod, milli-units. */
  readonly targetPerPod: number;
  /** Tolerance band. */
  readonly tolerances: Tolerances;
}

/**
 * Upstream `getUsageRatioReplicaCount`: with pods running, ceil(ratio x ready
 * pods) unless within tolerance; from zero replicas, ceil(ratio) without any
 * tolerance so the workload can wake up. Unready pods are not counted, so a
 * workload whose pods are all unready is proposed zero replicas.
 */
export function valueTargetReplicas(input: ValueTargetInput): ReplicaCalcResult {
  const fn = 'valueTargetReplicas';
  checkObject(fn, 'input', input, 'currentReplicas, usage, target, tolerances, pods');
  checkReplicas(fn, 'currentReplicas', input.currentReplicas);
  checkFinite(fn, 'usage', input.usage);
  checkPositive(fn, 'target', input.target);
  checkTolerances(fn, 'tolerances', input.tolerances);
  checkArray(fn, 'pods', input.pods);
  const usageRatio = input.usage / input.target;
  if (input.currentReplicas === 0) {
    return { ok: true, replicas: Math.ceil(usageRatio), usage: input.usage, reason: 'ScaleFromZero' };
  }
  if (isWithinTolerance(usageRatio, input.tolerances)) {
    return { ok: true, replicas: input.currentReplicas, usage: input.usage, reason: 'WithinTolerance' };
  }
  if (input.pods.length === 0) {
    return { ok: false, error: 'unable to calculate ready pods: no pods returned by selector while calculating replica count' };
  }
  let ready = 0;
  for (const p of input.pods) if (p.phase === 'Running' && isPodReady(p)) ready++;
  const raw = usageRatio * ready;
  if (raw > MAX_INT32) return { ok: true, replicas: MAX_INT32, usage: input.usage, reason: 'CappedAtMaxInt32' };
  return { ok: true, replicas: Math.ceil(raw), usage: input.usage, reason: 'Proportional' };
}

/**
 * Per-pod target: keep `statusReplicas` while usage / (target x statusReplicas)
 * is within tolerance, else ceil(usage / target). `usage` in the result is the
 * per-pod average, rounded up.
 */
export function averageValueTargetReplicas(input: AverageValueTargetInput): ReplicaCalcResult {
  const fn = 'averageValueTargetReplicas';
  checkObject(fn, 'input', input, 'statusReplicas, usage, targetPerPod, tolerances');
  checkReplicas(fn, 'statusReplicas', input.statusReplicas);
  checkFinite(fn, 'usage', input.usage);
  checkPositive(fn, 'targetPerPod', input.targetPerPod);
  checkTolerances(fn, 'tolerances', input.tolerances);
  const { statusReplicas, usage, targetPerPod } = input;
  const perPodUsage = Math.ceil(usage / statusReplicas);
  const usageRatio = usage / (targetPerPod * statusReplicas);
  if (isWithinTolerance(usageRatio, input.tolerances)) {
    return { ok: true, replicas: statusReplicas, usage: perPodUsage, reason: 'WithinTolerance' };
  }
  const wanted = Math.ceil(usage / targetPerPod);
  if (wanted > MAX_INT32) return { ok: true, replicas: MAX_INT32, usage: perPodUsage, reason: 'CappedAtMaxInt32' };
  return { ok: true, replicas: wanted, usage: perPodUsage, reason: 'PerPodTarget' };
}

/** Sums an External metric's series the way upstream does before comparing with a target. */
export function sumExternalSeries(values: readonly number[]): number {
  checkArray('sumExternalSeries', 'values', values);
  let total = 0;
  for (const v of values) total += v;
  return total;
}
