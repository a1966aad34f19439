import { basicCanaryReplicaCounts } from './basic-canary.js';
import type { CanaryRollout, TrafficWeights } from './canary-spec.js';
import { totalAvailableReplicas, type ReplicaSetState } from './replica-set.js';
import { trafficRoutedCanaryReplicaCounts } from './traffic-routed-canary.js';

/**
 * Argo's AtDesiredReplicaCountsForCanary: whether a setWeight or
 * setCanaryScale step has reached its replica target. The canary must want
 * and have exactly its desired pods available; the stable set must want and
 * have created its desired pods (skipped under dynamicStableScale); and
 * without a traffic router no older set may still have available pods.
 */
export function atDesiredCanaryReplicaCounts(
  rollout: CanaryRollout,
  newSet: ReplicaSetState | undefined,
  stableSet: ReplicaSetState | undefined,
  otherSets: readonly ReplicaSetState[],
  weights?: TrafficWeights,
): boolean {
  const routed = rollout.spec.trafficRouting;
  const desired = routed ? trafficRoutedCanaryReplicaCounts(rollout, weights) : basicCanaryReplicaCounts(rollout, newSet, stableSet, otherSets);
  if (newSet === undefined || newSet.replicas !== desired.canary || newSet.availableReplicas !== desired.canary) return false;
  if (!routed || rollout.spec.dynamicStableScale !== true) {
    const created = stableSet?.currentReplicas ?? stableSet?.replicas;
    if (stableSet === undefined || stableSet.replicas !== desired.stable || created !== desired.stable) return false;
  }
  if (!routed && totalAvailableReplicas(otherSets) !== 0) return false;
  return true;
}
