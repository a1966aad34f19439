import type { Controller } from './controller.js';
import { ControllerFailure, TerminalError, TransientError } from './errors.js';
import type { Runtime, TimerHandle } from './runtime.js';
import type { Micros } from '../../lib/time.js';
import { MILLISECOND, SECOND, toSeconds } from '../../lib/time.js';

/** Retry timing after transient errors: client-go's per-item exponential failure rate limiter. */
export interface LoopBackoff {
  /** Delay before the first retry (client-go's default controller rate limiter: 5 ms). */
  readonly base: Micros;
  /** Longest delay (client-go: 1000 s). */
  readonly max: Micros;
}

/** client-go's `DefaultControllerRateLimiter` per-item backoff: 5 ms doubling to 1000 s. */
export const CLIENT_GO_BACKOFF: LoopBackoff = { base: 5 * MILLISECOND, max: 1000 * SECOND };

/**
 * Drives a controller on a runtime: observe, reconcile, apply, log, then wait
 * for `requeueAfter` or the sync period, and again. Uses only the runtime
 * port, so the same loop runs in simulation and in real time.
 *
 * Failures of a reconcile come in three tiers:
 * - `TransientError`: logged (outcome `transient-error`) and retried after
 *   base × 2^(failures so far), capped at max (client-go's
 *   ItemExponentialFailureRateLimiter); a reconcile that succeeds resets it.
 * - `TerminalError`: logged (outcome `terminal-error`); the controller stops
 *   and the run carries on without it.
 * - anything else: a bug, rethrown as a `ControllerFailure` naming the
 *   controller, which stops the run.
 */
export class ControllerLoop {
  private timer: TimerHandle | undefined;
  private stopped = true;
  private failures = 0;

  constructor(
    private readonly controller: Controller,
    private readonly runtime: Runtime,
    /** Time between reconciles when the controller does not ask for a requeue. */
    private readonly syncPeriod: Micros,
    /** Retry timing after transient errors. */
    private readonly backoff: LoopBackoff = CLIENT_GO_BACKOFF,
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

  /** True once stopped, by `stop` or by a terminal error. */
  get isStopped(): boolean {
    return this.stopped;
  }

  /** Runs one reconcile now (also what each timer tick does); returns the delay to the next one. */
  reconcileOnce(): Micros {
    const rt = this.runtime;
    const observed = rt.observe();
    const name = this.controller.name;
    let result;
    try {
      result = this.controller.reconcile(observed, () => rt.random());
    } catch (e) {
      if (e instanceof TransientError) {
        const delay = Math.min(this.backoff.max, this.backoff.base * 2 ** this.failures);
        this.failures++;
        rt.log({ controller: name, at: observed.now, outcome: 'transient-error', reason: `${e.message}; retry ${this.failures} in ${toSeconds(delay)}s` });
        return delay;
      }
      if (e instanceof TerminalError) {
        rt.log({ controller: name, at: observed.now, outcome: 'terminal-error', reason: `${e.message}; controller stopped` });
        this.stop();
        return this.syncPeriod;
      }
      throw new ControllerFailure(name, observed.now, e);
    }
    this.failures = 0;
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
