import { meanCi } from '../../reports/aggregate.js';
import { paretoFlags } from '../../reports/pareto.js';
import type { RunSummary } from '../../sim/world/run-metrics.js';
import { SUMMARY_METRICS, round } from '../../sim/world/run-metrics.js';
import type { KnobValue } from '../config/sweep-schema.js';
import type { SweepPlan } from './plan.js';
import { runAt } from './plan.js';
import type { RunRecord } from './run-store.js';

/** A summary metric's name. */
export type MetricName = keyof RunSummary;

/**
 * The Pareto objectives, all minimized: thrashing (flaps_per_hour),
 * responsiveness (reaction_time_s: the mean under-provisioned stretch) and
 * cost (instance_hours). The same three the sweep report charts by default,
 * so its frontier and points.csv's `pareto` column agree.
 */
export const PARETO_OBJECTIVES: readonly MetricName[] = ['flaps_per_hour', 'reaction_time_s', 'instance_hours'];

/** A CSV row of sweep results (booleans spelt out, since csv-stringify would write them as 1 and empty). */
export type ResultRow = Record<string, string | number>;

/** A knob value as a CSV cell. */
export function cell(v: KnobValue): string | number {
  return typeof v === 'boolean' ? String(v) : v;
}

/** One point's statistics across its seeds. */
export interface PointStats {
  /** Point index. */
  readonly point: number;
  /** Knob values by knob path. */
  readonly knobs: Readonly<Record<string, KnobValue>>;
  /** Seeds that ran. */
  readonly n: number;
  /** Mean and 95% interval (Student t) of each metric; the interval is absent with one seed. */
  readonly metrics: Readonly<Record<MetricName, { readonly mean: number; readonly lo?: number; readonly hi?: number }>>;
  /** On the Pareto frontier of `PARETO_OBJECTIVES` (means). */
  readonly pareto: boolean;
}

/** Everything a sweep's result files hold. */
export interface SweepResults {
  /** summary.csv: one row per run, in run order. */
  readonly runs: readonly ResultRow[];
  /** Per-point statistics, in point order. */
  readonly points: readonly PointStats[];
}

/** Columns of summary.csv. */
export function summaryColumns(plan: SweepPlan): string[] {
  return ['point', 'seed', ...plan.knobs, ...SUMMARY_METRICS, 'fingerprint'];
}

/** Columns of points.csv (and pareto.csv): knobs, n, then mean, lo, hi of each metric, then the frontier flag. */
export function pointColumns(plan: SweepPlan): string[] {
  return ['point', ...plan.knobs, 'n', ...SUMMARY_METRICS.flatMap((m) => [`${m}_mean`, `${m}_lo`, `${m}_hi`]), 'pareto'];
}

/**
 * Aggregates a complete set of records (one per run of the plan) into the
 * result tables. Rows are ordered by point then seed, and every sum runs in
 * that order, so the bytes never depend on which worker finished first.
 */
export function sweepResults(plan: SweepPlan, records: ReadonlyMap<number, RunRecord>): SweepResults {
  const knobsOf = (point: number): Record<string, KnobValue> => Object.fromEntries(plan.knobs.map((k, i) => [k, plan.points[point]![i]!]));
  const knobCells = (point: number): ResultRow => Object.fromEntries(plan.knobs.map((k, i) => [k, cell(plan.points[point]![i]!)]));
  const runs: ResultRow[] = [];
  for (let index = 0; index < plan.runCount; index++) {
    const r = records.get(index);
    if (!r) throw new Error(`sweepResults: run ${index} (${JSON.stringify(runAt(plan, index))}) has no record`);
    runs.push({ point: r.point, seed: r.seed, ...knobCells(r.point), ...r.summary, fingerprint: r.fingerprint });
  }
  const stats = plan.points.map((_, point) => {
    const rows = plan.seeds.map((_s, s) => records.get(point * plan.seeds.length + s)!);
    const metrics = Object.fromEntries(SUMMARY_METRICS.map((m) => [m, meanCi(rows.map((r) => r.summary[m]))])) as PointStats['metrics'];
    return { point, knobs: knobsOf(point), n: rows.length, metrics };
  });
  const flags = paretoFlags(
    stats.map((p) => Object.fromEntries(PARETO_OBJECTIVES.map((m) => [m, p.metrics[m].mean]))),
    PARETO_OBJECTIVES,
  );
  return { runs, points: stats.map((p, i) => ({ ...p, pareto: flags[i]! })) };
}

/** A points.csv row (six decimals keep the file readable; missing intervals are empty cells). */
export function pointRow(p: PointStats): ResultRow {
  const row: ResultRow = { point: p.point, ...Object.fromEntries(Object.entries(p.knobs).map(([k, v]) => [k, cell(v)])), n: p.n };
  for (const m of SUMMARY_METRICS) {
    const s = p.metrics[m];
    row[`${m}_mean`] = round(s.mean, 6);
    row[`${m}_lo`] = s.lo === undefined ? '' : round(s.lo, 6);
    row[`${m}_hi`] = s.hi === undefined ? '' : round(s.hi, 6);
  }
  row['pareto'] = String(p.pareto);
  return row;
}
