import type { Action, Decision } from '../controllers/port/actions.js';
import type { ObservedState } from '../controllers/port/observations.js';
import type { ApplyOutcome, Runtime, TimerHandle } from '../controllers/port/runtime.js';
import type { Micros } from '../controllers/port/time.js';
import type { EventHandle, Simulation } from './simulation.js';
import type { EventLabel } from './event-label.js';
import { eventLabel } from './event-label.js';
import type { RandomStream } from './random.js';

/** What a virtual runtime needs from the world. */
export interface WorldPort {
  observe(now: Micros): ObservedState;
  apply(controller: string, action: Action): ApplyOutcome;
  log(decision: Decision): void;
}

/** Per-host clock error: a constant offset and a drift rate. */
export interface HostClock {
  /** Offset of the host's wall clock from true time, µs. */
  readonly wallOffset: Micros;
  /** Drift, in µs gained per µs (e.g. 50e-6 for 50 ppm fast). Applies to both clocks. */
  readonly drift: number;
}

interface VirtualTimer extends TimerHandle {
  readonly event: EventHandle;
}

/**
 * The runtime port over virtual time: timers are simulation events, the
 * clocks are the simulation clock seen through the host's skew and drift,
 * randomness is a named fork of the run's seed.
 */
export class VirtualRuntime implements Runtime {
  private nextTimerId = 0;
  private readonly timerLabel: EventLabel;

  constructor(
    private readonly sim: Simulation,
    private readonly world: WorldPort,
    private readonly rng: RandomStream,
    /** Name of the host the controller runs on; labels its timer events. */
    readonly host: string,
    private readonly clock: HostClock = { wallOffset: 0, drift: 0 },
  ) {
    this.timerLabel = eventLabel('timer', host);
  }

  now(): Micros {
    return Math.round(this.sim.now * (1 + this.clock.drift));
  }

  wallTime(): Micros {
    return this.now() + this.clock.wallOffset;
  }

  setTimer(delay: Micros, callback: () => void): TimerHandle {
    // The host's timers run at its drifted rate: a fast clock fires early in true time.
    const trueDelay = Math.max(0, Math.round(delay / (1 + this.clock.drift)));
    const timer: VirtualTimer = { id: this.nextTimerId++, event: this.sim.after(trueDelay, callback, this.timerLabel) };
    return timer;
  }

  clearTimer(timer: TimerHandle): void {
    this.sim.cancel((timer as VirtualTimer).event);
  }

  random(): number {
    return this.rng.next();
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
