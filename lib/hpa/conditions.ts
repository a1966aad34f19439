/**
 * HPA status conditions and the reason strings the decision functions return,
 * named exactly as upstream so simulator logs read like `kubectl describe hpa`.
 */
import { checkArray, checkObject } from './argument-checks.js';

/** Reasons of the AbleToScale condition. */
export type AbleToScaleReason = 'SucceededGetScale' | 'ReadyForNewScale' | 'ScaleUpStabilized' | 'ScaleDownStabilized' | 'SucceededRescale';

/** Reasons of the ScalingActive condition. */
export type ScalingActiveReason =
  | 'ValidMetricFound'
  | 'ScalingDisabled'
  | 'InvalidMetricSourceType'
  | 'FailedGetResourceMetric'
  | 'FailedGetContainerResourceMetric'
  | 'FailedGetPodsMetric'
  | 'FailedGetObjectMetric'
  | 'FailedGetExternalMetric';

/** Reasons of the ScalingLimited condition, i.e. which bound shaped the result. */
export type ScalingLimitedReason = 'DesiredWithinRange' | 'ScaleUpLimit' | 'ScaleDownLimit' | 'TooManyReplicas' | 'TooFewReplicas';

/** Reason of a stabilization step: the window changed the recommendation, or it did not. */
export type StabilizationReason = 'ScaleUpStabilized' | 'ScaleDownStabilized' | 'ReadyForNewScale';

/** Condition types of an HPA status. */
export type HpaConditionType = 'AbleToScale' | 'ScalingActive' | 'ScalingLimited';

/** One status condition. */
export interface HpaCondition {
  /** Which condition. */
  readonly type: HpaConditionType;
  /** Whether it holds. */
  readonly status: boolean;
  /** Machine-readable reason, as upstream. */
  readonly reason: AbleToScaleReason | ScalingActiveReason | ScalingLimitedReason;
  /** Human-readable message, as upstream. */
  readonly message: string;
}

/** Upstream messages for the normalization reasons. */
export const REASON_MESSAGES: Readonly<Record<StabilizationReason | ScalingLimitedReason, string>> = {
  ScaleUpStabilized: 'recent recommendations were lower than current one, applying the lowest recent recommendation',
  ScaleDownStabilized: 'recent recommendations were higher than current one, applying the highest recent recommendation',
  ReadyForNewScale: 'recommended size matches current size',
  DesiredWithinRange: 'the desired count is within the acceptable range',
  ScaleUpLimit: 'the desired replica count is increasing faster than the maximum scale rate',
  ScaleDownLimit: 'the desired replica count is decreasing faster than the maximum scale rate',
  TooManyReplicas: 'the desired replica count is more than the maximum replica count',
  TooFewReplicas: 'the desired replica count is less than the minimum replica count',
};

/**
 * Sets `cond` in `list`, replacing any condition of the same type in place and
 * otherwise appending (upstream `setConditionInList`). Returns a new list.
 */
export function setCondition(list: readonly HpaCondition[], cond: HpaCondition): readonly HpaCondition[] {
  checkArray('setCondition', 'list', list);
  checkObject('setCondition', 'cond', cond, 'type, status, reason, message');
  const i = list.findIndex((c) => c.type === cond.type);
  if (i < 0) return [...list, cond];
  return list.map((c, j) => (j === i ? cond : c));
}
