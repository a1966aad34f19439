/**
 * The canary's traffic weight, after Argo Rollouts' reconcileTrafficRouting
 * (rollout/trafficrouting.go), without experiment steps and header or mirror
 * routes, which ctrlsim does not model.
 */

import { maxTrafficWeight, rolloutReplicas, type CanaryRollout, type TrafficWeights } from '../../lib/rollout/canary-spec.js';
import { currentCanaryStep, currentSetWeight } from '../../lib/rollout/canary-steps.js';

/** What the weight decision reads besides the rollout. */
export interface CanaryTrafficInput {
  /** The rollout's spec and status. */
  readonly rollout: CanaryRollout;
  /** status.availableReplicas of the canary set (0 when there is none). */
  readonly canaryAvailable: number;
  /** status.availableReplicas of the stable set. */
  readonly stableAvailable: number;
  /** Whether the current step's replica targets are met (atDesiredCanaryReplicaCounts). */
  readonly atDesiredReplicaCounts: boolean;
  /** status.canary.weights: the weights last set, if any. */
  readonly currentWeights?: TrafficWeights;
}

/**
 * The traffic the canary should receive now, out of the rollout's
 * maxTrafficWeight (percent by default). Fully promoted
 * (stable is the current template) or aborted: 0, except that an aborted
 * rollout with dynamicStableScale only gives back what the stable set can
 * carry and never raises the weight. No available canary pod: 0. A full
 * promotion: what the canary's available pods carry under
 * dynamicStableScale, else the weight already set. Otherwise, while the
 * current step's replicas are not in place, the weight of the last setWeight
 * step before it (0 if none), so traffic never outruns pods; once they are,
 * the current setWeight, and the maximum weight after the last step. Without steps, 0.
 */
export function desiredCanaryWeight(input: CanaryTrafficInput): number {
  const { rollout } = input;
  const { spec, status } = rollout;
  const replicas = rolloutReplicas(spec);
  const max = maxTrafficWeight(spec);
  if (status.stableHash === status.currentHash) return 0;
  if (status.abort === true) {
    if (spec.dynamicStableScale !== true || replicas === 0) return 0;
    const weight = max - Math.trunc((max * input.stableAvailable) / replicas);
    return input.currentWeights === undefined ? weight : Math.min(weight, input.currentWeights.canary);
  }
  if (input.canaryAvailable === 0) return 0;
  if (status.promoteFull === true) {
    if (spec.dynamicStableScale === true && replicas > 0) return Math.trunc((max * input.canaryAvailable) / replicas);
    return input.currentWeights?.canary ?? 0;
  }
  const { index } = currentCanaryStep(rollout);
  if (index === undefined) return 0;
  if (!input.atDesiredReplicaCounts) {
    for (let i = index - 1; i >= 0; i--) {
      const step = spec.steps[i]!;
      if (step.kind === 'setWeight') return step.weight;
    }
    return 0;
  }
  return index !== spec.steps.length ? currentSetWeight(rollout) : max;
}
