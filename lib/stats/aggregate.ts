/**
 * Per-point statistics across seeds: the mean of each metric and its 95%
 * confidence interval (Student's t), the form `points.csv` uses. Reports use
 * it when a sweep directory has no points.csv and to build test data; the
 * sweep writer may use it too.
 */

/** A table row: column name to cell. */
export type TableRow = Readonly<Record<string, string | number>>;

/** Options of `aggregatePoints`. */
export interface AggregateOptions {
  /** Knob columns that identify a point. */
  readonly knobs: readonly string[];
  /** Metric columns to summarize. */
  readonly metrics: readonly string[];
  /** A column that also identifies a point (for example `scenario`), if present. */
  readonly groupBy?: string;
}

// Two-sided 95% critical values of Student's t for 1..30 degrees of freedom.
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069,
  2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/**
 * The 0.975 quantile of Student's t with `df` degrees of freedom: a table up
 * to 30, then the Cornish-Fisher expansion around the normal quantile (error
 * below 1e-4 from 31 on).
 */
export function tQuantile975(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new Error(`tQuantile975: df must be an integer ≥ 1, got ${df}`);
  if (df <= T975.length) return T975[df - 1]!;
  const z = 1.959964;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2);
}

/** Mean and 95% interval of a sample; the interval is absent for fewer than two values. */
export function meanCi(values: readonly number[]): { mean: number; lo?: number; hi?: number } {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN };
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  if (n < 2) return { mean };
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  const half = (tQuantile975(n - 1) * Math.sqrt(ss / (n - 1))) / Math.sqrt(n);
  return { mean, lo: mean - half, hi: mean + half };
}

/**
 * Groups runs into points by their knob values (and `groupBy`), in order of
 * first appearance, and returns one row per point: the knob values, `n` (runs
 * in the point), and `<metric>_mean`, `<metric>_lo`, `<metric>_hi` for each
 * metric (lo and hi only when the point has two or more finite values).
 * Non-numeric metric cells are ignored.
 */
export function aggregatePoints(runs: readonly TableRow[], options: AggregateOptions): TableRow[] {
  const keyCols = options.groupBy !== undefined ? [options.groupBy, ...options.knobs] : [...options.knobs];
  const groups = new Map<string, TableRow[]>();
  for (const run of runs) {
    const key = pointKey(run, keyCols);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(run);
  }
  const points: TableRow[] = [];
  for (const members of groups.values()) {
    const first = members[0]!;
    const point: Record<string, string | number> = {};
    for (const k of keyCols) point[k] = first[k] ?? '';
    point['n'] = members.length;
    for (const m of options.metrics) {
      const values = members.map((r) => r[m]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
      if (values.length === 0) continue;
      const { mean, lo, hi } = meanCi(values);
      point[`${m}_mean`] = mean;
      if (lo !== undefined && hi !== undefined) {
        point[`${m}_lo`] = lo;
        point[`${m}_hi`] = hi;
      }
    }
    points.push(point);
  }
  return points;
}

/** A string identifying a row's values in `columns` (types kept apart, so 1 and "1" differ). */
export function pointKey(row: TableRow, columns: readonly string[]): string {
  return JSON.stringify(columns.map((c) => row[c] ?? null));
}
