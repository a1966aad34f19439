import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY, EventHandle, EventQueue } from '../../sim/engine/event-queue.js';

/** A pushed event as the oracle sees it; `id` comes back as the label hash so pops can be told apart. */
interface Pushed {
  readonly time: number;
  readonly priority: number;
  readonly seq: number;
  readonly handle: EventHandle | undefined;
}

/** Pops the next live event: its id (the label hash it was pushed with), or undefined when empty. */
function pop(queue: EventQueue): number | undefined {
  if (queue.nextTime() === EMPTY) return undefined;
  queue.take();
  return queue.takenLabelHash;
}

function push(queue: EventQueue, time: number, priority: number, id: number, withHandle: boolean): EventHandle | undefined {
  const handle = withHandle ? new EventHandle() : undefined;
  queue.push(time, priority, () => {}, id, handle);
  return handle;
}

type Op = { kind: 'push'; time: number; priority: number; handle: boolean } | { kind: 'pop' } | { kind: 'cancel'; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('push' as const),
      time: fc.integer({ min: 0, max: 20 }),
      // Fractional priorities occur (the world orders faults at -1.5).
      priority: fc.constantFrom(-2, -1.5, -1, 0, 1, 2),
      handle: fc.boolean(),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('pop' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
);

describe('EventQueue', () => {
  it('pops in (time, priority, seq) order, exactly like a sorted array, under any mix of push, pop and cancel', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const queue = new EventQueue();
        let oracle: Pushed[] = [];
        let seq = 0;
        for (const o of ops) {
          if (o.kind === 'push') {
            const handle = push(queue, o.time, o.priority, seq, o.handle);
            oracle.push({ time: o.time, priority: o.priority, seq: seq++, handle });
            oracle.sort((a, b) => a.time - b.time || a.priority - b.priority || a.seq - b.seq);
          } else if (o.kind === 'pop') {
            const next = oracle.shift();
            if (next !== undefined) expect(queue.nextTime()).toBe(next.time);
            expect(pop(queue)).toBe(next?.seq);
          } else {
            const cancellable = oracle.filter((e) => e.handle !== undefined);
            if (cancellable.length === 0) continue;
            const victim = cancellable[o.pick % cancellable.length]!;
            expect(queue.cancel(victim.handle!)).toBe(true);
            oracle = oracle.filter((e) => e !== victim);
          }
          expect(queue.size).toBe(oracle.length);
        }
        while (oracle.length > 0) expect(pop(queue)).toBe(oracle.shift()!.seq);
        expect(pop(queue)).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('never returns a cancelled event, even after thousands of cancellations trigger a compaction', () => {
    const queue = new EventQueue();
    const handles = Array.from({ length: 5000 }, (_, i) => push(queue, i % 97, 0, i, true)!);
    handles.forEach((h, i) => {
      if (i % 3 !== 0) queue.cancel(h);
    });
    const popped: number[] = [];
    for (let id = pop(queue); id !== undefined; id = pop(queue)) popped.push(id);
    expect(popped.every((id) => id % 3 === 0)).toBe(true);
    expect(popped).toHaveLength(Math.ceil(5000 / 3));
  });

  it('reports a second cancellation of the same event as a no-op', () => {
    const queue = new EventQueue();
    const handle = push(queue, 1, 0, 0, true)!;
    expect(queue.cancel(handle)).toBe(true);
    expect(queue.cancel(handle)).toBe(false);
    expect(queue.size).toBe(0);
  });

  it('reports cancelling an event that already fired as a no-op, even once its slot holds another event', () => {
    const queue = new EventQueue();
    const fired = push(queue, 1, 0, 1, true)!;
    expect(pop(queue)).toBe(1);
    // The freed slot is reused at once: the stale handle must not reach the new event.
    push(queue, 2, 0, 2, true);
    expect(queue.cancel(fired)).toBe(false);
    expect(pop(queue)).toBe(2);
  });

  it('keeps the order while growing far past its initial capacity', () => {
    const queue = new EventQueue();
    const times = Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 1000);
    times.forEach((t, i) => push(queue, t, 0, i, false));
    const popped: number[] = [];
    for (let id = pop(queue); id !== undefined; id = pop(queue)) popped.push(id);
    const expected = times.map((t, i) => ({ t, i })).sort((a, b) => a.t - b.t || a.i - b.i);
    expect(popped).toEqual(expected.map((e) => e.i));
  });
});
