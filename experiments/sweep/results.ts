import { meanCi } from '../../lib/stats/aggregate.js';
import { paretoFlags } from '../../lib/stats/pareto.js';
import { round } from '../../sim/world/run-metrics.js';
import type { KnobValue } from '../config/sweep-schema.js';
import { countedMetrics, metricColumns } from './metrics.js';
import type { SweepPlan } from './plan.js';
import { runAt } from './plan.js';
import type { RunRecord } from './run-store.js';

/** A metric's name: one of the plan's fixed metrics, or an extra one (`<service>.<metric>`, `<controller>.<metric>`). */
type MetricName = string;

/** A CSV row of sweep results (booleans spelt out, since csv-stringify would write them as 1 and empty). */
export type ResultRow = Record<string, string | number>;

/** A knob value as a CSV cell. */
export function cell(v: KnobValue): string | number {
  return typeof v === 'boolean' ? String(v) : v;
}

/** One metric of one point across its seeds. */
interface MetricStats {
  /** Seeds with a value (an extra metric, or a study's nullable metric, is null in runs where it has none, or its event never happened; those runs are left out). */
  readonly n: number;
  /** Mean over those seeds; absent when no seed has a value. */
  readonly mean?: number;
  /** Lower end of the 95% interval (Student t); absent with fewer than two values. */
  readonly lo?: number;
  /** Upper end of the 95% interval. */
  readonly hi?: number;
}

/** One point's statistics across its seeds. */
export interface PointStats {
  /** Point index. */
  readonly point: number;
  /** Knob values by knob path. */
  readonly knobs: Readonly<Record<string, KnobValue>>;
  /** Seeds that ran. */
  readonly n: number;
  /** Statistics of every metric of the sweep (`SweepResults.metrics`), by name. */
  readonly metrics: Readonly<Record<MetricName, MetricStats>>;
  /** On the Pareto frontier of the plan's objectives (means); false when the plan has none, or when some objective has no value in any seed. */
  readonly pareto: boolean;
}

/** Everything a sweep's result files hold. */
export interface SweepResults {
  /** Every metric column, in order: the plan's fixed metrics, then the extra ones (see `metricColumns`). */
  readonly metrics: readonly MetricName[];
  /** The extra metrics among them. */
  readonly extraMetrics: readonly MetricName[];
  /** The metrics whose points.csv columns include `<metric>_n`: the plan's nullable fixed metrics, then the extra ones (see `countedMetrics`). */
  readonly countedMetrics: readonly MetricName[];
  /** summary.csv: one row per run, in run order. */
  readonly runs: readonly ResultRow[];
  /** Per-point statistics, in point order. */
  readonly points: readonly PointStats[];
  /** The points an adaptive design's race dropped before it settled (they rank after the rest); absent for other designs. */
  readonly dropped?: readonly number[];
}

/** Columns of summary.csv: point, seed, knobs, every metric, fingerprint. */
export function summaryColumns(plan: SweepPlan, results: Pick<SweepResults, 'metrics'>): string[] {
  return ['point', 'seed', ...plan.knobs, ...results.metrics, 'fingerprint'];
}

/**
 * Columns of points.csv (and pareto.csv): knobs, n, then mean, lo, hi of each
 * metric (and, for a metric that can be null, `<metric>_n`, the seeds that
 * had a value, since its interval is over those only), then the frontier flag.
 */
export function pointColumns(plan: SweepPlan, results: Pick<SweepResults, 'metrics' | 'countedMetrics'>): string[] {
  const counted = new Set(results.countedMetrics);
  return ['point', ...plan.knobs, 'n', ...results.metrics.flatMap((m) => [`${m}_mean`, `${m}_lo`, `${m}_hi`, ...(counted.has(m) ? [`${m}_n`] : [])]), 'pareto'];
}

function recordAt(plan: SweepPlan, records: ReadonlyMap<number, RunRecord>, index: number): RunRecord {
  const r = records.get(index);
  if (!r) throw new Error(`sweepResults: run ${index} (${JSON.stringify(runAt(plan, index))}) has no record`);
  return r;
}

/**
 * Aggregates a complete set of records (one per run of the plan) into the
 * result tables. Rows are ordered by point then seed, and every sum runs in
 * that order, so the bytes never depend on which worker finished first.
 * A null (an extra metric with no value in that run, or a study metric whose
 * event never happened) is an empty summary.csv cell and is left out of its
 * point's mean and interval. The frontier is over the objectives' means; a
 * point with no mean for some objective (null in every seed) is never on it.
 * `runs` (ascending run indices) names the runs the sweep made when it is
 * not all of them: an adaptive design's; each point's statistics are then
 * over the seeds it ran.
 */
export function sweepResults(plan: SweepPlan, records: ReadonlyMap<number, RunRecord>, runs?: readonly number[]): SweepResults {
  const indices = runs ?? Array.from({ length: plan.runCount }, (_, index) => index);
  const ordered = indices.map((index) => recordAt(plan, records, index));
  const { all: metrics, extra: extraMetrics } = metricColumns(
    plan.metrics,
    ordered.map((r) => r.extra ?? {}),
  );
  const fixed = new Set(plan.metrics);
  const metricOf = (r: RunRecord, m: string): number | null => (fixed.has(m) ? (r.summary[m] ?? null) : (r.extra?.[m] ?? null));
  const knobsOf = (point: number): Record<string, KnobValue> => Object.fromEntries(plan.knobs.map((k, i) => [k, plan.points[point]![i]!]));
  const knobCells = (point: number): ResultRow => Object.fromEntries(plan.knobs.map((k, i) => [k, cell(plan.points[point]![i]!)]));
  const rows = ordered.map((r): ResultRow => {
    const row: ResultRow = { point: r.point, seed: r.seed, ...knobCells(r.point) };
    for (const m of metrics) row[m] = metricOf(r, m) ?? '';
    row['fingerprint'] = r.fingerprint;
    return row;
  });
  const byPoint = plan.points.map((): RunRecord[] => []);
  for (const r of ordered) byPoint[r.point]!.push(r);
  const stats = plan.points.map((_, point) => {
    const records = byPoint[point]!;
    const entries = metrics.map((m): [string, MetricStats] => {
      const values = records.map((r) => metricOf(r, m)).filter((v): v is number => v !== null);
      return [m, values.length === 0 ? { n: 0 } : { n: values.length, ...meanCi(values) }];
    });
    return { point, knobs: knobsOf(point), n: records.length, metrics: Object.fromEntries(entries) };
  });
  // A point with no mean for an objective ("never" in every seed) is passed as undefined, which
  // paretoFlags keeps off the frontier; a stand-in value such as −1 would have looked best.
  const flags =
    plan.pareto.length === 0
      ? stats.map(() => false)
      : paretoFlags(
          stats.map((p) => Object.fromEntries(plan.pareto.map((m) => [m, p.metrics[m]?.mean]))),
          plan.pareto,
        );
  const counted = countedMetrics(metrics, plan.nullable ?? [], extraMetrics);
  return { metrics, extraMetrics, countedMetrics: counted, runs: rows, points: stats.map((p, i) => ({ ...p, pareto: flags[i]! })) };
}

/**
 * A points.csv row (six decimals keep the file readable; a missing mean or
 * interval is an empty cell). `pareto` is empty when the plan has no
 * objectives, so "not on the frontier" and "no frontier" read differently.
 */
export function pointRow(p: PointStats, results: Pick<SweepResults, 'metrics' | 'countedMetrics'>, hasFrontier: boolean): ResultRow {
  const counted = new Set(results.countedMetrics);
  const row: ResultRow = { point: p.point, ...Object.fromEntries(Object.entries(p.knobs).map(([k, v]) => [k, cell(v)])), n: p.n };
  for (const m of results.metrics) {
    const s = p.metrics[m] ?? { n: 0 };
    row[`${m}_mean`] = s.mean === undefined ? '' : round(s.mean, 6);
    row[`${m}_lo`] = s.lo === undefined ? '' : round(s.lo, 6);
    row[`${m}_hi`] = s.hi === undefined ? '' : round(s.hi, 6);
    if (counted.has(m)) row[`${m}_n`] = s.n;
  }
  row['pareto'] = hasFrontier ? String(p.pareto) : '';
  return row;
}
