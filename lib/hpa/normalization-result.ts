/**
 * What both normalization paths (legacy and `behavior`) return: the final
 * desired count, the reasons for each step, and the updated recommendations.
 */
import type { ScalingLimitedReason, StabilizationReason } from './conditions.js';
import type { TimestampedRecommendation } from './scale-history.js';

/** Result of normalizing a metrics recommendation into a desired replica count. */
export interface NormalizationResult {
  /** Replicas to scale to. */
  readonly desiredReplicas: number;
  /** The recommendation after the stabilization window, before rate limits and min/max. */
  readonly stabilizedRecommendation: number;
  /** AbleToScale reason: did the window change the recommendation? */
  readonly stabilization: StabilizationReason;
  /** ScalingLimited reason: which bound, if any, shaped the result. */
  readonly limit: ScalingLimitedReason;
  /** ScalingLimited status: true when the bound changed the stabilized recommendation. */
  readonly limited: boolean;
  /** Recommendation history to keep for the next sync. */
  readonly recommendations: readonly TimestampedRecommendation[];
}

/** A bounded value and the reason of the bound that applied. */
export interface LimitedReplicas {
  /** Replicas after the bound. */
  readonly replicas: number;
  /** Which bound applied, or `DesiredWithinRange`. */
  readonly reason: ScalingLimitedReason;
}
