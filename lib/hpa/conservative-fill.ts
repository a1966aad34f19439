/**
 * The conservative second pass of per-pod replica calculations: pods without
 * a usable sample are assumed to sit at the target (scale-down) or at zero
 * (scale-up), the ratio is recomputed, and the result may not reverse direction.
 *
 * Internal to the replica calculations (not part of `ctrlsim/hpa`): its
 * callers check their arguments, and it takes callbacks no upstream function has.
 */
import type { PodMetric, PodMetricsInfo } from './pod-metric.js';
import type { PodGroups } from './group-pods.js';
import type { ReplicaCalcReason } from './replica-result.js';
import { isWithinTolerance, type Tolerances } from './tolerances.js';

/** Inputs to the two-pass decision shared by utilization and plain per-pod metrics. */
interface FillInput {
  /** Replica count the proposal is relative to. */
  readonly currentReplicas: number;
  /** Pod grouping for this metric. */
  readonly groups: PodGroups;
  /** Samples with ignored and unready pods already removed (may hold superfluous pods). */
  readonly metrics: PodMetricsInfo;
  /** Ratio computed from `metrics`. */
  readonly usageRatio: number;
  /** Tolerance band. */
  readonly tolerances: Tolerances;
  /** Value assumed for a missing pod when scaling down ("100% of target"). */
  readonly missingValueOnScaleDown: (podName: string) => number;
  /** Recomputes the ratio over a filled-in sample set. */
  readonly ratioOf: (metrics: PodMetricsInfo) => { readonly ok: true; readonly usageRatio: number } | { readonly ok: false; readonly error: string };
}

/** Replica count and reason, or the error of the recomputation. */
type FillOutcome = { readonly ok: true; readonly replicas: number; readonly reason: ReplicaCalcReason } | { readonly ok: false; readonly error: string };

/**
 * Decides the replica count. Unready pods matter only on a scale-up (they are
 * then counted at zero); missing pods count at the target on a scale-down and
 * at zero on a scale-up. The replica count is ceil(ratio x number of samples),
 * which includes superfluous samples of pods outside the selector, as upstream.
 */
export function decideWithFill(input: FillInput): FillOutcome {
  const { currentReplicas, groups, usageRatio, tolerances } = input;
  const scaleUpWithUnready = groups.unready.length > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && groups.missing.length === 0) {
    if (isWithinTolerance(usageRatio, tolerances)) return { ok: true, replicas: currentReplicas, reason: 'WithinTolerance' };
    return { ok: true, replicas: Math.ceil(usageRatio * groups.readyCount), reason: 'Proportional' };
  }

  const filled = new Map<string, PodMetric>(input.metrics);
  if (groups.missing.length > 0) {
    if (usageRatio < 1.0) {
      for (const name of groups.missing) filled.set(name, { value: input.missingValueOnScaleDown(name), timestamp: 0, window: 0 });
    } else if (usageRatio > 1.0) {
      for (const name of groups.missing) filled.set(name, { value: 0, timestamp: 0, window: 0 });
    }
  }
  if (scaleUpWithUnready) {
    for (const name of groups.unready) filled.set(name, { value: 0, timestamp: 0, window: 0 });
  }

  const recomputed = input.ratioOf(filled);
  if (!recomputed.ok) return recomputed;
  const newRatio = recomputed.usageRatio;
  if (isWithinTolerance(newRatio, tolerances)) {
    return { ok: true, replicas: currentReplicas, reason: 'WithinToleranceAfterFill' };
  }
  if ((usageRatio < 1.0 && newRatio > 1.0) || (usageRatio > 1.0 && newRatio < 1.0)) {
    return { ok: true, replicas: currentReplicas, reason: 'DirectionFlipAfterFill' };
  }
  const newReplicas = Math.ceil(newRatio * filled.size);
  if ((newRatio < 1.0 && newReplicas > currentReplicas) || (newRatio > 1.0 && newReplicas < currentReplicas)) {
    return { ok: true, replicas: currentReplicas, reason: 'DirectionFlipByCount' };
  }
  return { ok: true, replicas: newReplicas, reason: 'ProportionalAfterFill' };
}
