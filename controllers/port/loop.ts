import type { Controller } from './controller.js';
import type { Runtime, TimerHandle } from './runtime.js';
import type { Micros } from './time.js';

/**
 * Drives a controller on a runtime: observe, reconcile, apply, log, then wait
 * for `requeueAfter` or the sync period, and again. Uses only the runtime
 * port, so the same loop runs in simulation and in real time.
 */
export class ControllerLoop {
  private timer: TimerHandle | undefined;
  private stopped = true;

  constructor(
    private readonly controller: Controller,
    private readonly runtime: Runtime,
    /** Time between reconciles when the controller does not ask for a requeue. */
    private readonly syncPeriod: Micros,
  ) {
    if (!(syncPeriod > 0)) throw new RangeError(`syncPeriod must be > 0 µs, got ${syncPeriod}`);
  }

  /** Starts reconciling after `initialDelay` (default: one sync period). */
  start(initialDelay: Micros = this.syncPeriod): void {
    this.stopped = false;
    this.timer = this.runtime.setTimer(initialDelay, () => this.tick());
  }

  /** Stops the loop; a pending reconcile never runs. */
  stop(): void {
    this.stopped = true;
    if (this.timer) this.runtime.clearTimer(this.timer);
    this.timer = undefined;
  }

  /** Runs one reconcile now (also what each timer tick does). */
  reconcileOnce(): Micros {
    const rt = this.runtime;
    const observed = rt.observe();
    const result = this.controller.reconcile(observed, () => rt.random());
    const name = this.controller.name;
    for (const d of result.decisions ?? []) rt.log({ controller: name, at: observed.now, ...d });
    for (const action of result.actions) rt.apply(name, action);
    return result.requeueAfter ?? this.syncPeriod;
  }

  private tick(): void {
    if (this.stopped) return;
    const next = this.reconcileOnce();
    if (!this.stopped) this.timer = this.runtime.setTimer(next, () => this.tick());
  }
}
