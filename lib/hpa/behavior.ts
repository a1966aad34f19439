/**
 * The `spec.behavior` API of autoscaling/v2: per-direction scaling rules.
 */

/** Kind of rate-limiting policy: an absolute pod count or a percentage of the pods at period start. */
export type ScalingPolicyType = 'Pods' | 'Percent';

/** How several policies of one direction combine: the largest change, the smallest, or no scaling at all. */
export type SelectPolicy = 'Max' | 'Min' | 'Disabled';

/** One rate limit: at most `value` pods (or percent) of change per `periodSeconds`. */
export interface ScalingPolicy {
  /** Pods or Percent. */
  readonly type: ScalingPolicyType;
  /** Amount of change allowed per period (> 0). */
  readonly value: number;
  /** Length of the sliding period, seconds, in (0, 1800]. */
  readonly periodSeconds: number;
}

/** Scaling rules for one direction as a user writes them; unset fields take defaults. */
export interface ScalingRules {
  /** Seconds of recommendation history to consider, in [0, 3600]. */
  readonly stabilizationWindowSeconds?: number;
  /** How to combine policies. */
  readonly selectPolicy?: SelectPolicy;
  /** Rate limits; when set, must hold at least one policy. */
  readonly policies?: readonly ScalingPolicy[];
  /** Per-direction tolerance on the usage ratio (>= 0), HPAConfigurableTolerance. */
  readonly tolerance?: number;
}

/** `spec.behavior`: optional rules for each direction. */
export interface HpaBehavior {
  /** Rules for increasing replicas. */
  readonly scaleUp?: ScalingRules;
  /** Rules for decreasing replicas. */
  readonly scaleDown?: ScalingRules;
}

/** Scaling rules with every field decided, as the controller uses them. */
export interface ResolvedScalingRules {
  /** Stabilization window, seconds. */
  readonly stabilizationWindowSeconds: number;
  /** How to combine policies. */
  readonly selectPolicy: SelectPolicy;
  /** Rate limits. */
  readonly policies: readonly ScalingPolicy[];
  /** Per-direction tolerance, if the user set one. */
  readonly tolerance?: number;
}

/** A behavior with both directions resolved. */
export interface ResolvedBehavior {
  /** Rules for increasing replicas. */
  readonly scaleUp: ResolvedScalingRules;
  /** Rules for decreasing replicas. */
  readonly scaleDown: ResolvedScalingRules;
}
