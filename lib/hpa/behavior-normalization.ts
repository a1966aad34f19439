/**
 * Normalization for HPAs with `spec.behavior` (upstream
 * `normalizeDesiredReplicasWithBehaviors`): stabilization windows first, then
 * rate limits and min/max.
 */
import type { Micros } from '../time.js';
import type { ResolvedBehavior } from './behavior.js';
import type { HpaHistory } from './scale-history.js';
import type { NormalizationResult } from './normalization-result.js';
import { stabilizeWithBehavior } from './stabilization.js';
import { applyRateLimits } from './rate-limits.js';
import { checkInstant, checkObject, checkReplicas } from './argument-checks.js';

/** Inputs of behavior normalization. */
export interface BehaviorNormalizationInput {
  /** The scale target's `spec.replicas`. */
  readonly currentReplicas: number;
  /** Max over metrics of the proposed replicas. */
  readonly prenormalizedDesiredReplicas: number;
  /** `spec.minReplicas` (defaulted to 1 by the caller). */
  readonly minReplicas: number;
  /** `spec.maxReplicas`. */
  readonly maxReplicas: number;
  /** Fully resolved behavior (see `resolveBehavior`). */
  readonly behavior: ResolvedBehavior;
  /** History; its recommendations must already be seeded (never undefined here). */
  readonly history: HpaHistory;
  /** Current instant. */
  readonly now: Micros;
}

/** Stabilizes, rate-limits and clamps; returns the decision and the recommendations to keep. */
export function normalizeWithBehavior(input: BehaviorNormalizationInput): NormalizationResult {
  const fn = 'normalizeWithBehavior';
  checkObject(fn, 'input', input, 'currentReplicas, prenormalizedDesiredReplicas, minReplicas, maxReplicas, behavior, history, now');
  const { behavior, history, now } = input;
  checkReplicas(fn, 'currentReplicas', input.currentReplicas);
  checkReplicas(fn, 'prenormalizedDesiredReplicas', input.prenormalizedDesiredReplicas);
  checkReplicas(fn, 'minReplicas', input.minReplicas);
  checkReplicas(fn, 'maxReplicas', input.maxReplicas);
  checkObject(fn, 'behavior', behavior, 'scaleUp, scaleDown (see resolveBehavior)');
  checkObject(fn, 'behavior.scaleUp', behavior.scaleUp, 'stabilizationWindowSeconds, selectPolicy, policies');
  checkObject(fn, 'behavior.scaleDown', behavior.scaleDown, 'stabilizationWindowSeconds, selectPolicy, policies');
  checkObject(fn, 'history', history, 'recommendations, scaleUpEvents, scaleDownEvents');
  checkInstant(fn, 'now', now);
  const stabilized = stabilizeWithBehavior({
    currentReplicas: input.currentReplicas,
    desiredReplicas: input.prenormalizedDesiredReplicas,
    scaleUpBehavior: behavior.scaleUp,
    scaleDownBehavior: behavior.scaleDown,
    recommendations: history.recommendations ?? [],
    now,
  });
  const limited = applyRateLimits({
    currentReplicas: input.currentReplicas,
    desiredReplicas: stabilized.recommendation,
    minReplicas: input.minReplicas,
    maxReplicas: input.maxReplicas,
    scaleUpBehavior: behavior.scaleUp,
    scaleDownBehavior: behavior.scaleDown,
    scaleUpEvents: history.scaleUpEvents,
    scaleDownEvents: history.scaleDownEvents,
    now,
  });
  return {
    desiredReplicas: limited.replicas,
    stabilizedRecommendation: stabilized.recommendation,
    stabilization: stabilized.reason,
    limit: limited.reason,
    limited: limited.replicas !== stabilized.recommendation,
    recommendations: stabilized.recommendations,
  };
}
