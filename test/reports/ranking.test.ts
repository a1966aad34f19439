import { describe, expect, it } from 'vitest';
import type { TableRow } from '../../lib/stats/aggregate.js';
import { aggregatePoints } from '../../lib/stats/aggregate.js';
import { mainEffects } from '../../reports/effects.js';
import { recommendationLines } from '../../reports/explain.js';
import type { RankingRule } from '../../reports/ranking.js';
import { pairedDifference, rankPoints, seedRuns } from '../../reports/ranking.js';

/** Runs of points given as per-seed values of each metric: { a: [seed1, seed2, ...] }. */
function sweep(values: Record<string, number[]>[]): { points: TableRow[]; runs: TableRow[] } {
  const runs: TableRow[] = [];
  values.forEach((metrics, point) => {
    const seeds = Object.values(metrics)[0]!.length;
    for (let s = 0; s < seeds; s++) runs.push({ point, knob: point, seed: s + 1, ...Object.fromEntries(Object.entries(metrics).map(([m, v]) => [m, v[s]!])) });
  });
  const points = aggregatePoints(runs, { knobs: ['point', 'knob'], metrics: Object.keys(values[0]!) });
  return { points, runs };
}

const rule = (over: Partial<RankingRule> = {}): RankingRule => ({
  objectives: [{ metric: 'a', goal: 'minimize' }],
  constraints: [],
  order: 'lexicographic',
  basis: 'bound',
  ...over,
});

describe('paired differences under common random numbers', () => {
  it('say "no clear difference" when the seeds disagree on the sign', () => {
    const { points, runs } = sweep([{ a: [10, 20, 30, 40] }, { a: [12, 18, 33, 37] }]);
    const d = pairedDifference(seedRuns(points, runs, ['knob']), 1, 0, 'a')!;
    expect(d.verdict).toBe('no clear difference');
    expect(d.lo!).toBeLessThan(0);
    expect(d.hi!).toBeGreaterThan(0);
  });

  it('find a clear difference that unpaired intervals would hide, when every seed agrees', () => {
    // Seeds vary a lot, but point 1 is 1 lower on every one of them.
    const { points, runs } = sweep([{ a: [10, 50, 90, 130] }, { a: [9, 49, 89, 129] }]);
    expect(points[1]!['a_hi']).toBeGreaterThan(points[0]!['a_lo'] as number);
    expect(pairedDifference(seedRuns(points, runs, ['knob']), 1, 0, 'a')!.verdict).toBe('better');
  });

  it('say "single seed" with one seed', () => {
    const { points, runs } = sweep([{ a: [10] }, { a: [12] }]);
    expect(pairedDifference(seedRuns(points, runs, ['knob']), 1, 0, 'a')!.verdict).toBe('single seed');
  });
});

describe('the ranking rule', () => {
  it('lets the second objective decide among points with no clear paired difference in the first', () => {
    const { points, runs } = sweep([
      { a: [10, 20, 30], b: [5, 5, 5] },
      { a: [11, 19, 29], b: [1, 1, 1] },
      { a: [50, 60, 70], b: [0, 0, 0] },
    ]);
    const r = rankPoints(
      points,
      seedRuns(points, runs, ['knob']),
      rule({
        objectives: [
          { metric: 'a', goal: 'minimize' },
          { metric: 'b', goal: 'minimize' },
        ],
      }),
    );
    expect(r.points.map((p) => p.index)).toEqual([1, 0, 2]);
  });

  it('puts Pareto layers first in pareto order', () => {
    const { points, runs } = sweep([
      { a: [1, 1], b: [9, 9] },
      { a: [2, 2], b: [10, 10] },
      { a: [9, 9], b: [1, 1] },
    ]);
    const r = rankPoints(
      points,
      seedRuns(points, runs, ['knob']),
      rule({
        order: 'pareto',
        objectives: [
          { metric: 'a', goal: 'minimize' },
          { metric: 'b', goal: 'minimize' },
        ],
      }),
    );
    expect(r.points.map((p) => [p.index, p.layer])).toEqual([
      [0, 1],
      [2, 1],
      [1, 2],
    ]);
  });

  it('orders the points that miss a constraint nearest miss first, after every qualifying point', () => {
    const { points, runs } = sweep([
      { a: [1, 1], c: [500, 500] },
      { a: [2, 2], c: [320, 320] },
      { a: [3, 3], c: [100, 100] },
    ]);
    const r = rankPoints(points, seedRuns(points, runs, ['knob']), rule({ constraints: [{ metric: 'c', op: '<=', value: 300 }] }));
    expect(r.points.map((p) => [p.index, p.qualifies])).toEqual([
      [2, true],
      [1, false],
      [0, false],
    ]);
    expect(r.points[1]!.misses[0]!.margin).toBe(20);
  });

  it('names the binding constraint, the nearest miss and a knob that cannot move the metric when nothing qualifies', () => {
    // The knob moves a but leaves c where it is: c is set by something the sweep does not vary.
    const { points, runs } = sweep([
      { a: [1, 2, 3], c: [400, 410, 420] },
      { a: [5, 6, 7], c: [401, 409, 420] },
    ]);
    const seeds = seedRuns(points, runs, ['knob']);
    const ranking = rankPoints(points, seeds, rule({ constraints: [{ metric: 'c', op: '<=', value: 300 }] }));
    expect(ranking.qualifying).toBe(0);
    const lines = recommendationLines({ ranking, knobs: ['knob'], seeds: 3, effects: mainEffects(points, seeds, ['knob'], ['a', 'c']), top: 2 });
    expect(lines).toContain('no point meets every constraint');
    expect(lines.find((l) => l.startsWith('binding: c<=300: 0 of 2 points meet it; the nearest, point'))).toBeDefined();
    expect(lines.find((l) => l.includes('no knob in this sweep moves c'))).toBeDefined();
    expect(lines).toContain('nearest misses (by their largest miss relative to its bound):');
    expect(lines.filter((l) => l.trimStart().startsWith('misses: c<=300 missed by'))).toHaveLength(2);
  });
});
