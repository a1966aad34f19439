import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dominates, paretoFlags } from '../../lib/stats/pareto.js';

/** The definition, checked pairwise. */
function bruteForce(rows: readonly Record<string, number>[], fields: readonly string[]): boolean[] {
  const v = rows.map((r) => fields.map((f) => r[f]!));
  return v.map((a, i) => !v.some((b, j) => j !== i && dominates(b, a)));
}

describe('the Pareto frontier', () => {
  it('keeps the settings no other setting beats on every objective', () => {
    const rows = [
      { flaps: 1, reaction: 300 },
      { flaps: 5, reaction: 60 },
      { flaps: 3, reaction: 120 },
      { flaps: 4, reaction: 200 }, // dominated by (3, 120)
      { flaps: 1, reaction: 400 }, // dominated by (1, 300)
    ];
    expect(paretoFlags(rows, ['flaps', 'reaction'])).toEqual([true, true, true, false, false]);
  });

  it('keeps every copy of a duplicated optimum', () => {
    expect(
      paretoFlags(
        [
          { a: 1, b: 1 },
          { a: 1, b: 1 },
          { a: 2, b: 2 },
        ],
        ['a', 'b'],
      ),
    ).toEqual([true, true, false]);
  });

  it('maximizes objectives marked max', () => {
    const rows = [
      { cost: 10, served: 100 },
      { cost: 10, served: 90 },
      { cost: 5, served: 80 },
    ];
    expect(paretoFlags(rows, ['cost', { field: 'served', goal: 'max' }])).toEqual([true, false, true]);
  });

  it('computes one frontier per group', () => {
    const rows = [
      { s: 'a', x: 1, y: 1 },
      { s: 'b', x: 5, y: 5 },
      { s: 'a', x: 2, y: 2 },
    ];
    expect(paretoFlags(rows, ['x', 'y'], 's')).toEqual([true, true, false]);
  });

  it('leaves rows with a missing value off the frontier', () => {
    expect(paretoFlags([{ x: 1 }, { x: 2, y: 0 }, { x: Number.NaN, y: 0 }], ['x', 'y'])).toEqual([false, true, false]);
  });

  it('agrees with the pairwise definition on random tables', () => {
    const row = fc.record({ a: fc.integer({ min: 0, max: 6 }), b: fc.integer({ min: 0, max: 6 }), c: fc.integer({ min: 0, max: 6 }) });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), (rows) => {
        expect(paretoFlags(rows, ['a', 'b', 'c'])).toEqual(bruteForce(rows, ['a', 'b', 'c']));
        expect(paretoFlags(rows, ['a', 'b'])).toEqual(bruteForce(rows, ['a', 'b']));
      }),
      { numRuns: 300 },
    );
  });
});
