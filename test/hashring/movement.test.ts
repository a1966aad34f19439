import { describe, expect, it } from 'vitest';
import { measureLoad, measureMovement, optimalMovedFraction, type AssignmentTable } from '../../lib/hashring/index.js';

/** A table that answers from a fixed map, to test the metrics without any hashing. */
function fixed(members: readonly string[], owners: Readonly<Record<string, string>>): AssignmentTable {
  return {
    kind: 'ring',
    members,
    lookup: (key) => owners[key] ?? (members[0] as string),
    withMember: () => {
      throw new Error('not used');
    },
    withoutMember: () => {
      throw new Error('not used');
    },
  };
}

describe('movement metrics', () => {
  it('puts the optimum for adding one member to n at 1/(n+1)', () => {
    expect(optimalMovedFraction(['a', 'b', 'c'], ['a', 'b', 'c', 'd'])).toBeCloseTo(1 / 4);
  });

  it('puts the optimum for removing one member of n at 1/n', () => {
    expect(optimalMovedFraction(['a', 'b', 'c', 'd'], ['a', 'b', 'c'])).toBeCloseTo(1 / 4);
    expect(optimalMovedFraction(['a', 'b'], ['a'])).toBeCloseTo(1 / 2);
  });

  it('takes the larger share when members are both added and removed', () => {
    expect(optimalMovedFraction(['a', 'b', 'c', 'd'], ['a', 'b', 'x'])).toBeCloseTo(2 / 4);
    expect(optimalMovedFraction(['a', 'b'], ['a', 'b'])).toBe(0);
  });

  it('sorts each moved key into to-added, from-removed or between survivors', () => {
    const before = fixed(['a', 'b', 'c'], { k1: 'a', k2: 'b', k3: 'c', k4: 'a', k5: 'b' });
    const after = fixed(['a', 'b', 'd'], { k1: 'd', k2: 'a', k3: 'd', k4: 'a', k5: 'b' });
    const report = measureMovement(before, after, ['k1', 'k2', 'k3', 'k4', 'k5']);
    expect(report).toEqual({
      keys: 5,
      moved: 3,
      movedFraction: 3 / 5,
      movedToAdded: 2,
      movedFromRemoved: 1,
      movedBetweenSurvivors: 1,
      optimalFraction: 1 / 3,
      ratioToOptimal: 3 / 5 / (1 / 3),
    });
  });

  it('reports a ratio of 0 when nothing had to move and nothing did, and Infinity when something did', () => {
    const a = fixed(['a', 'b'], { k: 'a' });
    const b = fixed(['a', 'b'], { k: 'b' });
    expect(measureMovement(a, a, ['k']).ratioToOptimal).toBe(0);
    expect(measureMovement(a, b, ['k']).ratioToOptimal).toBe(Infinity);
  });
});

describe('load metrics', () => {
  it('counts keys per member, zeros included, and compares the busiest with the mean', () => {
    const table = fixed(['a', 'b', 'c'], { k1: 'a', k2: 'a', k3: 'a', k4: 'b' });
    const report = measureLoad(table, ['k1', 'k2', 'k3', 'k4']);
    expect([...report.counts]).toEqual([
      ['a', 3],
      ['b', 1],
      ['c', 0],
    ]);
    expect([report.max, report.min, report.mean, report.maxOverMean]).toEqual([3, 0, 4 / 3, 3 / (4 / 3)]);
  });
});
