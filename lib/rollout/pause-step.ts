import type { Micros } from '../time.js';

/** What the controller knows about a pause it manages. */
export interface PauseState {
  /** status.controllerPause: the controller has paused the rollout at some point in this step. */
  readonly controllerPaused: boolean;
  /** Start of the matching pause condition; absent when there is none (never added, or removed by a resume). */
  readonly pausedAt?: Micros;
}

/**
 * Argo's CompletedCanaryPauseStep, with the clock passed in. A pause is over
 * when a human resumed it (the controller paused, and the condition is gone),
 * or, for a timed pause, strictly after pausedAt + duration. An untimed pause
 * never ends by itself.
 */
export function canaryPauseCompleted(duration: Micros | undefined, state: PauseState, now: Micros): boolean {
  if (state.controllerPaused && state.pausedAt === undefined) return true;
  if (duration !== undefined && state.pausedAt !== undefined) return now > state.pausedAt + duration;
  return false;
}

/**
 * The first instant at which a timed pause counts as completed (one tick after
 * pausedAt + duration, since the comparison is strict); undefined for an
 * untimed or not yet started pause. Callers requeue for this instant.
 */
export function canaryPauseEndsAt(duration: Micros | undefined, state: PauseState): Micros | undefined {
  if (duration === undefined || state.pausedAt === undefined) return undefined;
  return state.pausedAt + duration + 1;
}
