import type { CanaryRollout, CanaryStep, SetCanaryScaleStep } from './canary-spec.js';
import { DEFAULT_ABORT_SCALE_DOWN_DELAY_SECONDS, maxTrafficWeight } from './canary-spec.js';

/** The step being executed and its index; both absent when there are no steps. */
export interface CurrentCanaryStep {
  /** The step at `index`, absent once every step has run. */
  readonly step?: CanaryStep;
  /** status.currentStepIndex (0 when unset), absent when there are no steps. */
  readonly index?: number;
}

/**
 * Argo's GetCurrentCanaryStep: the step at status.currentStepIndex. Past the
 * last step the index is still reported but the step is absent.
 */
export function currentCanaryStep(rollout: CanaryRollout): CurrentCanaryStep {
  const steps = rollout.spec.steps;
  if (steps.length === 0) return {};
  const index = rollout.status.currentStepIndex ?? 0;
  return index < steps.length ? { step: steps[index]!, index } : { index };
}

/**
 * Argo's GetCurrentSetWeight: 0 once aborted; 100 when there is no current
 * step (no steps, or all done); otherwise the weight of the nearest setWeight
 * step at or before the current one, or 0 if none came yet.
 */
export function currentSetWeight(rollout: CanaryRollout): number {
  if (rollout.status.abort === true) return 0;
  const { step, index } = currentCanaryStep(rollout);
  if (step === undefined || index === undefined) return maxTrafficWeight(rollout.spec);
  for (let i = index; i >= 0; i--) {
    const s = rollout.spec.steps[i]!;
    if (s.kind === 'setWeight') return s.weight;
  }
  return 0;
}

/**
 * Argo's UseSetCanaryScale: the nearest setCanaryScale step at or before the
 * current one, if it applies. It applies only with traffic routing, not after
 * a later-reached matchTrafficWeight, and not after an abort unless the user
 * asked to keep the canary (abortScaleDownDelaySeconds: 0).
 */
export function activeCanaryScale(rollout: CanaryRollout): SetCanaryScaleStep | undefined {
  const { spec, status } = rollout;
  if (!spec.trafficRouting) return undefined;
  const keepsCanaryOnAbort = (spec.abortScaleDownDelaySeconds ?? DEFAULT_ABORT_SCALE_DOWN_DELAY_SECONDS) === 0;
  if (status.abort === true && !keepsCanaryOnAbort) return undefined;
  const { step, index } = currentCanaryStep(rollout);
  if (step === undefined || index === undefined) return undefined;
  for (let i = index; i >= 0; i--) {
    const s = spec.steps[i]!;
    if (s.kind !== 'setCanaryScale') continue;
    return s.matchTrafficWeight === true ? undefined : s;
  }
  return undefined;
}

/** What the canary should be sized by: a fixed replica count, or a weight in percent. */
export type CanaryTarget = { readonly replicas: number } | { readonly weight: number };

/**
 * Argo's GetCanaryReplicasOrWeight: 100% when fully promoting, when there is
 * no stable set yet, or when the current template is the stable one;
 * otherwise an applicable setCanaryScale (replicas first, then weight), else
 * the current setWeight.
 */
export function canaryTarget(rollout: CanaryRollout): CanaryTarget {
  const { status } = rollout;
  if (status.promoteFull === true || status.stableHash === '' || status.currentHash === status.stableHash) {
    return { weight: maxTrafficWeight(rollout.spec) };
  }
  const scale = activeCanaryScale(rollout);
  if (scale?.replicas !== undefined) return { replicas: scale.replicas };
  if (scale?.weight !== undefined) return { weight: scale.weight };
  return { weight: currentSetWeight(rollout) };
}

/** The weight of a CanaryTarget; a fixed replica count has weight 0, as in Argo. */
export function targetWeight(target: CanaryTarget): number {
  return 'weight' in target ? target.weight : 0;
}

/**
 * Argo's BeforeStartingStep: true while the current step index is below
 * strategy.canary.analysis.startingStep, so background analysis waits.
 */
export function beforeStartingStep(rollout: CanaryRollout): boolean {
  const startingStep = rollout.spec.analysisStartingStep;
  if (startingStep === undefined) return false;
  const { index } = currentCanaryStep(rollout);
  return index !== undefined && index < startingStep;
}
