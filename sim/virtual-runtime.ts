import type { Action, Decision } from '../controllers/port/actions.js';
import type { ObservedState } from '../controllers/port/observations.js';
import type { ApplyOutcome, Runtime, TimerHandle } from '../controllers/port/runtime.js';
import type { Micros } from '../lib/time.js';
import { ControllerFailure } from '../controllers/port/errors.js';
import { ControllerCrash } from './controller-crash.js';
import type { EventHandle, Simulation } from './engine/simulation.js';
import type { EventLabel } from './engine/event-label.js';
import { eventLabel } from './engine/event-label.js';
import type { HostClockSpec } from './network/host-clock.js';
import { HostClock } from './network/host-clock.js';
import type { RandomStream } from '../lib/random.js';

/** What a virtual runtime needs from the world. */
export interface WorldPort {
  /**
   * A snapshot as seen from `host` (its metrics, its cache of the cluster),
   * stamped with the host's monotonic time `now`. Worlds without a network
   * may ignore `host`.
   */
  observe(now: Micros, host?: string): ObservedState;
  /** Applies an action sent by `controller`. */
  apply(controller: string, action: Action): ApplyOutcome;
  /** Records a decision. */
  log(decision: Decision): void;
  /** The clock of `host`, when the world models per-host clocks. */
  clockOf?(host: string): HostClock | undefined;
  /** The run's root seed, named when a controller crashes the run. */
  readonly seed?: string;
}

/**
 * Per-host clock error: a constant offset and a drift rate.
 * Kept as the runtime's constructor argument type; see `HostClockSpec`.
 */
export type HostClockOptions = HostClockSpec;

/** A timer backed by a simulation event. */
interface VirtualTimer extends TimerHandle {
  /** The event that fires it. */
  readonly event: EventHandle;
}

/**
 * The runtime port over virtual time: timers are simulation events, the
 * clocks are the simulation clock seen through the host's `HostClock`
 * (monotonic time for `now` and timers, a separately offset and jumpable wall
 * clock for `wallTime`), randomness is a named fork of the run's seed.
 *
 * The clock is the one given, else the world's clock for `host`, else a
 * perfect clock.
 */
export class VirtualRuntime implements Runtime {
  private nextTimerId = 0;
  private readonly timerLabel: EventLabel;
  /** The host's clock. */
  readonly clock: HostClock;

  constructor(
    private readonly sim: Simulation,
    private readonly world: WorldPort,
    private readonly rng: RandomStream,
    /** Name of the host the controller runs on; labels its timer events and picks its view of the world. */
    readonly host: string,
    clock?: HostClock | HostClockSpec,
  ) {
    this.timerLabel = eventLabel('timer', host);
    this.clock = clock instanceof HostClock ? clock : clock ? new HostClock(clock) : (world.clockOf?.(host) ?? new HostClock());
  }

  now(): Micros {
    return this.clock.monotonic(this.sim.now);
  }

  wallTime(): Micros {
    return this.clock.wall(this.sim.now);
  }

  setTimer(delay: Micros, callback: () => void): TimerHandle {
    // The host's timers run at its drifted rate: a fast clock fires early in true time.
    const run = (): void => {
      try {
        callback();
      } catch (e) {
        // A controller's bug stops the run; say which controller, when, and with which seed.
        if (e instanceof ControllerFailure) throw new ControllerCrash(e.controller, this.sim.now, this.world.seed ?? '?', e.cause);
        throw e;
      }
    };
    const timer: VirtualTimer = { id: this.nextTimerId++, event: this.sim.after(this.clock.trueDelay(delay), run, this.timerLabel) };
    return timer;
  }

  clearTimer(timer: TimerHandle): void {
    this.sim.cancel((timer as VirtualTimer).event);
  }

  random(): number {
    return this.rng.next();
  }

  observe(): ObservedState {
    return this.world.observe(this.now(), this.host);
  }

  apply(controller: string, action: Action): ApplyOutcome {
    return this.world.apply(controller, action);
  }

  log(decision: Decision): void {
    this.world.log(decision);
  }
}
