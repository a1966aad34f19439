import type { Micros } from '../../lib/time.js';
import { SECOND } from '../../lib/time.js';
import { BudgetExceededError } from './errors.js';
import type { EventAction, ScheduledEvent } from './event-queue.js';
import { EventQueue } from './event-queue.js';
import type { EventLabel } from './event-label.js';
import { UNLABELLED } from './event-label.js';
import type { Checkpoint } from './fingerprint.js';
import { TraceFingerprint } from './fingerprint.js';

/** Opaque handle to a scheduled event, for `cancel`. */
export type EventHandle = ScheduledEvent;

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
  private seq = 0;
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
   * among events at the same time (lower first).
   */
  at(at: Micros, action: EventAction, label: EventLabel = UNLABELLED, priority = 0): EventHandle {
    if (!(at >= this.clock) || !Number.isSafeInteger(at)) {
      throw new RangeError(`cannot schedule at ${at}: must be an integer µs ≥ now (${this.clock})`);
    }
    const event: ScheduledEvent = { time: at, priority, seq: this.seq++, action, label, cancelled: false };
    this.queue.push(event);
    return event;
  }

  /** Schedules `action` after `delay` µs (rounded to the nearest integer µs, ≥ 0). */
  after(delay: Micros, action: EventAction, label: EventLabel = UNLABELLED, priority = 0): EventHandle {
    return this.at(this.clock + Math.round(delay), action, label, priority);
  }

  /** Cancels a pending event: it will never fire. Returns false if it had already fired or been cancelled. */
  cancel(handle: EventHandle): boolean {
    return this.queue.cancel(handle);
  }

  /** Processes the next event. Returns false when the queue is empty. */
  step(): boolean {
    const event = this.queue.pop();
    if (event === undefined) return false;
    this.fire(event);
    return true;
  }

  private fire(event: ScheduledEvent): void {
    // Mark fired so a late cancel reports false and does not skew the count.
    event.cancelled = true;
    this.clock = event.time;
    this.trace.record(event.time, event.label.hash);
    event.action();
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
    let count = 0;
    for (;;) {
      const next = queue.peek();
      if (next === undefined || next.time > until) break;
      if (count >= maxEvents) throw new BudgetExceededError('maxEvents', maxEvents, this.clock);
      this.fire(queue.popPeeked());
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
