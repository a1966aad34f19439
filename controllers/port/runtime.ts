import type { Action, Decision } from './actions.js';
import type { ObservedState } from './observations.js';
import type { Micros } from '../../lib/time.js';

/** Handle for a pending timer. */
export interface TimerHandle {
  /** Opaque to callers. */
  readonly id: number;
}

/** Outcome of applying one action. */
export type ApplyOutcome = 'applied' | 'rejected';

/**
 * The port between controllers and the world: time, timers, observations,
 * actions and the decision log. The simulator implements it over virtual
 * time; `RealTimeRuntime` implements it over Node timers and wall time.
 * Nothing else passes between a controller and its environment.
 */
export interface Runtime {
  /** Monotonic time on the controller's host, µs. Never goes backwards. */
  now(): Micros;
  /** Wall-clock time on the controller's host, µs since the epoch; may be skewed and may jump. */
  wallTime(): Micros;
  /** Calls `callback` once after `delay` µs. */
  setTimer(delay: Micros, callback: () => void): TimerHandle;
  /** Cancels a pending timer; a cancelled timer never fires. */
  clearTimer(timer: TimerHandle): void;
  /** A uniform draw in [0, 1) for jitter (a seeded stream under the simulator). */
  random(): number;
  /** Takes a read-only snapshot of what the controller can see now. */
  observe(): ObservedState;
  /** Applies one action; the world may reject it (for example a stale fencing token). */
  apply(controller: string, action: Action): ApplyOutcome;
  /** Records a decision (every action is recorded by the runtime too). */
  log(decision: Decision): void;
}
