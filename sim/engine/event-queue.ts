import type { Micros } from '../../lib/time.js';
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

/** The queue's total order: `(time, priority, seq)`, each ascending. */
function before(a: ScheduledEvent, b: ScheduledEvent): boolean {
  if (a.time !== b.time) return a.time < b.time;
  if (a.priority !== b.priority) return a.priority < b.priority;
  return a.seq < b.seq;
}

/**
 * A binary min-heap of events ordered by `(time, priority, seq)`.
 *
 * Because `seq` is unique and increasing, the order is total: two events
 * never compare equal, so the pop order is fully determined by what was
 * pushed, never by the heap's internal layout.
 *
 * Cancellation is lazy (the event is flagged and skipped at the head), with a
 * compaction when cancelled events outnumber live ones, so the heap holds
 * O(live events) whatever the cancellation pattern.
 */
export class EventQueue {
  private heap: ScheduledEvent[] = [];
  private cancelledInHeap = 0;

  /** Number of live (not cancelled) pending events. */
  get size(): number {
    return this.heap.length - this.cancelledInHeap;
  }

  /** Adds an event. O(log n). */
  push(event: ScheduledEvent): void {
    const heap = this.heap;
    let i = heap.length;
    heap.push(event);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!before(event, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = event;
  }

  /** The earliest live event without removing it, or undefined when empty. */
  peek(): ScheduledEvent | undefined {
    this.dropCancelledHead();
    return this.heap[0];
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
    if (this.cancelledInHeap > 1024 && this.cancelledInHeap * 2 > this.heap.length) this.compact();
    return true;
  }

  private dropCancelledHead(): void {
    while (this.heap.length > 0 && this.heap[0]!.cancelled) {
      this.removeHead();
      this.cancelledInHeap--;
    }
  }

  private removeHead(): ScheduledEvent | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    const n = heap.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      let c = heap[left]!;
      if (right < n) {
        const r = heap[right]!;
        if (before(r, c)) {
          child = right;
          c = r;
        }
      }
      if (!before(c, last)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
    return top;
  }

  /** Rebuilds the heap without cancelled events. Order is unaffected: it is total. */
  private compact(): void {
    const live = this.heap.filter((e) => !e.cancelled);
    this.heap = [];
    this.cancelledInHeap = 0;
    for (const e of live) this.push(e);
  }
}
