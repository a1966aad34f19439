import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatencyWindow } from '../../sim/world/latency-window.js';

describe('a latency window', () => {
  it('gives exact nearest-rank percentiles, the same as sorting every value', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 500 }),
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 4 }),
        (xs, ps) => {
          const w = new LatencyWindow();
          for (const x of xs) w.record(x);
          const sorted = [...xs].sort((a, b) => a - b);
          const want = ps.map((p) => sorted[Math.ceil((p / 100) * xs.length) - 1]);
          expect(w.percentiles(ps)).toEqual(want);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reports NaN for an empty window and starts afresh after reset', () => {
    const w = new LatencyWindow();
    expect(w.percentiles([50])).toEqual([Number.NaN]);
    for (let i = 1; i <= 2000; i++) w.record(i);
    expect(w.percentiles([50, 95, 99])).toEqual([1000, 1900, 1980]);
    expect(w.mean).toBe(1000.5);
    w.reset();
    w.record(7);
    expect(w.percentiles([99])).toEqual([7]);
  });
});
