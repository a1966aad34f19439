import { describe, expect, it } from 'vitest';
import { metricColumns } from '../../experiments/sweep/metrics.js';
import type { SweepPlan } from '../../experiments/sweep/plan.js';
import { pointColumns, pointRow, summaryColumns, sweepResults } from '../../experiments/sweep/results.js';
import type { RunRecord } from '../../experiments/sweep/run-store.js';

/** A two-point, two-seed plan over two made-up fixed metrics, minimizing both. */
const plan: SweepPlan = {
  name: 't',
  description: '',
  title: 't',
  metricsLabel: 'summary',
  metrics: ['a', 'b'],
  pareto: ['a', 'b'],
  raw: {},
  configHash: 'h',
  design: 'grid',
  knobs: ['k'],
  points: [[1], [2]],
  seeds: [7, 8],
  runCount: 4,
};

function record(index: number, summary: Record<string, number | null>, extra: Record<string, number | null>): [number, RunRecord] {
  return [index, { config: 'h', point: Math.floor(index / 2), seed: 7 + (index % 2), fingerprint: `f${index}`, summary, extra }];
}

describe('the metric columns of a sweep', () => {
  it('are the fixed metrics, then each extra name in the order runs first report it, read in run order', () => {
    expect(
      metricColumns(
        ['a', 'b'],
        [
          { 'x.m': 1, 'y.m': 2 },
          { 'w.m': 3, 'x.m': 4 },
          { a: 0, 'z.m': null },
        ],
      ),
    ).toEqual({ all: ['a', 'b', 'x.m', 'y.m', 'w.m', 'z.m'], extra: ['x.m', 'y.m', 'w.m', 'z.m'] });
  });
});

describe('sweep results with extra metrics', () => {
  const records = new Map([
    record(0, { a: 1, b: 4 }, { 'c.t': 10, 'c.u': null }),
    record(1, { a: 3, b: 2 }, { 'c.t': null, 'c.u': null }),
    record(2, { a: 5, b: 5 }, { 'c.t': 30 }),
    record(3, { a: 7, b: 5 }, { 'c.t': 50, 'c.v': 1 }),
  ]);
  const results = sweepResults(plan, records);

  it('put the extras after the fixed metrics, and null as an empty summary.csv cell', () => {
    expect(results.metrics).toEqual(['a', 'b', 'c.t', 'c.u', 'c.v']);
    expect(summaryColumns(plan, results)).toEqual(['point', 'seed', 'k', 'a', 'b', 'c.t', 'c.u', 'c.v', 'fingerprint']);
    expect(results.runs[1]).toEqual({ point: 0, seed: 8, k: 1, a: 3, b: 2, 'c.t': '', 'c.u': '', 'c.v': '', fingerprint: 'f1' });
  });

  it('average an extra metric over the seeds that have a value, and give a point with none empty cells and n 0', () => {
    const [p0, p1] = results.points;
    expect(p0!.metrics['c.t']).toEqual({ n: 1, mean: 10 });
    expect(p0!.metrics['c.u']).toEqual({ n: 0 });
    expect(p1!.metrics['c.t']).toMatchObject({ n: 2, mean: 40 });
    expect(p1!.metrics['c.t']!.lo).toBeLessThan(40);
    const row = pointRow(p0!, results, true);
    expect(row).toMatchObject({ 'c.t_mean': 10, 'c.t_lo': '', 'c.t_n': 1, 'c.u_mean': '', 'c.u_lo': '', 'c.u_hi': '', 'c.u_n': 0 });
    expect(pointColumns(plan, results)).toEqual([
      'point',
      'k',
      'n',
      'a_mean',
      'a_lo',
      'a_hi',
      'b_mean',
      'b_lo',
      'b_hi',
      'c.t_mean',
      'c.t_lo',
      'c.t_hi',
      'c.t_n',
      'c.u_mean',
      'c.u_lo',
      'c.u_hi',
      'c.u_n',
      'c.v_mean',
      'c.v_lo',
      'c.v_hi',
      'c.v_n',
      'pareto',
    ]);
  });

  it("flag the frontier of the plan's objectives, and write an empty pareto cell when it has none", () => {
    expect(results.points.map((p) => p.pareto)).toEqual([true, false]);
    expect(pointRow(results.points[0]!, results, false)['pareto']).toBe('');
    expect(sweepResults({ ...plan, pareto: [] }, records).points.map((p) => p.pareto)).toEqual([false, false]);
  });

  it('read a record without extras (run-store format 1) as having none', () => {
    const old = new Map(
      [...records].map(([i, r]): [number, RunRecord] => [
        i,
        { config: r.config, point: r.point, seed: r.seed, fingerprint: r.fingerprint, summary: r.summary },
      ]),
    );
    expect(sweepResults(plan, old).metrics).toEqual(['a', 'b']);
  });
});

describe('sweep results with a nullable fixed metric (a study time that never happened)', () => {
  // Fixed metric `a` is a time that may never happen; `b` is always a number.
  const nullable: SweepPlan = { ...plan, nullable: ['a'] };
  const records = new Map([
    record(0, { a: null, b: 4 }, {}),
    record(1, { a: 3, b: 2 }, {}),
    record(2, { a: null, b: 1 }, {}),
    record(3, { a: null, b: 1 }, {}),
  ]);
  const results = sweepResults(nullable, records);

  it('write null as an empty summary.csv cell, not as a number', () => {
    expect(results.runs[0]).toEqual({ point: 0, seed: 7, k: 1, a: '', b: 4, fingerprint: 'f0' });
  });

  it('average only the seeds with a value, and say how many in <metric>_n', () => {
    expect(results.points[0]!.metrics['a']).toEqual({ n: 1, mean: 3 });
    expect(results.points[0]!.metrics['b']).toMatchObject({ n: 2, mean: 3 });
    expect(results.countedMetrics).toEqual(['a']);
    expect(pointColumns(nullable, results)).toEqual(['point', 'k', 'n', 'a_mean', 'a_lo', 'a_hi', 'a_n', 'b_mean', 'b_lo', 'b_hi', 'pareto']);
    expect(pointRow(results.points[0]!, results, true)).toMatchObject({ n: 2, a_mean: 3, a_lo: '', a_n: 1 });
    expect(pointRow(results.points[1]!, results, true)).toMatchObject({ n: 2, a_mean: '', a_lo: '', a_hi: '', a_n: 0 });
  });

  it('keep a point whose objective is null in every seed off the frontier, however good its other objectives', () => {
    // Point 1 has the best b, but a never happened in any of its seeds: it has no mean of a, so it cannot be on the frontier.
    expect(results.points.map((p) => p.pareto)).toEqual([true, false]);
    expect(pointRow(results.points[1]!, results, true)['pareto']).toBe('false');
  });

  it('give the same columns whether or not any run was null, so they never depend on outcomes', () => {
    const allValues = new Map([...records].map(([i, r]): [number, RunRecord] => [i, { ...r, summary: { ...r.summary, a: 1 } }]));
    expect(pointColumns(nullable, sweepResults(nullable, allValues))).toEqual(pointColumns(nullable, results));
  });
});
