import type { Micros } from '../../lib/time.js';
import type { EventLabel } from './event-label.js';
import { UNLABELLED } from './event-label.js';
import type { Simulation } from './simulation.js';

/**
 * Something a process can wait on. `onReady` is called once, with the value
 * the process receives from its `yield`; it must be called from inside a
 * simulation event (never synchronously from `onReady` itself).
 */
export interface Waitable<T = unknown> {
  onReady(resume: (value: T) => void): void;
}

/** What a process yields: a delay in µs, or something to wait on. */
export type ProcessStep = Micros | Waitable;

/** A process body: a generator that yields delays and waitables. */
export type ProcessBody = Generator<ProcessStep, void, unknown>;

/**
 * A running process: a generator driven by simulation events, for models that
 * read best as straight-line code ("arrive; wait for a server; hold; leave").
 *
 * It is sugar over callbacks: each `yield delay` schedules one event, each
 * `yield waitable` registers one callback. Models that use plain callbacks
 * pay nothing for it.
 */
export class Process {
  private done = false;
  /** The one callback per process: a waitable resumes it with a value, a delay's event with none (undefined). */
  private readonly resume = (value?: unknown): void => this.advance(value);

  constructor(
    private readonly sim: Simulation,
    private readonly body: ProcessBody,
    private readonly label: EventLabel,
  ) {}

  /** True once the generator has returned. */
  get finished(): boolean {
    return this.done;
  }

  /** Starts the process at the current time (as an event, so spawn order is event order). */
  start(): this {
    this.sim.postAfter(0, this.resume, this.label);
    return this;
  }

  private advance(value: unknown): void {
    const step = this.body.next(value);
    if (step.done) {
      this.done = true;
      return;
    }
    const what = step.value;
    if (typeof what === 'number') {
      this.sim.postAfter(what, this.resume, this.label);
    } else {
      what.onReady(this.resume);
    }
  }
}

/** Starts a process now. */
export function spawn(sim: Simulation, body: ProcessBody, label: EventLabel = UNLABELLED): Process {
  return new Process(sim, body, label).start();
}

/**
 * A one-shot or repeating signal. Processes yield `signal` to wait; `fire`
 * wakes every current waiter at the current time, in the order they began
 * waiting.
 */
export class Signal<T = unknown> implements Waitable<T> {
  private waiters: Array<(value: T) => void> = [];

  constructor(
    private readonly sim: Simulation,
    private readonly label: EventLabel = UNLABELLED,
  ) {}

  onReady(resume: (value: T) => void): void {
    this.waiters.push(resume);
  }

  /** Wakes all current waiters with `value`. Later waiters wait for the next fire. */
  fire(value: T): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resume of waiters) this.sim.postAfter(0, () => resume(value), this.label);
  }
}

/**
 * A resource with `capacity` identical slots (servers) and a FIFO queue of
 * requests. `yield resource.acquire()` waits for a slot; `release()` hands the
 * slot to the longest waiter.
 */
export class Resource {
  private inUse = 0;
  private readonly waiting: Array<(value: unknown) => void> = [];
  private head = 0;

  constructor(
    private readonly sim: Simulation,
    /** Number of slots. */
    readonly capacity: number,
    private readonly label: EventLabel = UNLABELLED,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be an integer ≥ 1, got ${capacity}`);
  }

  /** Slots currently held. */
  get busy(): number {
    return this.inUse;
  }

  /** Requests waiting for a slot. */
  get queued(): number {
    return this.waiting.length - this.head;
  }

  /** A waitable that resolves when the caller holds a slot (the same object every time: it keeps no state of its own). */
  acquire(): Waitable {
    return this.acquirer;
  }

  private readonly acquirer: Waitable = {
    onReady: (resume) => {
      if (this.inUse < this.capacity && this.queued === 0) {
        this.inUse++;
        this.grant(resume);
      } else {
        this.waiting.push(resume);
      }
    },
  };

  /** Resumes a waiter in an event of its own, with no value: a slot is all it receives. */
  private grant(resume: (value: unknown) => void): void {
    // Called with no argument, resume receives undefined, as resume(undefined) would; no closure per grant.
    this.sim.postAfter(0, resume as () => void, this.label);
  }

  /** Releases one held slot, granting it to the longest waiter if any. */
  release(): void {
    if (this.inUse <= 0) throw new Error('release() without a held slot');
    if (this.head < this.waiting.length) {
      const next = this.waiting[this.head]!;
      this.waiting[this.head++] = undefined as never;
      if (this.head > 1024 && this.head * 2 > this.waiting.length) {
        this.waiting.splice(0, this.head);
        this.head = 0;
      }
      this.grant(next);
    } else {
      this.inUse--;
    }
  }
}
