import type { DeploymentSpec } from './deployment-spec.js';
import { scaleIntOrPercent } from './int-or-percent.js';
import { totalReplicas, type ReplicaSetState } from './replica-set.js';
import { scaleAction, type ScaleAction } from './scale-action.js';

/**
 * Kubernetes' NewRSNewReplicas: the replica count the new ReplicaSet may have
 * now. For RollingUpdate it grows by whatever room is left under
 * replicas + maxSurge (counting spec.replicas of every set in `allSets`), but
 * never past the desired replicas; with no room it stays where it is.
 * Recreate jumps straight to the desired replicas.
 */
export function newReplicaSetReplicas(deployment: DeploymentSpec, allSets: readonly ReplicaSetState[], newSet: ReplicaSetState): number {
  if (deployment.strategy === 'Recreate') return deployment.replicas;
  const maxSurge = scaleIntOrPercent(deployment.maxSurge ?? 0, deployment.replicas, 'up', 'maxSurge');
  const maxTotal = deployment.replicas + maxSurge;
  const current = totalReplicas(allSets);
  if (current >= maxTotal) return newSet.replicas;
  const room = Math.min(maxTotal - current, deployment.replicas - newSet.replicas);
  return newSet.replicas + room;
}

/**
 * The scale-up half of one rolling-update reconcile (reconcileNewReplicaSet):
 * a new ReplicaSet above the desired count is cut back to it; one below grows
 * to newReplicaSetReplicas. Returns undefined when no change is needed.
 */
export function reconcileNewReplicaSet(deployment: DeploymentSpec, allSets: readonly ReplicaSetState[], newSet: ReplicaSetState): ScaleAction | undefined {
  if (newSet.replicas === deployment.replicas) return undefined;
  const target = newSet.replicas > deployment.replicas ? deployment.replicas : newReplicaSetReplicas(deployment, allSets, newSet);
  return target === newSet.replicas ? undefined : scaleAction(newSet.name, newSet.replicas, target);
}
