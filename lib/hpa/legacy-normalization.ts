/**
 * Normalization for HPAs without `spec.behavior`: a downscale stabilization
 * window (max over recent recommendations), a scale-up cap of
 * max(factor x current, minimum), and min/max clamping.
 */
import type { Micros } from '../time.js';
import type { TimestampedRecommendation } from './scale-history.js';
import type { LimitedReplicas, NormalizationResult } from './normalization-result.js';

/** Legacy scale-up cap: truncated max(factor x current, minimum) (2x and 4 in production). */
export function legacyScaleUpLimit(currentReplicas: number, factor: number, minimum: number): number {
  return Math.trunc(Math.max(factor * currentReplicas, minimum));
}

/**
 * Upstream `stabilizeRecommendation`: the highest recommendation no older than
 * `window` (including the new one). The new recommendation overwrites the last
 * sample older than the window, or is appended.
 */
export function stabilizeLegacy(
  recommendations: readonly TimestampedRecommendation[],
  prenormalized: number,
  window: Micros,
  now: Micros,
): { readonly stabilized: number; readonly recommendations: readonly TimestampedRecommendation[] } {
  const cutoff = now - window;
  let max = prenormalized;
  let oldIndex = -1;
  recommendations.forEach((r, i) => {
    if (r.timestamp < cutoff) oldIndex = i;
    else if (r.recommendation > max) max = r.recommendation;
  });
  const fresh: TimestampedRecommendation = { recommendation: prenormalized, timestamp: now };
  const next = oldIndex >= 0 ? recommendations.map((r, i) => (i === oldIndex ? fresh : r)) : [...recommendations, fresh];
  return { stabilized: max, recommendations: next };
}

/**
 * Upstream `convertDesiredReplicasWithRules`: clamp to [min, min(max, cap)].
 * The reason names the tighter of the cap and maxReplicas even when the value
 * is below both, because upstream picks it before comparing.
 */
export function clampLegacy(
  currentReplicas: number,
  desiredReplicas: number,
  minReplicas: number,
  maxReplicas: number,
  factor: number,
  minimum: number,
): LimitedReplicas {
  const cap = legacyScaleUpLimit(currentReplicas, factor, minimum);
  const capIsTighter = maxReplicas > cap;
  const maximumAllowed = capIsTighter ? cap : maxReplicas;
  if (desiredReplicas < minReplicas) return { replicas: minReplicas, reason: 'TooFewReplicas' };
  if (desiredReplicas > maximumAllowed) {
    return { replicas: maximumAllowed, reason: capIsTighter ? 'ScaleUpLimit' : 'TooManyReplicas' };
  }
  return { replicas: desiredReplicas, reason: 'DesiredWithinRange' };
}

/** Inputs of legacy normalization. */
export interface LegacyNormalizationInput {
  /** The scale target's `spec.replicas`. */
  readonly currentReplicas: number;
  /** Max over metrics of the proposed replicas. */
  readonly prenormalizedDesiredReplicas: number;
  /** `spec.minReplicas` (defaulted to 1 by the caller). */
  readonly minReplicas: number;
  /** `spec.maxReplicas`. */
  readonly maxReplicas: number;
  /** Recommendation history (already seeded on first sync). */
  readonly recommendations: readonly TimestampedRecommendation[];
  /** Downscale stabilization window. */
  readonly downscaleStabilizationWindow: Micros;
  /** Legacy cap factor. */
  readonly scaleUpLimitFactor: number;
  /** Legacy cap floor. */
  readonly scaleUpLimitMinimum: number;
  /** Current instant. */
  readonly now: Micros;
}

/** Upstream `normalizeDesiredReplicas`: stabilize, then clamp. */
export function normalizeLegacy(input: LegacyNormalizationInput): NormalizationResult {
  const s = stabilizeLegacy(input.recommendations, input.prenormalizedDesiredReplicas, input.downscaleStabilizationWindow, input.now);
  const clamped = clampLegacy(input.currentReplicas, s.stabilized, input.minReplicas, input.maxReplicas, input.scaleUpLimitFactor, input.scaleUpLimitMinimum);
  return {
    desiredReplicas: clamped.replicas,
    stabilizedRecommendation: s.stabilized,
    stabilization: s.stabilized !== input.prenormalizedDesiredReplicas ? 'ScaleDownStabilized' : 'ReadyForNewScale',
    limit: clamped.reason,
    limited: clamped.replicas !== s.stabilized,
    recommendations: s.recommendations,
  };
}
