import { describe, expect, it } from 'vitest';
import type { TableRow } from '../../lib/stats/aggregate.js';
import { aggregatePoints } from '../../lib/stats/aggregate.js';
import { syntheticSweep } from '../support/sample-report-data.js';
import {
  SWEEP_REPORT_LIMITS,
  analyzeSweep,
  knobLabels,
  metricGoal,
  rankedSettings,
  sortedKnobValues,
  sweepReportHtml,
  sweepReportSpecs,
} from '../../reports/sweep-report.js';
import type { SweepReportData } from '../../reports/sweep-report.js';
import { compileWarnings, scriptJson } from './helpers.js';

type Datum = Record<string, unknown>;

function scatter(data: SweepReportData): Datum[] {
  return (sweepReportSpecs(data)['tradeoff'] as unknown as { datasets: { scatter: Datum[] } }).datasets.scatter;
}

describe('the sweep report', () => {
  // 1,000 runs: 50 knob points × 20 seeds over two knobs.
  const sweep = syntheticSweep();

  it('compiles every chart with Vega-Lite without a warning', () => {
    const specs = sweepReportSpecs(sweep);
    expect(Object.keys(specs)).toEqual(['tradeoff', 'heatmaps', 'pick']);
    for (const [id, spec] of Object.entries(specs)) expect([id, compileWarnings(spec)]).toEqual([id, []]);
  });

  it('lets the reader pick any two metrics, flaps against SLO violation by default and cost among the choices', () => {
    const pick = sweepReportSpecs(sweep)['pick'] as unknown as { params: { name: string; value: string; bind: { options: string[] } }[] };
    const [y, x] = pick.params;
    expect([y!.value, x!.value]).toEqual(['flaps_per_hour', 'slo_violation_s']);
    expect(x!.bind.options).toEqual(expect.arrayContaining(['flaps_per_hour', 'slo_violation_s', 'instance_hours', 'shortfall_requests']));
  });

  it("clamps a heatmap's colour scale at the 5th and 95th percentile, so one outlier cannot wash it out", () => {
    // The defect: one point with a huge SLO violation turned every other cell the same pale colour.
    const outlier = { ...sweep, points: sweep.points.map((p, i) => (i === 0 ? { ...p, slo_violation_s_mean: 1e6 } : p)) };
    const heat = sweepReportSpecs(outlier)['heatmaps'] as unknown as {
      concat: { title: { text: string }; layer: { encoding: { color: { scale?: { domain?: number[]; clamp?: boolean } } } }[] }[];
    };
    const slo = heat.concat.find((u) => u.title.text === 'slo_violation_s')!;
    const scale = slo.layer[0]!.encoding.color.scale!;
    expect(scale.clamp).toBe(true);
    expect(scale.domain![1]).toBeLessThan(1e5);
  });

  it('draws every point with its 95% interval and a sample of the runs', () => {
    const values = scatter(sweep);
    const points = values.filter((v) => v['kind'] === 'point');
    expect(points).toHaveLength(50);
    expect(points.every((p) => (p['x_lo'] as number) <= (p['x'] as number) && (p['x'] as number) <= (p['x_hi'] as number))).toBe(true);
    expect(values.filter((v) => v['kind'] === 'run')).toHaveLength(1000);
  });

  it('draws the Pareto staircase through points no other point beats on both axes', () => {
    const points = scatter(sweep).filter((v) => v['kind'] === 'point');
    const front = points.filter((p) => p['front']);
    expect(front.length).toBeGreaterThan(1);
    for (const f of front) {
      const beaten = points.some(
        (q) =>
          (q['x'] as number) <= (f['x'] as number) &&
          (q['y'] as number) <= (f['y'] as number) &&
          ((q['x'] as number) < (f['x'] as number) || (q['y'] as number) < (f['y'] as number)),
      );
      expect(beaten).toBe(false);
    }
  });

  it('labels a knob on a list entry with the entry, never a bare "value"', () => {
    // The defect: the heatmap axis of an HPA policy's Percent value read "value".
    expect(
      knobLabels(['controllers.autoscaler.behavior.scaleDown.stabilizationWindowSeconds', 'controllers.autoscaler.behavior.scaleDown.policies[0].value']),
    ).toEqual(['stabilizationWindowSeconds', 'policies[0].value']);
  });

  it('marks the recommended setting in the scatter and the ranked table', () => {
    const rec = scatter(sweep).filter((v) => v['rec']);
    expect(rec).toHaveLength(1);
    const html = sweepReportHtml(sweep);
    expect(html).toMatch(/<tr class="hl"><td>\d+ ★<\/td><td>0\.622<\/td><td>300<\/td>/);
    expect(html.match(/<tr class="hl">/g)).toHaveLength(1);
    expect(html).toContain('<h2>Recommendation</h2><p class="text">controllers.autoscaler.target = 0.622');
  });

  it('ranks settings so that no setting ranks above one that dominates it', () => {
    const a = analyzeSweep(sweep);
    const objectives = a.objectives.map((o) => `${o}_mean`);
    for (const p of a.points) {
      for (const q of a.points) {
        const dominates =
          objectives.every((o) => (q.row[o] as number) <= (p.row[o] as number)) && objectives.some((o) => (q.row[o] as number) < (p.row[o] as number));
        if (dominates) expect(q.rank).toBeLessThan(p.rank);
      }
    }
    const table = rankedSettings(sweep, 5);
    expect(table.columns.slice(0, 4)).toEqual(['rank', 'target', 'scaleDownCooldown_s', 'runs']);
    // The recommended setting is listed wherever it ranks.
    expect(table.rows.map((r) => r[0])).toEqual([1, 2, 3, 4, 5, `${a.points.find((p) => p.recommended)!.rank} ★`]);
  });

  it('averages heatmap cells across seeds, one cell per knob pair', () => {
    const heat = sweepReportSpecs(sweep)['heatmaps'] as unknown as { datasets: { cells: Datum[] }; concat: unknown[] };
    expect(heat.datasets.cells).toHaveLength(50);
    expect(heat.concat).toHaveLength(4);
    const p0 = sweep.points[0]!;
    const c0 = heat.datasets.cells.find((c) => c['x'] === p0['controllers.autoscaler.target'] && c['y'] === p0['controllers.autoscaler.scaleDownCooldown_s'])!;
    expect(c0['h0']).toBeCloseTo(p0['flaps_per_hour_mean'] as number, 3);
  });

  it('adds a heatmap per extra metric, coloured so that a higher cache hit ratio reads as better', () => {
    const ratio = (p: Datum) => 0.5 + 0.4 * (p['controllers.autoscaler.target'] as number);
    const withExtra: SweepReportData = {
      ...sweep,
      extraMetrics: ['cache.cache_hit_ratio', 'canary.time_to_detect_s'],
      points: sweep.points.map((p) => ({ ...p, 'cache.cache_hit_ratio_mean': ratio(p), 'canary.time_to_detect_s_mean': 30 })),
    };
    const specs = sweepReportSpecs(withExtra);
    expect(compileWarnings(specs['heatmaps']!)).toEqual([]);
    const heat = specs['heatmaps'] as unknown as {
      concat: { title?: unknown; layer: { encoding: { color?: { title?: string; scale?: { reverse?: boolean } } } }[] }[];
    };
    expect(heat.concat).toHaveLength(6);
    const colour = (metric: string) => heat.concat.map((u) => u.layer[0]!.encoding.color!).find((c) => c.title === metric)!;
    expect(colour('cache.cache_hit_ratio').scale?.reverse).toBe(true);
    expect(colour('canary.time_to_detect_s').scale?.reverse).toBe(false);
    expect(colour('flaps_per_hour').scale?.reverse).toBe(false);
  });

  it('uses the Pareto flags of points.csv when the sweep provides them', () => {
    const flagged: SweepReportData = { ...sweep, points: sweep.points.map((p, i) => ({ ...p, pareto: i === 7 ? 1 : 0 })) };
    expect(
      analyzeSweep(flagged)
        .points.filter((p) => p.pareto)
        .map((p) => p.index),
    ).toEqual([7]);
  });

  it('draws small multiples per scenario when runs carry a scenario', () => {
    const multi = syntheticSweep({ points: 12, seeds: 5, scenarios: ['flash-crowd', 'zone-outage'] });
    const specs = sweepReportSpecs(multi);
    for (const [id, spec] of Object.entries(specs)) expect([id, compileWarnings(spec)]).toEqual([id, []]);
    expect((specs['tradeoff'] as unknown as { facet: { field: string } }).facet.field).toBe('scenario');
    expect((specs['heatmaps'] as unknown as { concat: unknown[] }).concat).toHaveLength(8);
    // Three per scenario, plus the recommended setting wherever it ranks beyond them.
    const beyond = (s: string) => (analyzeSweep(multi).points.some((p) => p.scenario === s && p.recommended && p.rank > 3) ? 1 : 0);
    expect(rankedSettings(multi, 3).rows.map((r) => r[1])).toEqual([
      ...Array<string>(3 + beyond('flash-crowd')).fill('flash-crowd'),
      ...Array<string>(3 + beyond('zone-outage')).fill('zone-outage'),
    ]);
  });

  it('renders knob names and scenario names as text, never as markup', () => {
    const evil = syntheticSweep({
      points: 4,
      seeds: 3,
      scenarios: ['<img src=x onerror=alert(1)>'],
      name: '<script>alert(1)</script>',
      recommendation: '</script><script>alert(2)</script>',
    });
    const html = sweepReportHtml(evil);
    expect(html).toContain('<title>ctrlsim sweep: &lt;script&gt;alert(1)&lt;/script&gt;</title>');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert(');
  });

  it('gives the same bytes for the same sweep', () => {
    expect(sweepReportHtml(syntheticSweep({ points: 20, seeds: 5 }))).toBe(sweepReportHtml(syntheticSweep({ points: 20, seeds: 5 })));
  });
});

describe('a large sweep report', () => {
  it(`stays under ${SWEEP_REPORT_LIMITS.bytes / 1e6} MB for 10,000 runs (500 points × 20 seeds)`, () => {
    const big = syntheticSweep({ points: 500, seeds: 20 });
    expect(big.runs).toHaveLength(10_000);
    const html = sweepReportHtml(big);
    expect(Buffer.byteLength(html)).toBeLessThan(SWEEP_REPORT_LIMITS.bytes);
    const values = scatter(big);
    expect(values.filter((v) => v['kind'] === 'run')).toHaveLength(SWEEP_REPORT_LIMITS.runs);
    expect(values.filter((v) => v['kind'] === 'point')).toHaveLength(500);
  });

  it(`stays under ${SWEEP_REPORT_LIMITS.bytes / 1e6} MB for 10,000 single-seed points, thinning the scatter but keeping the frontier`, () => {
    const big = syntheticSweep({ points: 10_000, seeds: 1 });
    const html = sweepReportHtml(big);
    expect(Buffer.byteLength(html)).toBeLessThan(SWEEP_REPORT_LIMITS.bytes);
    const points = scatter(big).filter((v) => v['kind'] === 'point');
    expect(points.length).toBeLessThanOrEqual(SWEEP_REPORT_LIMITS.points);
    const front = analyzeSweep(big).points.filter((p) => p.front2d).length;
    expect(points.filter((p) => p['front'])).toHaveLength(front);
    const heat = scriptJson(html, 'ctrlsim-data-cells') as unknown[];
    expect(heat.length).toBeLessThanOrEqual(SWEEP_REPORT_LIMITS.axisValues ** 2);
  });

  it('names knobs by the shortest dotted suffix that tells them apart', () => {
    expect(knobLabels(['controllers.a.target', 'controllers.b.target', 'controllers.a.cooldown', 'x'])).toEqual(['a.target', 'b.target', 'cooldown', 'x']);
    expect(knobLabels(['a.b', 'a.b'])).toEqual(['a.b', 'a.b']);
  });

  it('orders duration knobs by length, not alphabetically', () => {
    expect(sortedKnobValues(['5m', '30s', '2m', '90s']).values).toEqual(['30s', '90s', '2m', '5m']);
    expect(sortedKnobValues([0.5, 0.25, 1]).values).toEqual([0.25, 0.5, 1]);
    expect(sortedKnobValues(['b', 'a']).values).toEqual(['a', 'b']);
  });

  it('groups the many values of a Latin-hypercube knob into ranges on the heatmap', () => {
    const runs: TableRow[] = [];
    for (let i = 0; i < 40; i++)
      for (const seed of [1, 2])
        runs.push({ point: i, seed, a: 0.4 + i * 0.01, b: `${30 + ((i * 7) % 40) * 10}s`, flaps_per_hour: i % 5, reaction_time_s: 40 - i });
    const data: SweepReportData = {
      name: 'lhs',
      knobs: ['a', 'b'],
      metrics: ['flaps_per_hour', 'reaction_time_s'],
      runs,
      points: aggregatePoints(runs, { knobs: ['a', 'b'], metrics: ['flaps_per_hour', 'reaction_time_s'] }).map((p, i) => ({ point: i, ...p })),
    };
    const specs = sweepReportSpecs(data);
    for (const [id, spec] of Object.entries(specs)) expect([id, compileWarnings(spec)]).toEqual([id, []]);
    const cells = (specs['heatmaps'] as unknown as { datasets: { cells: Datum[] } }).datasets.cells;
    const xs = new Set(cells.map((c) => c['x']));
    expect(xs.size).toBe(6);
    expect([...xs][0]).toMatch(/^0\.4–0\.4\d$/);
    expect(rankedSettings(data, 1).columns.slice(0, 2)).toEqual(['rank', 'point']);
  });

  it('keeps knob names with dots and brackets out of Vega-Lite field paths', () => {
    const rows: TableRow[] = [1, 2, 3].flatMap((k) => [1, 2].map((seed) => ({ 'a.b[0]': k, seed, flaps_per_hour: k * seed, reaction_time_s: 10 / k + seed })));
    const data: SweepReportData = {
      name: 'dots',
      knobs: ['a.b[0]'],
      metrics: ['flaps_per_hour', 'reaction_time_s'],
      runs: rows,
      points: [1, 2, 3].map((k) => ({ 'a.b[0]': k, n: 2, flaps_per_hour_mean: k * 1.5, reaction_time_s_mean: 10 / k + 1.5 })),
    };
    const specs = sweepReportSpecs(data);
    for (const [id, spec] of Object.entries(specs)) expect([id, compileWarnings(spec)]).toEqual([id, []]);
    expect(JSON.stringify(specs)).not.toContain('"field":"a.b[0]"');
  });
});

describe('which way a metric improves', () => {
  it('reads a service or controller metric by its bare name, so a cache hit ratio improves upwards and exposure downwards', () => {
    expect(metricGoal('flaps_per_hour')).toBe('min');
    expect(metricGoal('served_requests')).toBe('max');
    expect(metricGoal('cache.cache_hit_ratio')).toBe('max');
    expect(metricGoal('tier.cache_hit_ratio_min')).toBe('max');
    expect(metricGoal('deploy.rollout_completed')).toBe('max');
    expect(metricGoal('canary.new_version_requests')).toBe('min');
    expect(metricGoal('router.hashring_mean_join_wait_s')).toBe('min');
  });
});
