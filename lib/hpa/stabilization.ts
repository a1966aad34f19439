/**
 * Stabilization windows of the `behavior` path (upstream
 * `stabilizeRecommendationWithBehaviors`).
 */
import { SECOND, type Micros } from '../time.js';
import type { StabilizationReason } from './conditions.js';
import type { TimestampedRecommendation } from './scale-history.js';

/** Inputs of one stabilization step. */
export interface StabilizationInput {
  /** The scale target's `spec.replicas`. */
  readonly currentReplicas: number;
  /** Recommendation of this sync, before stabilization. */
  readonly desiredReplicas: number;
  /** Scale-up window, seconds: scaling up goes no higher than the lowest recommendation in it. */
  readonly scaleUpWindowSeconds: number;
  /** Scale-down window, seconds: scaling down goes no lower than the highest recommendation in it. */
  readonly scaleDownWindowSeconds: number;
  /** Recommendation history. */
  readonly recommendations: readonly TimestampedRecommendation[];
  /** Current instant. */
  readonly now: Micros;
}

/** Stabilized recommendation, its reason, and the history to keep. */
export interface StabilizationOutcome {
  /** Recommendation after both windows. */
  readonly recommendation: number;
  /** `ReadyForNewScale` when the windows left the recommendation unchanged. */
  readonly reason: StabilizationReason;
  /** History with this sync's (unstabilized) recommendation recorded. */
  readonly recommendations: readonly TimestampedRecommendation[];
}

/**
 * Both windows at once: the upper bound is the max of recommendations strictly
 * newer than the scale-down cutoff, the lower bound the min of those strictly
 * newer than the scale-up cutoff (both include this sync's recommendation), and
 * the current count is moved just into [lower, upper]. So the result never moves
 * against the direction of any recent recommendation. The new recommendation
 * overwrites the last sample older than both windows, or is appended.
 */
export function stabilizeWithBehavior(input: StabilizationInput): StabilizationOutcome {
  const { now, desiredReplicas } = input;
  const upCutoff = now - input.scaleUpWindowSeconds * SECOND;
  const downCutoff = now - input.scaleDownWindowSeconds * SECOND;
  let upRecommendation = desiredReplicas;
  let downRecommendation = desiredReplicas;
  let oldIndex = -1;
  input.recommendations.forEach((r, i) => {
    if (r.timestamp > upCutoff) upRecommendation = Math.min(r.recommendation, upRecommendation);
    if (r.timestamp > downCutoff) downRecommendation = Math.max(r.recommendation, downRecommendation);
    if (r.timestamp < upCutoff && r.timestamp < downCutoff) oldIndex = i;
  });
  let recommendation = input.currentReplicas;
  if (recommendation < upRecommendation) recommendation = upRecommendation;
  if (recommendation > downRecommendation) recommendation = downRecommendation;

  const fresh: TimestampedRecommendation = { recommendation: desiredReplicas, timestamp: now };
  const next = oldIndex >= 0 ? input.recommendations.map((r, i) => (i === oldIndex ? fresh : r)) : [...input.recommendations, fresh];

  let reason: StabilizationReason = 'ReadyForNewScale';
  if (recommendation !== desiredReplicas) {
    reason = desiredReplicas >= input.currentReplicas ? 'ScaleUpStabilized' : 'ScaleDownStabilized';
  }
  return { recommendation, reason, recommendations: next };
}
