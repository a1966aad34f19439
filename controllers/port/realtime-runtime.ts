import type { Action, Decision } from './actions.js';
import type { ObservedState } from './observations.js';
import type { ApplyOutcome, Runtime, TimerHandle } from './runtime.js';
import type { Micros } from '../../lib/time.js';
import { MILLISECOND } from '../../lib/time.js';

/** What a real-time runtime needs from the real world (an API client, a metrics query ...). */
export interface RealWorld {
  /** Reads the current state; `now` is the runtime's monotonic time. */
  observe(now: Micros): ObservedState;
  /** Carries out an action. */
  apply(controller: string, action: Action): ApplyOutcome;
  /** Records a decision. */
  log(decision: Decision): void;
}

interface RealTimer extends TimerHandle {
  readonly timeout: ReturnType<typeof setTimeout>;
}

/**
 * The runtime port over the real clock: the only place in ctrlsim that
 * touches wall-clock time and Node timers. Monotonic time is
 * `performance.now()` (µs since this runtime was made); wall time is
 * `Date.now()`. `timeScale` > 1 runs timers faster than real time (a 15 s
 * sync period with timeScale 1000 fires every 15 ms), which keeps tests quick
 * while still going through real timers; `now()` reports time scaled the same
 * way so a controller sees consistent durations.
 */
export class RealTimeRuntime implements Runtime {
  private nextTimerId = 0;
  private readonly origin = performance.now();

  constructor(
    private readonly world: RealWorld,
    private readonly options: { readonly timeScale?: number; readonly random?: () => number } = {},
  ) {}

  private get scale(): number {
    return this.options.timeScale ?? 1;
  }

  now(): Micros {
    return Math.round((performance.now() - this.origin) * MILLISECOND * this.scale);
  }

  wallTime(): Micros {
    return Date.now() * MILLISECOND;
  }

  setTimer(delay: Micros, callback: () => void): TimerHandle {
    const timer: RealTimer = { id: this.nextTimerId++, timeout: setTimeout(callback, delay / MILLISECOND / this.scale) };
    return timer;
  }

  clearTimer(timer: TimerHandle): void {
    clearTimeout((timer as RealTimer).timeout);
  }

  random(): number {
    // Outside the simulator nothing needs to replay, so the platform's generator is fine.
    return (this.options.random ?? Math.random)();
  }

  observe(): ObservedState {
    return this.world.observe(this.now());
  }

  apply(controller: string, action: Action): ApplyOutcome {
    return this.world.apply(controller, action);
  }

  log(decision: Decision): void {
    this.world.log(decision);
  }
}
