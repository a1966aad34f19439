import { maxTrafficWeight, rolloutReplicas, type CanaryRollout, type CanarySpec, type TrafficWeights } from './canary-spec.js';
import { canaryTarget, targetWeight } from './canary-steps.js';
import type { CanaryStableCounts } from './weighted-split.js';

/**
 * Argo's trafficWeightToReplicas: the pods needed to serve `weight` (out of
 * `maxWeight`, 100 by default) of traffic out of `replicas`, rounded up (so
 * any non-zero weight gets a pod). Exact integer arithmetic; upstream's
 * float64 ceiling agrees for every int32 input, as the quotient of two
 * int32s is never within float error of an integer it is not equal to.
 */
export function trafficWeightToReplicas(replicas: number, weight: number, maxWeight = 100): number {
  const product = weight * replicas;
  const floor = Math.floor(product / maxWeight);
  return product - floor * maxWeight === 0 ? floor : floor + 1;
}

/**
 * Argo's CheckMinPodsPerReplicaSet: raises a non-zero count to
 * minPodsPerReplicaSet, for traffic-routed canaries only; zero stays zero.
 */
export function withMinPodsPerReplicaSet(spec: CanarySpec, count: number): number {
  if (count === 0 || spec.minPodsPerReplicaSet === undefined || !spec.trafficRouting) return count;
  return Math.max(count, spec.minPodsPerReplicaSet);
}

/**
 * Argo's CalculateReplicaCountsForTrafficRoutedCanary: with a traffic router
 * the canary is sized for its weight (rounded up) or an explicit
 * setCanaryScale, and stable stays at spec.replicas. With dynamicStableScale
 * the stable set follows the larger of its desired and its actual traffic
 * weight; after an abort the canary keeps enough pods for the traffic it still
 * receives. `weights` are the router's current weights, if known.
 */
export function trafficRoutedCanaryReplicaCounts(rollout: CanaryRollout, weights?: TrafficWeights): CanaryStableCounts {
  const { spec } = rollout;
  const replicas = rolloutReplicas(spec);
  const maxWeight = maxTrafficWeight(spec);
  const target = canaryTarget(rollout);
  const weight = targetWeight(target);
  let canary = 'replicas' in target ? target.replicas : withMinPodsPerReplicaSet(spec, trafficWeightToReplicas(replicas, weight, maxWeight));

  if (spec.dynamicStableScale !== true) return { canary, stable: replicas };

  let stable = trafficWeightToReplicas(replicas, maxWeight - weight, maxWeight);
  if (weights !== undefined) {
    stable = Math.max(stable, trafficWeightToReplicas(replicas, weights.stable, maxWeight));
    if (rollout.status.abort === true) canary = Math.max(canary, trafficWeightToReplicas(replicas, weights.canary, maxWeight));
  }
  return { canary: withMinPodsPerReplicaSet(spec, canary), stable: withMinPodsPerReplicaSet(spec, stable) };
}
