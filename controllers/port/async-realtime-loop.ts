import type { Action, Decision } from './actions.js';
import type { Controller } from './controller.js';
import { TerminalError, TransientError } from './errors.js';
import type { ObservedState } from './observations.js';
import type { ApplyOutcome, Runtime, TimerHandle } from './runtime.js';
import type { Micros } from '../../lib/time.js';
import { MILLISECOND, SECOND } from '../../lib/time.js';

/** Where a live loop reads the world from: a metrics API, a cluster API. Slow, and it may fail. */
export interface AsyncObserver {
  /**
   * Takes a snapshot at `now` (the loop's monotonic time). Rejects with a
   * `TransientError` for failures worth retrying (a refused connection, a
   * 5xx) and a `TerminalError` for ones that will not heal (a 403); should
   * stop work when `signal` aborts (the loop's timeout fired).
   */
  observe(now: Micros, signal: AbortSignal): Promise<ObservedState>;
}

/** What carries out a controller's actions in the real world: a cluster API, a process pool. */
export interface AsyncActuator {
  /** Applies one action; rejects with the error tiers as `AsyncObserver.observe` does. */
  apply(controller: string, action: Action, signal: AbortSignal): Promise<ApplyOutcome>;
}

/** The clock a live loop runs on: the real-clock runtime in production, a fake one in tests. */
export type LoopClock = Pick<Runtime, 'now' | 'setTimer' | 'clearTimer'>;

/** One failure the loop handled, as it records it. */
export interface LoopFailure {
  /** Controller whose loop failed. */
  readonly controller: string;
  /** When, on the loop's clock. */
  readonly at: Micros;
  /** What failed: reading the world, deciding, or acting on it. */
  readonly operation: 'observe' | 'reconcile' | 'apply';
  /** `transient`: retried after `retryIn`; `terminal`: recorded and never retried. */
  readonly tier: 'transient' | 'terminal';
  /** The action that failed, for `apply`. */
  readonly action?: Action;
  /** The error's message. */
  readonly message: string;
  /** For a transient failure: when the loop tries again. */
  readonly retryIn?: Micros;
}

/** Where a live loop reports what happened; the composition layer writes it to events.csv. */
export interface LoopRecorder {
  /** A decision the controller logged. */
  decision(decision: Decision): void;
  /** An action the actuator applied or refused. */
  applied(controller: string, action: Action, outcome: ApplyOutcome, at: Micros): void;
  /** A failure the loop handled by its tier. */
  failure(failure: LoopFailure): void;
}

/** Knobs of an `AsyncRealtimeLoop`. */
export interface AsyncLoopOptions {
  /** Time between reconciles when the controller does not ask for a requeue. */
  readonly syncPeriod: Micros;
  /** Longest an observation may take before it counts as a transient failure (default 5 s). */
  readonly observeTimeout?: Micros;
  /** Longest one action may take before it counts as a transient failure (default 10 s). */
  readonly applyTimeout?: Micros;
  /** First retry delay after a transient failure (default 500 ms); doubles per consecutive failure. */
  readonly backoffInitial?: Micros;
  /** Cap on the retry delay (default the sync period). */
  readonly backoffMax?: Micros;
}

/**
 * Raised (as the loop's `done` rejection) when an observer, actuator or
 * controller throws something that is neither a `TransientError` nor a
 * `TerminalError`: a broken invariant, which stops the loop at once.
 */
export class LoopInvariantError extends Error {
  override readonly name = 'LoopInvariantError';
}

/**
 * Drives a synchronous controller against an asynchronous world: await the
 * observer (with a timeout), reconcile, await the actuator for each action
 * (with a timeout), then wait for `requeueAfter` or the sync period. The
 * controller is the same class the simulator runs; only the edge is async.
 *
 * Failures map onto the port's error tiers:
 * - transient (`TransientError`, or a timeout): recorded, and the whole
 *   reconcile is retried after an exponential backoff (initial × 2^(n−1),
 *   capped), level-based like controller-runtime's requeue: the retry
 *   observes afresh rather than replaying the failed action;
 * - terminal (`TerminalError`, e.g. a forbidden action): recorded, never
 *   retried by the loop; it goes on at its sync period (a level-based
 *   controller that still wants the change decides it afresh next period,
 *   and that attempt is recorded again, so a lasting RBAC gap stays visible);
 * - anything else is a broken invariant: the loop stops and `done` rejects
 *   with a `LoopInvariantError` naming the time.
 *
 * Reconciles never overlap: the next timer is set only after the previous
 * reconcile settled. All time comes from the `LoopClock`, so this file
 * touches no host clock and tests can drive it with a fake one.
 */
export class AsyncRealtimeLoop {
  private timer: TimerHandle | undefined;
  private stopped = true;
  private failures = 0;
  private inFlight: Promise<void> | undefined;
  private settle!: { resolve: () => void; reject: (e: Error) => void };
  /** Settles when the loop stops: resolves on `stop()`, rejects on a broken invariant. */
  readonly done: Promise<void>;

  constructor(
    private readonly controller: Controller,
    private readonly clock: LoopClock,
    private readonly observer: AsyncObserver,
    private readonly actuator: AsyncActuator,
    private readonly recorder: LoopRecorder,
    private readonly options: AsyncLoopOptions,
    /** Jitter source handed to the controller (seeded in tests). */
    private readonly random: () => number,
  ) {
    if (!(options.syncPeriod > 0)) throw new RangeError(`syncPeriod must be > 0 µs, got ${options.syncPeriod}`);
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
  }

  /** Starts reconciling after `initialDelay` (default: at once). */
  start(initialDelay: Micros = 0): void {
    this.stopped = false;
    this.schedule(initialDelay);
  }

  /** Stops the loop: no new reconcile starts; resolves once an in-flight one has settled. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) this.clock.clearTimer(this.timer);
    this.timer = undefined;
    await this.inFlight?.catch(() => {});
    this.settle.resolve();
  }

  /**
   * Runs one reconcile now and returns the delay before the next: the
   * controller's requeue or sync period, or a backoff after a transient
   * failure. Rejects with `LoopInvariantError` on an untiered error.
   */
  async reconcileOnce(): Promise<Micros> {
    const name = this.controller.name;
    const started = this.clock.now();
    let observed: ObservedState;
    try {
      observed = await this.withTimeout((signal) => this.observer.observe(started, signal), this.options.observeTimeout ?? 5 * SECOND, 'observe');
    } catch (e) {
      return this.failed('observe', e, started);
    }
    let result;
    try {
      result = this.controller.reconcile(observed, this.random);
    } catch (e) {
      return this.failed('reconcile', e, observed.now);
    }
    for (const d of result.decisions ?? []) this.recorder.decision({ controller: name, at: observed.now, ...d });
    for (const action of result.actions) {
      try {
        const outcome = await this.withTimeout(
          (signal) => this.actuator.apply(name, action, signal),
          this.options.applyTimeout ?? 10 * SECOND,
          `apply ${action.kind}`,
        );
        this.recorder.applied(name, action, outcome, this.clock.now());
      } catch (e) {
        const tier = tierOf(e);
        // A terminal refusal of one action does not stop the others; a transient one retries the whole reconcile.
        if (tier === 'terminal') {
          this.recorder.failure({ controller: name, at: this.clock.now(), operation: 'apply', tier, action, message: (e as Error).message });
          continue;
        }
        return this.failed('apply', e, this.clock.now(), action);
      }
    }
    this.failures = 0;
    return result.requeueAfter ?? this.options.syncPeriod;
  }

  /** Records a failure by its tier and returns the delay before the next reconcile; rethrows broken invariants. */
  private failed(operation: LoopFailure['operation'], e: unknown, at: Micros, action?: Action): Micros {
    const tier = tierOf(e);
    const message = e instanceof Error ? e.message : String(e);
    const base = { controller: this.controller.name, at, operation, message, ...(action ? { action } : {}) };
    if (tier === 'invariant') {
      throw new LoopInvariantError(
        `controller ${this.controller.name}: ${operation} failed at ${at / SECOND} s on the loop clock with an untiered error: ${message}`,
        { cause: e },
      );
    }
    if (tier === 'terminal') {
      this.recorder.failure({ ...base, tier });
      return this.options.syncPeriod;
    }
    this.failures++;
    const initial = this.options.backoffInitial ?? 500 * MILLISECOND;
    const max = this.options.backoffMax ?? this.options.syncPeriod;
    const retryIn = Math.min(max, initial * 2 ** Math.min(this.failures - 1, 30));
    this.recorder.failure({ ...base, tier, retryIn });
    return retryIn;
  }

  /** Runs `op`, aborting it and rejecting with a `TransientError` if it takes longer than `timeout`. */
  private withTimeout<T>(op: (signal: AbortSignal) => Promise<T>, timeout: Micros, what: string): Promise<T> {
    const abort = new AbortController();
    return new Promise<T>((resolve, reject) => {
      const timer = this.clock.setTimer(timeout, () => {
        abort.abort();
        reject(new TransientError(`${what} timed out after ${timeout / MILLISECOND} ms`));
      });
      op(abort.signal).then(
        (v) => {
          this.clock.clearTimer(timer);
          resolve(v);
        },
        (e: unknown) => {
          this.clock.clearTimer(timer);
          reject(e);
        },
      );
    });
  }

  private schedule(delay: Micros): void {
    this.timer = this.clock.setTimer(delay, () => {
      this.timer = undefined;
      if (this.stopped) return;
      this.inFlight = this.reconcileOnce().then(
        (next) => {
          this.inFlight = undefined;
          if (!this.stopped) this.schedule(next);
        },
        (e: unknown) => {
          this.inFlight = undefined;
          this.stopped = true;
          this.settle.reject(e as Error);
        },
      );
    });
  }
}

/** The tier of an error thrown at the loop's edge. */
function tierOf(e: unknown): 'transient' | 'terminal' | 'invariant' {
  if (e instanceof TransientError) return 'transient';
  if (e instanceof TerminalError) return 'terminal';
  return 'invariant';
}
