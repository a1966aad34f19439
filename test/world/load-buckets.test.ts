import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LoadBuckets } from '../../sim/world/load-buckets.js';

/** The rule by brute force: the first position from `from`, wrapping, whose load is the least. */
function firstLeast(loads: readonly number[], from: number): number {
  if (loads.length === 0) return -1;
  const least = Math.min(...loads);
  for (let k = 0; k < loads.length; k++) {
    const i = (from + k) % loads.length;
    if (loads[i] === least) return i;
  }
  return -1;
}

describe('LoadBuckets', () => {
  it('finds the first least-loaded position from any start, wrapping, as loads move up and down', () => {
    fc.assert(
      fc.property(
        // Sizes around word (32) and summary (1024) boundaries.
        fc.constantFrom(1, 2, 31, 32, 33, 64, 65, 200, 1023, 1025, 2100),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: -3, max: 3 }), fc.nat()), { maxLength: 300 }),
        (n, ops) => {
          const loads = Array.from({ length: n }, (_, i) => i % 3);
          const buckets = new LoadBuckets(loads);
          for (const [pick, delta, from] of ops) {
            const i = pick % n;
            loads[i] = Math.max(0, loads[i]! + delta);
            buckets.set(i, loads[i]!);
            expect(buckets.min()).toBe(Math.min(...loads));
            expect(buckets.firstLeast(from % n)).toBe(firstLeast(loads, from % n));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('handles jumps of any size, such as an endpoint losing all its requests at once', () => {
    const buckets = new LoadBuckets([7, 7, 9]);
    expect(buckets.firstLeast(2)).toBe(0);
    buckets.set(2, 0);
    expect(buckets.min()).toBe(0);
    expect(buckets.firstLeast(0)).toBe(2);
    buckets.set(2, 40);
    expect(buckets.min()).toBe(7);
    expect(buckets.firstLeast(1)).toBe(1);
  });

  it('accepts only whole non-negative loads, and has no pick when empty', () => {
    expect(LoadBuckets.accepts([0, 3, 12])).toBe(true);
    expect(LoadBuckets.accepts([0, 0.5])).toBe(false);
    expect(LoadBuckets.accepts([-1])).toBe(false);
    expect(new LoadBuckets([]).firstLeast(0)).toBe(-1);
  });
});
