import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UNLABELLED } from '../../sim/engine/event-label.js';
import { EventQueue, type ScheduledEvent } from '../../sim/engine/event-queue.js';

function event(time: number, priority: number, seq: number): ScheduledEvent {
  return { time, priority, seq, action: () => {}, label: UNLABELLED, cancelled: false };
}

type Op = { kind: 'push'; time: number; priority: number } | { kind: 'pop' } | { kind: 'cancel'; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('push' as const), time: fc.integer({ min: 0, max: 20 }), priority: fc.integer({ min: -2, max: 2 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('pop' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
);

describe('EventQueue', () => {
  it('pops in (time, priority, seq) order, exactly like a sorted array, under any mix of push, pop and cancel', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const queue = new EventQueue();
        let oracle: ScheduledEvent[] = [];
        let seq = 0;
        for (const o of ops) {
          if (o.kind === 'push') {
            const e = event(o.time, o.priority, seq++);
            queue.push(e);
            oracle.push(e);
            oracle.sort((a, b) => a.time - b.time || a.priority - b.priority || a.seq - b.seq);
          } else if (o.kind === 'pop') {
            expect(queue.pop()).toBe(oracle.shift());
          } else if (oracle.length > 0) {
            const victim = oracle[o.pick % oracle.length]!;
            queue.cancel(victim);
            oracle = oracle.filter((e) => e !== victim);
          }
          expect(queue.size).toBe(oracle.length);
        }
        while (oracle.length > 0) expect(queue.pop()).toBe(oracle.shift());
        expect(queue.pop()).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('never returns a cancelled event, even after thousands of cancellations trigger a compaction', () => {
    const queue = new EventQueue();
    const events = Array.from({ length: 5000 }, (_, i) => event(i % 97, 0, i));
    for (const e of events) queue.push(e);
    for (const e of events) if (e.seq % 3 !== 0) queue.cancel(e);
    const popped: number[] = [];
    for (let e = queue.pop(); e; e = queue.pop()) popped.push(e.seq);
    expect(popped.every((s) => s % 3 === 0)).toBe(true);
    expect(popped).toHaveLength(Math.ceil(5000 / 3));
  });

  it('reports a second cancellation of the same event as a no-op', () => {
    const queue = new EventQueue();
    const e = event(1, 0, 0);
    queue.push(e);
    expect(queue.cancel(e)).toBe(true);
    expect(queue.cancel(e)).toBe(false);
    expect(queue.size).toBe(0);
  });
});
