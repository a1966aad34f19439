import type { Micros } from '../../lib/time.js';
import { SECOND } from '../../lib/time.js';
import { BudgetExceededError } from './errors.js';
import type { EventAction } from './event-queue.js';
import { EMPTY, EventHandle, EventQueue } from './event-queue.js';
import type { EventLabel } from './event-label.js';
import { UNLABELLED } from './event-label.js';
import type { Checkpoint } from './fingerprint.js';
import { TraceFingerprint } from './fingerprint.js';

/** Opaque handle to a scheduled event, for `cancel`. */
export type { EventHandle };

/** Options of a simulation. */
export interface SimulationOptions {
  /** Virtual time between fingerprint checkpoints. Default 60 s. */
  readonly checkpointEvery?: Micros;
}

/** Limits of one `run` call. */
export interface RunLimits {
  /** Process events with time ≤ until, then leave the clock at `until`. Default: until the queue is empty. */
  readonly until?: Micros;
  /** At most this many events in this call; more pending work is a `BudgetExceededError`. Default 1e9. */
  readonly maxEvents?: number;
}

/** What a `run` call did. */
export interface RunResult {
  /** Events processed by this call. */
  readonly events: number;
  /** The clock when the call returned. */
  readonly now: Micros;
}

/** Default event budget of `run`: a guard against a model that never stops scheduling. */
export const DEFAULT_MAX_EVENTS = 1_000_000_000;

/**
 * The discrete-event engine: a virtual clock and one event queue.
 *
 * Ordering rule: events fire in ascending `(time, priority, seq)`. `priority`
 * defaults to 0 (lower fires first); `seq` is the order in which events were
 * scheduled. So same-time, same-priority events fire first-scheduled first,
 * and a run's order depends only on what was scheduled, never on the
 * machine. Time never goes backwards: scheduling in the past is an error.
 *
 * `step()` processes exactly one event; `run()` is a loop over it, so a test
 * can single-step and inspect the world in between.
 */
export class Simulation {
  private clock: Micros = 0;
  private readonly queue = new EventQueue();
  private readonly trace: TraceFingerprint;

  constructor(options: SimulationOptions = {}) {
    this.trace = new TraceFingerprint(options.checkpointEvery ?? 60 * SECOND);
  }

  /** Current virtual time, in integer microseconds. */
  get now(): Micros {
    return this.clock;
  }

  /** Live events waiting in the queue. */
  get pending(): number {
    return this.queue.size;
  }

  /** Events processed so far. */
  get processed(): number {
    return this.trace.events;
  }

  /**
   * Schedules `action` at absolute virtual time `at` (integer µs, ≥ now).
   * `label` names the event in the trace fingerprint; `priority` orders it
   * among events at the same time (lower first). Returns a handle for `cancel`.
   */
  at(at: Micros, action: EventAction, label: EventLabel = UNLABELLED, priority = 0): EventHandle {
    this.check(at);
    const handle = new EventHandle();
    this.queue.push(at, priority, action, label.hash, handle);
    return handle;
  }

  /** Schedules `action` after `delay` µs (rounded to the nearest integer µs, ≥ 0). Returns a handle for `cancel`. */
  after(delay: Micros, action: EventAction, label: EventLabel = UNLABELLED, priority = 0): EventHandle {
    return this.at(this.clock + Math.round(delay), action, label, priority);
  }

  /**
   * `at` for an event that will never be cancelled: the same order and
   * fingerprint, but no handle, so scheduling allocates nothing. For hot
   * paths (a request's completion, a process's next step).
   */
  post(at: Micros, action: EventAction, label: EventLabel = UNLABELLED, priority = 0): void {
    this.check(at);
    this.queue.push(at, priority, action, label.hash);
  }

  /** `after` for an event that will never be cancelled (see `post`). */
  postAfter(delay: Micros, action: EventAction, label: EventLabel = UNLABELLED, priority = 0): void {
    const at = this.clock + Math.round(delay);
    // Rounded, `at` is whole: only its range needs checking on this hot path (check() names the fault).
    if (!(at >= this.clock && at <= Number.MAX_SAFE_INTEGER)) this.check(at);
    this.queue.push(at, priority, action, label.hash);
  }

  private check(at: Micros): void {
    if (!(at >= this.clock) || !Number.isSafeInteger(at)) {
      throw new RangeError(`cannot schedule at ${at}: must be an integer µs ≥ now (${this.clock})`);
    }
  }

  /** Cancels a pending event: it will never fire. Returns false if it had already fired or been cancelled. */
  cancel(handle: EventHandle): boolean {
    return this.queue.cancel(handle);
  }

  /** Processes the next event. Returns false when the queue is empty. */
  step(): boolean {
    const queue = this.queue;
    const time = queue.nextTime();
    if (time === EMPTY) return false;
    const action = queue.take();
    this.clock = time;
    this.trace.record(time, queue.takenLabelHash);
    action();
    return true;
  }

  /**
   * Processes events in order until the queue is empty or the next event is
   * after `until`; then advances the clock to `until` if given. Throws
   * `BudgetExceededError` if `maxEvents` events were processed and more are due.
   */
  run(limits: RunLimits = {}): RunResult {
    const until = limits.until ?? Number.POSITIVE_INFINITY;
    const maxEvents = limits.maxEvents ?? DEFAULT_MAX_EVENTS;
    const queue = this.queue;
    const trace = this.trace;
    let count = 0;
    for (;;) {
      const time = queue.nextTime();
      if (time === EMPTY || time > until) break;
      if (count >= maxEvents) throw new BudgetExceededError('maxEvents', maxEvents, this.clock);
      const action = queue.take();
      this.clock = time;
      trace.record(time, queue.takenLabelHash);
      action();
      count++;
    }
    if (until !== Number.POSITIVE_INFINITY && until > this.clock) this.clock = until;
    return { events: count, now: this.clock };
  }

  /** The rolling trace hash of every event processed so far, 16 hex digits. */
  get fingerprint(): string {
    return this.trace.value;
  }

  /** Fingerprint checkpoints so far, closing those up to the current time. */
  checkpoints(): readonly Checkpoint[] {
    this.trace.closeUntil(this.clock);
    return this.trace.checkpoints;
  }
}
