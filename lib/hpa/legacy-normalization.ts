/**
 * Normalization for HPAs without `spec.behavior`: a downscale stabilization
 * window (max over recent recommendations), a scale-up cap of
 * max(factor x current, minimum), and min/max clamping.
 */
import type { Micros } from '../time.js';
import type { TimestampedRecommendation } from './scale-history.js';
import type { LimitedReplicas, NormalizationResult } from './normalization-result.js';
import { checkArray, checkDuration, checkInstant, checkNonNegative, checkObject, checkReplicas } from './argument-checks.js';

/** The legacy scale-up cap's two controller settings (fields of `HpaControllerConfig`). */
export interface LegacyScaleUpCap {
  /** Cap factor: at most factor x current replicas (2 in production). */
  readonly scaleUpLimitFactor: number;
  /** Cap floor: at least this many replicas are always allowed (4 in production). */
  readonly scaleUpLimitMinimum: number;
}

/** Inputs of `legacyScaleUpLimit` (upstream `calculateScaleUpLimit`). */
export interface LegacyScaleUpLimitInput extends LegacyScaleUpCap {
  /** The scale target's `spec.replicas`. */
  readonly currentReplicas: number;
}

function checkCap(fn: string, input: LegacyScaleUpCap): void {
  checkNonNegative(fn, 'scaleUpLimitFactor', input.scaleUpLimitFactor);
  checkNonNegative(fn, 'scaleUpLimitMinimum', input.scaleUpLimitMinimum);
}

/** Legacy scale-up cap: truncated max(scaleUpLimitFactor x current, scaleUpLimitMinimum) (2x and 4 in production). */
export function legacyScaleUpLimit(input: LegacyScaleUpLimitInput): number {
  checkObject('legacyScaleUpLimit', 'input', input, 'currentReplicas, scaleUpLimitFactor, scaleUpLimitMinimum');
  checkReplicas('legacyScaleUpLimit', 'currentReplicas', input.currentReplicas);
  checkCap('legacyScaleUpLimit', input);
  return Math.trunc(Math.max(input.scaleUpLimitFactor * input.currentReplicas, input.scaleUpLimitMinimum));
}

/** Inputs of `stabilizeLegacy` (upstream `stabilizeRecommendation`). */
export interface LegacyStabilizationInput {
  /** Recommendation history. */
  readonly recommendations: readonly TimestampedRecommendation[];
  /** This sync's recommendation: max over metrics. */
  readonly prenormalizedDesiredReplicas: number;
  /** `--horizontal-pod-autoscaler-downscale-stabilization`, microseconds. */
  readonly downscaleStabilizationWindow: Micros;
  /** Current instant. */
  readonly now: Micros;
}

/**
 * Upstream `stabilizeRecommendation`: the highest recommendation no older than
 * `downscaleStabilizationWindow` (including the new one). The new
 * recommendation overwrites the last sample older than the window, or is appended.
 */
export function stabilizeLegacy(input: LegacyStabilizationInput): {
  readonly stabilized: number;
  readonly recommendations: readonly TimestampedRecommendation[];
} {
  const fn = 'stabilizeLegacy';
  checkObject(fn, 'input', input, 'recommendations, prenormalizedDesiredReplicas, downscaleStabilizationWindow, now');
  const { recommendations, prenormalizedDesiredReplicas: prenormalized, now } = input;
  checkArray(fn, 'recommendations', recommendations);
  checkReplicas(fn, 'prenormalizedDesiredReplicas', prenormalized);
  checkDuration(fn, 'downscaleStabilizationWindow', input.downscaleStabilizationWindow);
  checkInstant(fn, 'now', now);
  const cutoff = now - input.downscaleStabilizationWindow;
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

/** Inputs of `clampLegacy` (upstream `convertDesiredReplicasWithRules`). */
export interface LegacyClampInput extends LegacyScaleUpCap {
  /** The scale target's `spec.replicas`. */
  readonly currentReplicas: number;
  /** The stabilized recommendation. */
  readonly desiredReplicas: number;
  /** `spec.minReplicas` (defaulted to 1 by the caller). */
  readonly minReplicas: number;
  /** `spec.maxReplicas`. */
  readonly maxReplicas: number;
}

/**
 * Upstream `convertDesiredReplicasWithRules`: clamp to [min, min(max, cap)].
 * The reason names the tighter of the cap and maxReplicas even when the value
 * is below both, because upstream picks it before comparing.
 */
export function clampLegacy(input: LegacyClampInput): LimitedReplicas {
  const fn = 'clampLegacy';
  checkObject(fn, 'input', input, 'currentReplicas, desiredReplicas, minReplicas, maxReplicas, scaleUpLimitFactor, scaleUpLimitMinimum');
  const { currentReplicas, desiredReplicas, minReplicas, maxReplicas } = input;
  checkReplicas(fn, 'currentReplicas', currentReplicas);
  checkReplicas(fn, 'desiredReplicas', desiredReplicas);
  checkReplicas(fn, 'minReplicas', minReplicas);
  checkReplicas(fn, 'maxReplicas', maxReplicas);
  checkCap(fn, input);
  const cap = legacyScaleUpLimit(input);
  const capIsTighter = maxReplicas > cap;
  const maximumAllowed = capIsTighter ? cap : maxReplicas;
  if (desiredReplicas < minReplicas) return { replicas: minReplicas, reason: 'TooFewReplicas' };
  if (desiredReplicas > maximumAllowed) {
    return { replicas: maximumAllowed, reason: capIsTighter ? 'ScaleUpLimit' : 'TooManyReplicas' };
  }
  return { replicas: desiredReplicas, reason: 'DesiredWithinRange' };
}

/** Inputs of legacy normalization (upstream `normalizeDesiredReplicas`). */
export interface LegacyNormalizationInput extends LegacyScaleUpCap {
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
  /** Downscale stabilization window, microseconds. */
  readonly downscaleStabilizationWindow: Micros;
  /** Current instant. */
  readonly now: Micros;
}

/** Upstream `normalizeDesiredReplicas`: stabilize, then clamp. */
export function normalizeLegacy(input: LegacyNormalizationInput): NormalizationResult {
  const fn = 'normalizeLegacy';
  checkObject(
    fn,
    'input',
    input,
    'currentReplicas, prenormalizedDesiredReplicas, minReplicas, maxReplicas, recommendations, downscaleStabilizationWindow, scaleUpLimitFactor, scaleUpLimitMinimum, now',
  );
  checkReplicas(fn, 'currentReplicas', input.currentReplicas);
  checkReplicas(fn, 'prenormalizedDesiredReplicas', input.prenormalizedDesiredReplicas);
  checkReplicas(fn, 'minReplicas', input.minReplicas);
  checkReplicas(fn, 'maxReplicas', input.maxReplicas);
  checkArray(fn, 'recommendations', input.recommendations);
  checkDuration(fn, 'downscaleStabilizationWindow', input.downscaleStabilizationWindow);
  checkCap(fn, input);
  checkInstant(fn, 'now', input.now);
  const s = stabilizeLegacy(input);
  const clamped = clampLegacy({
    currentReplicas: input.currentReplicas,
    desiredReplicas: s.stabilized,
    minReplicas: input.minReplicas,
    maxReplicas: input.maxReplicas,
    scaleUpLimitFactor: input.scaleUpLimitFactor,
    scaleUpLimitMinimum: input.scaleUpLimitMinimum,
  });
  return {
    desiredReplicas: clamped.replicas,
    stabilizedRecommendation: s.stabilized,
    stabilization: s.stabilized !== input.prenormalizedDesiredReplicas ? 'ScaleDownStabilized' : 'ReadyForNewScale',
    limit: clamped.reason,
    limited: clamped.replicas !== s.stabilized,
    recommendations: s.recommendations,
  };
}
