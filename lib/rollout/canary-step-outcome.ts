import type { Micros } from '../time.js';
import type { AnalysisPhase } from './analysis-phase.js';
import type { CanaryRollout } from './canary-spec.js';
import { currentCanaryStep } from './canary-steps.js';
import { canaryPauseCompleted, canaryPauseEndsAt, type PauseState } from './pause-step.js';

/** What the rollout should do about its current canary step. */
export type CanaryStepOutcome =
  /** The step is done: increment status.currentStepIndex. */
  | { readonly kind: 'advance' }
  /** Not done yet; reconcile again at `until` if given, else on the next change. */
  | { readonly kind: 'wait'; readonly until?: Micros }
  /** Add a pause condition with this reason (status.controllerPause becomes true). */
  | { readonly kind: 'pause'; readonly reason: 'CanaryPauseStep' | 'InconclusiveAnalysis' }
  /** Abort the rollout: weight goes to 0 and the canary is scaled down. */
  | { readonly kind: 'abort'; readonly message: string }
  /** No step is left: the rollout is fully promoted once replicas settle. */
  | { readonly kind: 'done' };

/** What the controller observed this reconcile that bears on step completion. */
export interface CanaryStepObservation {
  /** spec.paused: a user paused the rollout; nothing advances. */
  readonly specPaused?: boolean;
  /** Result of atDesiredCanaryReplicaCounts for the current step. */
  readonly atDesiredReplicaCounts: boolean;
  /** Traffic router confirmed the weight (e.g. target groups verified); absent means not checked. */
  readonly weightVerified?: boolean;
  /** The canary pause step's pause state. */
  readonly pause: PauseState;
  /** Phase of the step's AnalysisRun, if one exists. */
  readonly analysisPhase?: AnalysisPhase;
  /** status.message of that AnalysisRun, carried into the abort message. */
  readonly analysisMessage?: string;
}

/**
 * Decides one canary step, combining Argo's completedCurrentCanaryStep,
 * reconcileCanaryPause and setPauseOrAbort. setWeight and setCanaryScale
 * steps advance once replicas are at their targets (setWeight also needs the
 * weight verified when that is checked). A pause step first adds its pause
 * condition, then advances when canaryPauseCompleted says so. An analysis
 * step advances on Successful, pauses on Inconclusive and aborts on Failed or
 * Error.
 */
export function canaryStepOutcome(rollout: CanaryRollout, seen: CanaryStepObservation, now: Micros): CanaryStepOutcome {
  if (seen.specPaused === true) return { kind: 'wait' };
  const { step } = currentCanaryStep(rollout);
  if (step === undefined) return { kind: 'done' };
  switch (step.kind) {
    case 'setCanaryScale':
      return seen.atDesiredReplicaCounts ? { kind: 'advance' } : { kind: 'wait' };
    case 'setWeight':
      return seen.atDesiredReplicaCounts && seen.weightVerified !== false ? { kind: 'advance' } : { kind: 'wait' };
    case 'pause': {
      if (canaryPauseCompleted(step.duration, seen.pause, now)) return { kind: 'advance' };
      if (seen.pause.pausedAt === undefined && !seen.pause.controllerPaused) return { kind: 'pause', reason: 'CanaryPauseStep' };
      const until = canaryPauseEndsAt(step.duration, seen.pause);
      return until === undefined ? { kind: 'wait' } : { kind: 'wait', until };
    }
    case 'analysis':
      switch (seen.analysisPhase) {
        case 'Successful':
          return { kind: 'advance' };
        case 'Inconclusive':
          return { kind: 'pause', reason: 'InconclusiveAnalysis' };
        case 'Failed':
        case 'Error':
          return { kind: 'abort', message: seen.analysisMessage ?? '' };
        default:
          return { kind: 'wait' };
      }
  }
}
