import type { Micros } from '../../lib/time.js';

/** What an event does when it fires. It runs at the event's time, with `Simulation.now` set to it. */
export type EventAction = () => void;

/**
 * Handle to a pending event, for `cancel`. Opaque to callers: only the queue
 * reads or writes its fields.
 */
export class EventHandle {
  /** The queue slot holding the event while it is pending. */
  slot = -1;
  /** True once the event fired or was cancelled: cancelling it again is a no-op. */
  done = false;
}

/** What `nextTime` returns when no live event is pending (event times are ≥ 0). */
export const EMPTY = -1;

const INITIAL_CAPACITY = 64;

/**
 * A binary min-heap of events ordered by `(time, priority, seq)`, each
 * ascending, where `seq` is the order in which events were pushed.
 *
 * Because `seq` is unique and increasing, the order is total: two events
 * never compare equal, so the pop order is fully determined by what was
 * pushed, never by the heap's internal layout.
 *
 * Layout, chosen for the event loop's hot path: the heap itself is two typed
 * arrays, each position's time and the slot of its event, so a sift step
 * compares flat doubles and moves two numbers, with no object per event and
 * no write barrier. A slot keeps the rest of an event (priority, seq, label
 * hash, action, handle); priority and seq are read only when two times tie.
 * Slots are recycled through a free list, so steady-state scheduling
 * allocates nothing unless the caller asks for a cancellation handle.
 *
 * Cancellation is lazy (the slot is flagged and skipped at the head), with a
 * compaction when cancelled events outnumber live ones, so the heap holds
 * O(live events) whatever the cancellation pattern.
 */
export class EventQueue {
  /** Heap position → event time. */
  private times = new Float64Array(INITIAL_CAPACITY);
  /** Heap position → slot. */
  private slots = new Int32Array(INITIAL_CAPACITY);
  /** Events in the heap, cancelled ones included. */
  private n = 0;
  /** Slot → priority. */
  private priorities = new Float64Array(INITIAL_CAPACITY);
  /** Slot → seq. */
  private seqs = new Float64Array(INITIAL_CAPACITY);
  /** Slot → label hash. */
  private hashes = new Uint32Array(INITIAL_CAPACITY);
  /** Slot → 1 when cancelled. */
  private dead = new Uint8Array(INITIAL_CAPACITY);
  /** Slot → action. */
  private actions: (EventAction | undefined)[] = new Array<EventAction | undefined>(INITIAL_CAPACITY).fill(undefined);
  /** Slot → handle, for events pushed with one. */
  private handles: (EventHandle | undefined)[] = new Array<EventHandle | undefined>(INITIAL_CAPACITY).fill(undefined);
  /** Free slots, a stack: entries [0, freeTop). */
  private free = Int32Array.from({ length: INITIAL_CAPACITY }, (_, i) => INITIAL_CAPACITY - 1 - i);
  private freeTop = INITIAL_CAPACITY;
  private nextSeq = 0;
  private cancelledInHeap = 0;

  /** Label hash of the event `take` returned last. */
  takenLabelHash = 0;

  /** Number of live (not cancelled) pending events. */
  get size(): number {
    return this.n - this.cancelledInHeap;
  }

  /**
   * Adds an event at `time` (a double ≥ 0); `handle`, when given, is bound to
   * it for `cancel`. O(log n).
   */
  push(time: Micros, priority: number, action: EventAction, labelHash: number, handle?: EventHandle): void {
    if (this.n === this.times.length) this.grow();
    const slot = this.free[--this.freeTop]!;
    this.priorities[slot] = priority;
    this.seqs[slot] = this.nextSeq++;
    this.hashes[slot] = labelHash;
    this.actions[slot] = action;
    if (handle !== undefined) {
      handle.slot = slot;
      this.handles[slot] = handle;
    }
    const times = this.times;
    const slots = this.slots;
    const priorities = this.priorities;
    let i = this.n++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      // The new event has the largest seq, so a parent at the same time comes first unless its priority is higher.
      if (pt < time || (pt === time && priorities[slots[parent]!]! <= priority)) break;
      times[i] = pt;
      slots[i] = slots[parent]!;
      i = parent;
    }
    times[i] = time;
    slots[i] = slot;
  }

  /** Time of the earliest live event, or `EMPTY` when there is none. */
  nextTime(): Micros {
    while (this.n > 0) {
      const slot = this.slots[0]!;
      if (this.dead[slot] === 0) return this.times[0]!;
      this.dead[slot] = 0;
      this.cancelledInHeap--;
      this.release(slot);
      this.removeHead();
    }
    return EMPTY;
  }

  /**
   * Removes the earliest live event and returns its action; its label hash
   * is left in `takenLabelHash`. Only valid right after `nextTime()`
   * returned a time.
   */
  take(): EventAction {
    const slot = this.slots[0]!;
    const action = this.actions[slot]!;
    this.takenLabelHash = this.hashes[slot]!;
    const handle = this.handles[slot];
    if (handle !== undefined) {
      // Fired: a late cancel reports false and does not skew the count.
      handle.done = true;
      this.handles[slot] = undefined;
    }
    this.release(slot);
    this.removeHead();
    return action;
  }

  /** Marks a pending event cancelled. Returns false if it already fired or was cancelled. */
  cancel(handle: EventHandle): boolean {
    if (handle.done) return false;
    handle.done = true;
    const slot = handle.slot;
    this.handles[slot] = undefined;
    this.actions[slot] = undefined;
    this.dead[slot] = 1;
    this.cancelledInHeap++;
    if (this.cancelledInHeap > 1024 && this.cancelledInHeap * 2 > this.n) this.compact();
    return true;
  }

  /** Returns a slot to the free list; its action is dropped so the queue retains only pending work. */
  private release(slot: number): void {
    this.actions[slot] = undefined;
    this.free[this.freeTop++] = slot;
  }

  /** Removes heap position 0 (whose slot the caller has released). */
  private removeHead(): void {
    const m = --this.n;
    if (m > 0) this.siftDown(0, this.times[m]!, this.slots[m]!);
  }

  /** Whether slot `a`'s event comes before slot `b`'s at the same time: (priority, seq) ascending. */
  private tieBefore(a: number, b: number): boolean {
    const pa = this.priorities[a]!;
    const pb = this.priorities[b]!;
    return pa < pb || (pa === pb && this.seqs[a]! < this.seqs[b]!);
  }

  /** Doubles every array; the new slots go on the free list. */
  private grow(): void {
    const cap = this.times.length;
    const size = cap * 2;
    const widen = <A extends Float64Array | Int32Array | Uint32Array | Uint8Array>(a: A, make: (n: number) => A): A => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.times = widen(this.times, (k) => new Float64Array(k));
    this.slots = widen(this.slots, (k) => new Int32Array(k));
    this.priorities = widen(this.priorities, (k) => new Float64Array(k));
    this.seqs = widen(this.seqs, (k) => new Float64Array(k));
    this.hashes = widen(this.hashes, (k) => new Uint32Array(k));
    this.dead = widen(this.dead, (k) => new Uint8Array(k));
    for (let i = cap; i < size; i++) {
      this.actions.push(undefined);
      this.handles.push(undefined);
    }
    // Every old slot is in use (the heap was full), so the free list is just the new ones.
    const free = new Int32Array(size);
    for (let i = 0; i < cap; i++) free[i] = size - 1 - i;
    this.free = free;
    this.freeTop = cap;
  }

  /** Rebuilds the heap without cancelled events. Order is unaffected: it is total. */
  private compact(): void {
    const times = this.times;
    const slots = this.slots;
    let live = 0;
    for (let i = 0; i < this.n; i++) {
      const slot = slots[i]!;
      if (this.dead[slot] === 1) {
        this.dead[slot] = 0;
        this.release(slot);
      } else {
        times[live] = times[i]!;
        slots[live] = slot;
        live++;
      }
    }
    this.n = live;
    this.cancelledInHeap = 0;
    // Floyd's heapify: sift every internal position down, last first.
    for (let i = (live >> 1) - 1; i >= 0; i--) this.siftDown(i, times[i]!, slots[i]!);
  }

  /** Places the event (time `t`, slot `s`) at position `start` or below, moving earlier children up. */
  private siftDown(start: number, t: number, s: number): void {
    const times = this.times;
    const slots = this.slots;
    const m = this.n;
    let i = start;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= m) break;
      let ct = times[c]!;
      if (c + 1 < m) {
        const rt = times[c + 1]!;
        if (rt < ct || (rt === ct && this.tieBefore(slots[c + 1]!, slots[c]!))) {
          c++;
          ct = rt;
        }
      }
      if (t < ct || (t === ct && this.tieBefore(s, slots[c]!))) break;
      times[i] = ct;
      slots[i] = slots[c]!;
      i = c;
    }
    times[i] = t;
    slots[i] = s;
  }
}
