import { canaryMaxSurge, canaryMaxUnavailable } from './canary-limits.js';
import { maxTrafficWeight, rolloutReplicas, type CanaryRollout } from './canary-spec.js';
import { canaryTarget, targetWeight } from './canary-steps.js';
import { totalReplicas, type ReplicaSetState } from './replica-set.js';
import { approximateCanaryStableSplit, type CanaryStableCounts } from './weighted-split.js';

/**
 * Argo's GetReplicasForScaleDown: how many of a set's replicas count as
 * available when deciding how far to scale down. Pods beyond spec.replicas are
 * already leaving and never count; with `ignoreAvailability` the spec count is
 * used as is, so a crash-looping set can still be scaled down.
 */
export function replicasForScaleDown(rs: ReplicaSetState | undefined, ignoreAvailability: boolean): number {
  if (rs === undefined) return 0;
  if (rs.replicas < rs.availableReplicas) return rs.replicas;
  return ignoreAvailability ? rs.replicas : rs.availableReplicas;
}

/**
 * Argo's CheckStableRSExists: a stable set exists and is not the canary set
 * itself (same name means the rollout is not mid-canary).
 */
export function stableSetIsDistinct(newSet: ReplicaSetState | undefined, stableSet: ReplicaSetState | undefined): boolean {
  if (stableSet === undefined) return false;
  return newSet === undefined || newSet.name !== stableSet.name;
}

/**
 * Argo's CalculateReplicaCountsForBasicCanary: the replica counts to set on
 * the canary and stable ReplicaSets this reconcile, for a canary without a
 * traffic router (pod counts are the traffic split).
 *
 * The target split comes from approximateCanaryStableSplit (or all-canary
 * when there is no distinct stable set). Scale-up spends the room under
 * replicas + maxSurge, stable first. Nothing is scaled down while older
 * ReplicaSets still have replicas. Scale-down spends the room above
 * replicas - maxUnavailable on the set that is shrinking (stable while the
 * weight rises, canary while it falls, as on abort), ignoring that set's own
 * availability, then rebalances so neither bound is broken.
 */
export function basicCanaryReplicaCounts(
  rollout: CanaryRollout,
  newSet: ReplicaSetState | undefined,
  stableSet: ReplicaSetState | undefined,
  otherSets: readonly ReplicaSetState[],
): CanaryStableCounts {
  const replicas = rolloutReplicas(rollout.spec);
  const maxSurge = canaryMaxSurge(rollout.spec);
  const weight = targetWeight(canaryTarget(rollout));
  let { canary: desiredCanary, stable: desiredStable } = approximateCanaryStableSplit(replicas, weight, maxSurge, maxTrafficWeight(rollout.spec));

  const stableDistinct = stableSetIsDistinct(newSet, stableSet);
  let canaryCount = newSet?.replicas ?? 0;
  let stableCount = stableDistinct ? stableSet!.replicas : 0;
  if (!stableDistinct) {
    desiredCanary = replicas;
    desiredStable = 0;
  }

  const maxAllowed = replicas + maxSurge;
  let scaleUp = maxAllowed - totalReplicas([...otherSets, newSet, stableDistinct ? stableSet : undefined]);

  if (stableDistinct && stableSet!.replicas < desiredStable && scaleUp > 0) {
    const grown = Math.min(stableSet!.replicas + scaleUp, desiredStable);
    scaleUp -= grown - stableSet!.replicas;
    stableCount = grown;
  }
  if (newSet !== undefined && newSet.replicas < desiredCanary && scaleUp > 0) {
    canaryCount = Math.min(newSet.replicas + scaleUp, desiredCanary);
  }

  // Older sets drain first; the canary and stable wait for them.
  if (totalReplicas(otherSets) > 0) return { canary: canaryCount, stable: stableCount };

  const minAvailable = replicas - canaryMaxUnavailable(rollout.spec);
  const increasing = newSet === undefined || desiredCanary >= newSet.replicas;
  // Upstream passes the stable set here even when it is the canary set itself.
  const countedAvailable = replicasForScaleDown(newSet, !increasing) + replicasForScaleDown(stableSet, increasing);
  if (countedAvailable <= minAvailable) return { canary: canaryCount, stable: stableCount };
  const scaleDown = countedAvailable - minAvailable;

  if (!increasing) {
    canaryCount = drainTowards(newSet, desiredCanary, scaleDown, canaryCount);
    [canaryCount, stableCount] = keepWithinBounds(newSet, stableSet, canaryCount, stableCount, maxAllowed, minAvailable);
  } else if (stableDistinct) {
    stableCount = drainTowards(stableSet, desiredStable, scaleDown, stableCount);
    [stableCount, canaryCount] = keepWithinBounds(stableSet, newSet, stableCount, canaryCount, maxAllowed, minAvailable);
  }
  return { canary: canaryCount, stable: stableCount };
}

/** Argo's calculateScaleDownReplicaCount: shrink the draining set by up to `scaleDown`, not below `desired`. */
function drainTowards(rs: ReplicaSetState | undefined, desired: number, scaleDown: number, current: number): number {
  if (rs === undefined || rs.replicas <= desired) return current;
  return Math.max(desired, rs.replicas - scaleDown);
}

/**
 * Argo's adjustReplicaWithinLimits: trims the other set to respect maxSurge,
 * gives back whatever of that trim is needed to stay at minAvailable, and
 * finally trims the draining set by any surge that remains.
 */
function keepWithinBounds(
  drainSet: ReplicaSetState | undefined,
  otherSet: ReplicaSetState | undefined,
  drainCount: number,
  otherCount: number,
  maxAllowed: number,
  minAvailable: number,
): [number, number] {
  let overLimit = Math.max(0, otherCount + drainCount - maxAllowed);
  let available = drainSet === undefined ? 0 : Math.min(drainSet.availableReplicas, drainCount);
  if (otherSet === undefined) return [drainCount, otherCount];
  otherCount -= overLimit;
  available += Math.min(otherSet.availableReplicas, otherCount);
  const availabilityLostByTrim = Math.max(0, otherSet.availableReplicas - otherCount);
  const availabilityNeeded = Math.max(0, minAvailable - available);
  otherCount += Math.min(availabilityLostByTrim, availabilityNeeded);
  overLimit = Math.max(0, otherCount + drainCount - maxAllowed);
  return [drainCount - overLimit, otherCount];
}
