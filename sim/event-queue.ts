import type { Micros } from '../controllers/port/time.js';
import type { EventLabel } from './event-label.js';

/** What an event does when it fires. It runs at the event's time, with `Simulation.now` set to it. */
export type EventAction = () => void;

/**
 * One pending event. Held by the queue and handed back to callers as an
 * opaque handle for `cancel`. Fields are internal: do not mutate them.
 */
export interface ScheduledEvent {
  /** Virtual time at which the event fires, in integer microseconds. */
  readonly time: Micros;
  /** Lower fires first among events at the same time. */
  readonly priority: number;
  /** Scheduling order; breaks the remaining ties, earlier first. */
  readonly seq: number;
  /** The callback run when the event fires. */
  readonly action: EventAction;
  /** Kind and target, hashed into the run's fingerprint. */
  readonly label: EventLabel;
  /** Set by `cancel`; a cancelled event is dropped when it reaches the head. */
  cancelled: boolean;
}

/**
 * A binary min-heap of events ordered by `(time, priority, seq)`.
 *
 * Because `seq` is unique and increasing, the order is total: two events
 * never compare equal, so the pop order is fully determined by what was
 * pushed, never by the heap's internal layout.
 *
 * The three sort keys of the event at each heap position are kept in typed
 * arrays beside the heap, so sifting compares numbers read from flat memory
 * instead of fields of scattered objects; the events themselves move only
 * as references.
 *
 * Cancellation is lazy (the event is flagged and skipped at the head), with a
 * compaction when cancelled events outnumber live ones, so the heap holds
 * O(live events) whatever the cancellation pattern.
 */
export class EventQueue {
  private events: (ScheduledEvent | undefined)[] = [];
  private times = new Float64Array(256);
  private priorities = new Float64Array(256);
  private seqs = new Float64Array(256);
  private n = 0;
  private cancelledInHeap = 0;

  /** Number of live (not cancelled) pending events. */
  get size(): number {
    return this.n - this.cancelledInHeap;
  }

  /** Adds an event. O(log n). */
  push(event: ScheduledEvent): void {
    if (this.n === this.times.length) this.grow();
    const events = this.events;
    const times = this.times;
    const priorities = this.priorities;
    const seqs = this.seqs;
    const t = event.time;
    const p = event.priority;
    const s = event.seq;
    let i = this.n++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      // Stop once the parent comes first in (time, priority, seq).
      if (pt < t) break;
      if (pt === t) {
        const pp = priorities[parent]!;
        if (pp < p || (pp === p && seqs[parent]! < s)) break;
      }
      events[i] = events[parent];
      times[i] = pt;
      priorities[i] = priorities[parent]!;
      seqs[i] = seqs[parent]!;
      i = parent;
    }
    events[i] = event;
    times[i] = t;
    priorities[i] = p;
    seqs[i] = s;
  }

  /** The earliest live event without removing it, or undefined when empty. */
  peek(): ScheduledEvent | undefined {
    this.dropCancelledHead();
    return this.n > 0 ? this.events[0] : undefined;
  }

  /** Removes and returns the earliest live event, or undefined when empty. */
  pop(): ScheduledEvent | undefined {
    this.dropCancelledHead();
    return this.removeHead();
  }

  /** Removes the head; only valid right after `peek()` returned an event. */
  popPeeked(): ScheduledEvent {
    return this.removeHead()!;
  }

  /** Marks an event cancelled. Returns false if it was already cancelled. */
  cancel(event: ScheduledEvent): boolean {
    if (event.cancelled) return false;
    event.cancelled = true;
    this.cancelledInHeap++;
    if (this.cancelledInHeap > 1024 && this.cancelledInHeap * 2 > this.n) this.compact();
    return true;
  }

  private dropCancelledHead(): void {
    while (this.n > 0 && this.events[0]!.cancelled) {
      this.removeHead();
      this.cancelledInHeap--;
    }
  }

  private removeHead(): ScheduledEvent | undefined {
    if (this.n === 0) return undefined;
    const events = this.events;
    const top = events[0];
    const n = --this.n;
    const last = events[n]!;
    events[n] = undefined;
    if (n === 0) return top;
    const times = this.times;
    const priorities = this.priorities;
    const seqs = this.seqs;
    const t = times[n]!;
    const p = priorities[n]!;
    const s = seqs[n]!;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      let ct = times[left]!;
      let cp = priorities[left]!;
      let cs = seqs[left]!;
      if (right < n) {
        const rt = times[right]!;
        if (rt < ct || (rt === ct && (priorities[right]! < cp || (priorities[right]! === cp && seqs[right]! < cs)))) {
          child = right;
          ct = rt;
          cp = priorities[right]!;
          cs = seqs[right]!;
        }
      }
      // Stop once the moving event comes before the smaller child.
      if (t < ct || (t === ct && (p < cp || (p === cp && s < cs)))) break;
      events[i] = events[child];
      times[i] = ct;
      priorities[i] = cp;
      seqs[i] = cs;
      i = child;
    }
    events[i] = last;
    times[i] = t;
    priorities[i] = p;
    seqs[i] = s;
    return top;
  }

  private grow(): void {
    const size = this.times.length * 2;
    const times = new Float64Array(size);
    const priorities = new Float64Array(size);
    const seqs = new Float64Array(size);
    times.set(this.times);
    priorities.set(this.priorities);
    seqs.set(this.seqs);
    this.times = times;
    this.priorities = priorities;
    this.seqs = seqs;
  }

  /** Rebuilds the heap without cancelled events. Order is unaffected: it is total. */
  private compact(): void {
    const live: ScheduledEvent[] = [];
    for (let i = 0; i < this.n; i++) {
      const e = this.events[i]!;
      if (!e.cancelled) live.push(e);
    }
    this.events = [];
    this.n = 0;
    this.cancelledInHeap = 0;
    for (const e of live) this.push(e);
  }
}
