/**
 * Defaulting of `spec.behavior` (upstream `GenerateHPAScaleUpRules`,
 * `GenerateHPAScaleDownRules` and the controller's scale-down window fill-in).
 */
import { SECOND, type Micros } from '../time.js';
import type { HpaBehavior, ResolvedBehavior, ResolvedScalingRules, ScalingRules, SelectPolicy, ScalingPolicy } from './behavior.js';
import { checkDuration, checkObject } from './argument-checks.js';

/**
 * Default scale-up rules: no stabilization, and per 15 s the larger of +4 pods
 * or +100%. The API field doc says "per 60 seconds", but the defaulting code and
 * its tests use 15 s; the code is what runs.
 */
export const DEFAULT_SCALE_UP_RULES: ResolvedScalingRules = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
};

/**
 * Default scale-down rules: up to 100% of pods per 15 s. The stabilization
 * window is left unset here on purpose: the controller fills it from
 * `--horizontal-pod-autoscaler-downscale-stabilization` (300 s by default).
 */
export const DEFAULT_SCALE_DOWN_RULES: {
  readonly selectPolicy: SelectPolicy;
  readonly policies: readonly ScalingPolicy[];
} = {
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
};

/** Scale-up rules with every unset field taken from the defaults (field by field, as upstream). */
export function generateScaleUpRules(rules: ScalingRules | undefined): ResolvedScalingRules {
  if (rules !== undefined) checkObject('generateScaleUpRules', 'rules', rules, 'stabilizationWindowSeconds?, selectPolicy?, policies?, tolerance?');
  return {
    stabilizationWindowSeconds: rules?.stabilizationWindowSeconds ?? DEFAULT_SCALE_UP_RULES.stabilizationWindowSeconds,
    selectPolicy: rules?.selectPolicy ?? DEFAULT_SCALE_UP_RULES.selectPolicy,
    policies: rules?.policies ?? DEFAULT_SCALE_UP_RULES.policies,
    ...(rules?.tolerance !== undefined ? { tolerance: rules.tolerance } : {}),
  };
}

/** Scale-down rules with defaults applied; `stabilizationWindowSeconds` stays unset when the user left it unset. */
export function generateScaleDownRules(rules: ScalingRules | undefined): ScalingRules & {
  readonly selectPolicy: SelectPolicy;
  readonly policies: readonly ScalingPolicy[];
} {
  if (rules !== undefined) checkObject('generateScaleDownRules', 'rules', rules, 'stabilizationWindowSeconds?, selectPolicy?, policies?, tolerance?');
  return {
    ...(rules?.stabilizationWindowSeconds !== undefined ? { stabilizationWindowSeconds: rules.stabilizationWindowSeconds } : {}),
    selectPolicy: rules?.selectPolicy ?? DEFAULT_SCALE_DOWN_RULES.selectPolicy,
    policies: rules?.policies ?? DEFAULT_SCALE_DOWN_RULES.policies,
    ...(rules?.tolerance !== undefined ? { tolerance: rules.tolerance } : {}),
  };
}

/**
 * Resolves a behavior completely: defaults for both directions, and, when the
 * scale-down window is unset, the controller's downscale stabilization window
 * (`HpaControllerConfig.downscaleStabilizationWindow`, microseconds) in whole
 * seconds, truncated as upstream's `int32(window.Seconds())`.
 */
export function resolveBehavior(behavior: HpaBehavior, downscaleStabilizationWindow: Micros): ResolvedBehavior {
  checkObject('resolveBehavior', 'behavior', behavior, 'scaleUp?, scaleDown?');
  checkDuration('resolveBehavior', 'downscaleStabilizationWindow', downscaleStabilizationWindow);
  const down = generateScaleDownRules(behavior.scaleDown);
  return {
    scaleUp: generateScaleUpRules(behavior.scaleUp),
    scaleDown: {
      stabilizationWindowSeconds: down.stabilizationWindowSeconds ?? Math.trunc(downscaleStabilizationWindow / SECOND),
      selectPolicy: down.selectPolicy,
      policies: down.policies,
      ...(down.tolerance !== undefined ? { tolerance: down.tolerance } : {}),
    },
  };
}
