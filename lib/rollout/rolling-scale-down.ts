import { deploymentMaxUnavailable } from './deployment-limits.js';
import type { DeploymentSpec } from './deployment-spec.js';
import { StaleReplicaSetError } from './errors.js';
import { oldestFirst, totalAvailableReplicas, totalReplicas, type ReplicaSetState } from './replica-set.js';
import { scaleAction, type ScaleAction } from './scale-action.js';

/** What one scale-down pass decided. */
export interface ScaleDownResult {
  /** Updates to apply, in order; one ReplicaSet may appear twice (cleanup, then scale-down). */
  readonly actions: readonly ScaleAction[];
  /** Total replicas removed by `actions`. */
  readonly scaledDown: number;
  /** The old sets as they will be once `actions` apply (availability unchanged), oldest first. */
  readonly oldSets: readonly ReplicaSetState[];
}

/**
 * Kubernetes' cleanupUnhealthyReplicas: walking old sets oldest first, removes
 * their unavailable replicas (spec minus available), at most `maxCleanup` in
 * total. Removing pods that serve nothing cannot lower availability, so this
 * runs before any healthy pod is touched. Throws StaleReplicaSetError if a
 * set reports more available pods than it wants, which upstream refuses too.
 */
export function cleanupUnhealthyReplicas(oldSets: readonly ReplicaSetState[], maxCleanup: number): ScaleDownResult {
  const sets = [...oldSets].sort(oldestFirst);
  const actions: ScaleAction[] = [];
  let removed = 0;
  for (let i = 0; i < sets.length; i++) {
    if (removed >= maxCleanup) break;
    const rs = sets[i]!;
    if (rs.replicas === 0 || rs.replicas === rs.availableReplicas) continue;
    const count = Math.min(maxCleanup - removed, rs.replicas - rs.availableReplicas);
    const target = rs.replicas - count;
    if (target > rs.replicas) {
      throw new StaleReplicaSetError(rs.name, rs.replicas, rs.availableReplicas);
    }
    actions.push(scaleAction(rs.name, rs.replicas, target));
    sets[i] = { ...rs, replicas: target };
    removed += count;
  }
  return { actions, scaledDown: removed, oldSets: sets };
}

/**
 * Kubernetes' scaleDownOldReplicaSetsForRollingUpdate: removes healthy old
 * replicas, oldest set first, while the available pods across `allSets` stay
 * at or above minAvailable (replicas - maxUnavailable).
 */
export function scaleDownOldReplicaSets(deployment: DeploymentSpec, allSets: readonly ReplicaSetState[], oldSets: readonly ReplicaSetState[]): ScaleDownResult {
  const minAvailable = deployment.replicas - deploymentMaxUnavailable(deployment);
  const available = totalAvailableReplicas(allSets);
  const sets = [...oldSets].sort(oldestFirst);
  if (available <= minAvailable) return { actions: [], scaledDown: 0, oldSets: sets };
  const budget = available - minAvailable;
  const actions: ScaleAction[] = [];
  let removed = 0;
  for (let i = 0; i < sets.length; i++) {
    if (removed >= budget) break;
    const rs = sets[i]!;
    if (rs.replicas === 0) continue;
    const count = Math.min(rs.replicas, budget - removed);
    actions.push(scaleAction(rs.name, rs.replicas, rs.replicas - count));
    sets[i] = { ...rs, replicas: rs.replicas - count };
    removed += count;
  }
  return { actions, scaledDown: removed, oldSets: sets };
}

/**
 * The scale-down half of one rolling-update reconcile (reconcileOldReplicaSets).
 * The room to scale down is allPods - minAvailable - (new set's unavailable
 * pods), so a crash-looping new set never lets the old pods drain away. Within
 * that room, unhealthy old replicas go first, then healthy ones as
 * availability allows.
 */
export function reconcileOldReplicaSets(
  deployment: DeploymentSpec,
  allSets: readonly ReplicaSetState[],
  oldSets: readonly ReplicaSetState[],
  newSet: ReplicaSetState,
): ScaleDownResult {
  const untouched: ScaleDownResult = { actions: [], scaledDown: 0, oldSets: [...oldSets].sort(oldestFirst) };
  if (totalReplicas(oldSets) === 0) return untouched;
  const minAvailable = deployment.replicas - deploymentMaxUnavailable(deployment);
  const newUnavailable = newSet.replicas - newSet.availableReplicas;
  const room = totalReplicas(allSets) - minAvailable - newUnavailable;
  if (room <= 0) return untouched;
  const cleanup = cleanupUnhealthyReplicas(oldSets, room);
  const scaleDown = scaleDownOldReplicaSets(deployment, [...cleanup.oldSets, newSet], cleanup.oldSets);
  return {
    actions: [...cleanup.actions, ...scaleDown.actions],
    scaledDown: cleanup.scaledDown + scaleDown.scaledDown,
    oldSets: scaleDown.oldSets,
  };
}
