/**
 * Stabilization windows of the `behavior` path (upstream
 * `stabilizeRecommendationWithBehaviors`).
 */
import { SECOND, type Micros } from '../time.js';
import type { StabilizationReason } from './conditions.js';
import type { TimestampedRecommendation } from './scale-history.js';
import type { ResolvedScalingRules } from './behavior.js';
import { checkArray, checkInstant, checkInteger, checkObject, checkReplicas } from './argument-checks.js';

/** The part of one direction's resolved rules that stabilization reads. */
export type StabilizationWindow = Pick<ResolvedScalingRules, 'stabilizationWindowSeconds'>;

/** Inputs of one stabilization step (upstream `NormalizationArg`'s fields that it reads). */
export interface StabilizationInput {
  /** The scale target's `spec.replicas`. */
  readonly currentReplicas: number;
  /** Recommendation of this sync, before stabilization. */
  readonly desiredReplicas: number;
  /** Scale-up rules: scaling up goes no higher than the lowest recommendation in their window. */
  readonly scaleUpBehavior: StabilizationWindow;
  /** Scale-down rules: scaling down goes no lower than the highest recommendation in their window. */
  readonly scaleDownBehavior: StabilizationWindow;
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
  const fn = 'stabilizeWithBehavior';
  checkObject(fn, 'input', input, 'currentReplicas, desiredReplicas, scaleUpBehavior, scaleDownBehavior, recommendations, now');
  const { now, desiredReplicas, scaleUpBehavior, scaleDownBehavior } = input;
  checkReplicas(fn, 'currentReplicas', input.currentReplicas);
  checkReplicas(fn, 'desiredReplicas', desiredReplicas);
  checkObject(fn, 'scaleUpBehavior', scaleUpBehavior, 'stabilizationWindowSeconds');
  checkInteger(fn, 'scaleUpBehavior.stabilizationWindowSeconds', scaleUpBehavior.stabilizationWindowSeconds, 0, Number.MAX_SAFE_INTEGER);
  checkObject(fn, 'scaleDownBehavior', scaleDownBehavior, 'stabilizationWindowSeconds');
  checkInteger(fn, 'scaleDownBehavior.stabilizationWindowSeconds', scaleDownBehavior.stabilizationWindowSeconds, 0, Number.MAX_SAFE_INTEGER);
  checkArray(fn, 'recommendations', input.recommendations);
  checkInstant(fn, 'now', now);
  const upCutoff = now - scaleUpBehavior.stabilizationWindowSeconds * SECOND;
  const downCutoff = now - scaleDownBehavior.stabilizationWindowSeconds * SECOND;
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
