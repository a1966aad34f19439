/**
 * Pareto frontiers over summary metrics: a setting is on the frontier when no
 * other setting is at least as good on every objective and strictly better on
 * one. Pure and deterministic; rows are never reordered or mutated.
 */

/** Whether an objective is better low (thrashing, reaction time, cost) or high (served requests). */
export type Goal = 'min' | 'max';

/** One objective of a Pareto comparison. */
export interface Objective {
  /** Field of the row holding the objective's value (e.g. `flaps_per_hour_mean`). */
  readonly field: string;
  /** Direction of improvement (default `min`). */
  readonly goal?: Goal;
}

/** A row of any table; only the objectives' fields are read. */
export type ParetoRow = Readonly<Record<string, unknown>>;

/**
 * Flags the rows on the Pareto frontier of `objectives`, in row order.
 * Objectives given as plain strings are minimized. A row whose value for some
 * objective is missing or not a finite number is never on the frontier and
 * dominates nothing. Equal rows do not dominate each other, so duplicates are
 * all on the frontier. With `groupBy`, frontiers are computed separately
 * within each group (for example one per scenario).
 *
 * Sorts by the first objective and sweeps, so it costs O(n log n + n·f·k)
 * for f frontier rows and k objectives (fast for sweeps of thousands of points).
 */
export function paretoFlags(rows: readonly ParetoRow[], objectives: readonly (Objective | string)[], groupBy?: string): boolean[] {
  const objs = objectives.map((o) => (typeof o === 'string' ? { field: o, goal: 'min' as Goal } : { field: o.field, goal: o.goal ?? 'min' }));
  if (objs.length === 0) throw new Error('paretoFlags needs at least one objective');
  const flags = rows.map(() => false);
  const groups = new Map<string, number[]>();
  rows.forEach((row, i) => {
    const key = groupBy === undefined ? '' : String(row[groupBy] ?? '');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(i);
  });
  for (const indices of groups.values()) {
    // Minimize everything: a maximized objective is negated.
    const vectors = new Map<number, number[]>();
    for (const i of indices) {
      const v = objs.map((o) => {
        const x = rows[i]![o.field];
        return typeof x === 'number' && Number.isFinite(x) ? (o.goal === 'max' ? -x : x) : Number.NaN;
      });
      if (v.every((x) => !Number.isNaN(x))) vectors.set(i, v);
    }
    const order = [...vectors.keys()].sort((a, b) => lexCompare(vectors.get(a)!, vectors.get(b)!) || a - b);
    const frontier: number[][] = [];
    for (const i of order) {
      const v = vectors.get(i)!;
      // In lexicographic order a row can only be dominated by one that came before it.
      if (frontier.some((f) => dominates(f, v))) continue;
      frontier.push(v);
      flags[i] = true;
    }
  }
  return flags;
}

/** True when `a` is no worse than `b` everywhere and better somewhere (all minimized). */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let k = 0; k < a.length; k++) {
    if (a[k]! > b[k]!) return false;
    if (a[k]! < b[k]!) better = true;
  }
  return better;
}

function lexCompare(a: readonly number[], b: readonly number[]): number {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k]! - b[k]!;
  return 0;
}
