/**
 * The one ranking rule of a sweep: `ctrlsim recommend`, the sweep report's
 * "Best settings" table and its highlighted recommendation all call
 * `rankPoints`, on the same rows (points.csv and summary.csv), so they cannot
 * disagree. Pure and deterministic; ties go to the lower point index.
 */
import { metricDirection } from '../sim/metric-catalogue.js';
import type { TableRow } from '../lib/stats/aggregate.js';
import { meanCi } from '../lib/stats/aggregate.js';
import { fmt } from './format.js';
import { paretoFlags } from '../lib/stats/pareto.js';

/** A comparison of a constraint. */
type Comparison = '<=' | '<' | '>=' | '>';

/** A constraint on a metric, e.g. `slo_violation_s<=300`. */
export interface RuleConstraint {
  /** The metric. */
  readonly metric: string;
  /** The comparison. */
  readonly op: Comparison;
  /** The bound. */
  readonly value: number;
}

/** One objective. */
export interface RuleObjective {
  /** The metric, judged on its mean across seeds. */
  readonly metric: string;
  /** Direction. */
  readonly goal: 'minimize' | 'maximize';
}

/**
 * How qualifying points are ordered: `lexicographic` (the first objective
 * decides; points with no clear paired difference in it are separated by the
 * next) or `pareto` (Pareto layers over all objectives, then lexicographic
 * within a layer).
 */
export type Order = 'lexicographic' | 'pareto';

/** What a constraint is checked on: the far end of the 95% interval (`bound`) or the mean. */
export type Basis = 'bound' | 'mean';

/** A ranking rule: what `recommend` was asked, and what the report ranks by. */
export interface RankingRule {
  /** Objectives in priority order (at least one). */
  readonly objectives: readonly RuleObjective[];
  /** Constraints every qualifying point meets. */
  readonly constraints: readonly RuleConstraint[];
  /** Ordering of qualifying points. */
  readonly order: Order;
  /** Basis of the constraint checks. */
  readonly basis: Basis;
}

/** A mean with its 95% interval over `n` values (no interval below two). */
export interface Interval {
  /** Mean. */
  readonly mean: number;
  /** Lower end of the 95% interval. */
  readonly lo?: number;
  /** Upper end. */
  readonly hi?: number;
  /** Values (seeds). */
  readonly n: number;
}

/** What a paired difference says. */
type Verdict = 'better' | 'worse' | 'no clear difference' | 'single seed';

/** A paired difference a − b over the seeds both points ran (common random numbers), with its verdict for `a`. */
export interface PairedDifference extends Interval {
  /** `better`/`worse` when the interval excludes zero, `no clear difference` when it spans it, `single seed` with one common seed. */
  readonly verdict: Verdict;
}

/** How far a point misses one constraint. */
export interface Miss {
  /** The constraint. */
  readonly constraint: RuleConstraint;
  /** The value it was checked on (undefined: no seed has a value). */
  readonly checked?: number;
  /** How far beyond the bound, in the metric's unit (∞ without a value). */
  readonly margin: number;
  /** The margin relative to |bound| (to the margin itself when the bound is 0). */
  readonly relative: number;
}

/** One point in a ranking. */
export interface RankedPoint {
  /** Index in the points given. */
  readonly index: number;
  /** Its row. */
  readonly row: TableRow;
  /** Meets every constraint. */
  readonly qualifies: boolean;
  /** The constraints it misses, worst first (empty when it qualifies). */
  readonly misses: readonly Miss[];
  /** Pareto layer among the qualifying points (1 = the frontier) in `pareto` order; 0 otherwise. */
  readonly layer: number;
  /** 1-based rank. */
  readonly rank: number;
  /** Paired difference from the best point on the first objective (absent for the best itself or without runs). */
  readonly vsBest?: PairedDifference;
}

/** A ranked sweep. */
export interface Ranking {
  /** The rule. */
  readonly rule: RankingRule;
  /** Every point that has a mean of every objective, best first. */
  readonly points: readonly RankedPoint[];
  /** Points left out: some objective has no value in any seed. */
  readonly unranked: readonly number[];
  /** How many qualify. */
  readonly qualifying: number;
}

/** Per point index, per seed, the run's row. */
export type SeedRuns = ReadonlyMap<number, ReadonlyMap<string, TableRow>>;

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** The point's mean (and interval) of a metric, from its `<metric>_mean/_lo/_hi` cells. */
export function pointStat(row: TableRow, metric: string): { mean?: number; lo?: number; hi?: number } {
  const mean = num(row[`${metric}_mean`]);
  const lo = num(row[`${metric}_lo`]);
  const hi = num(row[`${metric}_hi`]);
  return { ...(mean !== undefined ? { mean } : {}), ...(lo !== undefined ? { lo } : {}), ...(hi !== undefined ? { hi } : {}) };
}

/** A constraint as text. */
export function constraintText(c: RuleConstraint): string {
  return `${c.metric}${c.op}${c.value}`;
}

/** The value a constraint is checked on: the far end of the interval (upper for `<`/`<=`) on `bound`, else (or without an interval) the mean. */
export function checkedValue(row: TableRow, c: RuleConstraint, basis: Basis): number | undefined {
  const s = pointStat(row, c.metric);
  if (s.mean === undefined) return undefined;
  if (basis === 'mean') return s.mean;
  return (c.op === '<' || c.op === '<=' ? s.hi : s.lo) ?? s.mean;
}

function meets(x: number, c: RuleConstraint): boolean {
  switch (c.op) {
    case '<=':
      return x <= c.value;
    case '<':
      return x < c.value;
    case '>=':
      return x >= c.value;
    case '>':
      return x > c.value;
  }
}

/** How far `row` misses `c` (undefined when it meets it). */
export function missOf(row: TableRow, c: RuleConstraint, basis: Basis): Miss | undefined {
  const x = checkedValue(row, c, basis);
  if (x !== undefined && meets(x, c)) return undefined;
  const margin = x === undefined ? Number.POSITIVE_INFINITY : Math.abs(x - c.value);
  return { constraint: c, ...(x !== undefined ? { checked: x } : {}), margin, relative: c.value !== 0 ? margin / Math.abs(c.value) : margin };
}

/** Groups runs by point index: by their `point` column when points carry one, else by knob values. */
export function seedRuns(points: readonly TableRow[], runs: readonly TableRow[], knobs: readonly string[]): SeedRuns {
  const byPoint = new Map<number, Map<string, TableRow>>();
  const usePoint = points.every((p) => num(p['point']) !== undefined) && runs.every((r) => num(r['point']) !== undefined);
  const key = (r: TableRow) => (usePoint ? String(r['point']) : JSON.stringify(knobs.map((k) => String(r[k] ?? ''))));
  const index = new Map<string, number>();
  points.forEach((p, i) => index.set(key(p), i));
  for (const r of runs) {
    const i = index.get(key(r));
    if (i === undefined) continue;
    let m = byPoint.get(i);
    if (!m) byPoint.set(i, (m = new Map()));
    m.set(String(r['seed'] ?? ''), r);
  }
  return byPoint;
}

/**
 * The paired difference a − b of `metric` over the seeds both ran (the same
 * seed is the same load, faults and draws at every point: common random
 * numbers), judged for `a` in the metric's direction. Undefined with no
 * common seed.
 */
export function pairedDifference(
  runs: SeedRuns,
  a: number,
  b: number,
  metric: string,
  goal: 'minimize' | 'maximize' = metricDirection(metric) === 'higher' ? 'maximize' : 'minimize',
): PairedDifference | undefined {
  const ra = runs.get(a);
  const rb = runs.get(b);
  if (!ra || !rb) return undefined;
  const d: number[] = [];
  for (const [seed, row] of ra) {
    const x = num(row[metric]);
    const y = num(rb.get(seed)?.[metric]);
    if (x !== undefined && y !== undefined) d.push(x - y);
  }
  if (d.length === 0) return undefined;
  const ci = meanCi(d);
  const base = { mean: ci.mean, n: d.length, ...(ci.lo !== undefined && ci.hi !== undefined ? { lo: ci.lo, hi: ci.hi } : {}) };
  if (d.length === 1) return { ...base, verdict: 'single seed' };
  const sign = goal === 'minimize' ? 1 : -1;
  // A difference of exactly zero in every seed is no difference, not a tiny one.
  if ((ci.lo! <= 0 && ci.hi! >= 0) || d.every((x) => x === 0)) return { ...base, verdict: 'no clear difference' };
  return { ...base, verdict: sign * ci.mean < 0 ? 'better' : 'worse' };
}

/** Points picked one at a time by the paired lexicographic rule; the rest are ordered by their means. */
const PAIRED_PICKS = 25;

/**
 * Ranks `points` by `rule`:
 * 1. Points that meet every constraint (checked on `rule.basis`) come first.
 *    In `lexicographic` order the best is the point with the best mean of the
 *    first objective, except that among the points with no clear paired
 *    difference from it (their paired 95% interval spans zero), the next
 *    objective decides, and so on; that pick repeats for the first
 *    PAIRED_PICKS places, and later places follow the objectives' means in
 *    order. In `pareto` order, Pareto layers over all objectives' means come
 *    first, lexicographic means within a layer.
 * 2. Then the points that miss a constraint, nearest miss first (by their
 *    largest relative miss), so the table reads on past the qualifying set.
 * Points with no mean of some objective are left out (`unranked`). Points
 * whose `point` is in `dropped` (an adaptive race stopped them early) rank
 * after every qualifying point that stayed in the race, by their means.
 */
export function rankPoints(points: readonly TableRow[], runs: SeedRuns, rule: RankingRule, dropped?: ReadonlySet<number>): Ranking {
  if (rule.objectives.length === 0) throw new Error('rankPoints needs at least one objective');
  const signs = rule.objectives.map((o) => (o.goal === 'minimize' ? 1 : -1));
  const means = points.map((p) => rule.objectives.map((o, k) => (pointStat(p, o.metric).mean ?? Number.NaN) * signs[k]!));
  const ranked = points.map((_, i) => i).filter((i) => means[i]!.every((x) => !Number.isNaN(x)));
  const unranked = points.map((_, i) => i).filter((i) => !ranked.includes(i));
  const misses = new Map(
    ranked.map((i) => [
      i,
      rule.constraints
        .map((c) => missOf(points[i]!, c, rule.basis))
        .filter((m): m is Miss => m !== undefined)
        .sort((a, b) => b.relative - a.relative),
    ]),
  );
  const lex = (a: number, b: number) => {
    for (let k = 0; k < signs.length; k++) if (means[a]![k] !== means[b]![k]) return means[a]![k]! - means[b]![k]!;
    return a - b;
  };
  // A point an adaptive race dropped ran fewer seeds than its rivals: its mean is over other seeds, so it
  // follows every point that stayed in the race (it was clearly worse on the seeds they share).
  const isDropped = (i: number) => dropped?.has(Number(points[i]!['point'])) ?? false;
  const qualifying = ranked.filter((i) => misses.get(i)!.length === 0);
  const racing = qualifying.filter((i) => !isDropped(i));
  const failing = ranked.filter((i) => misses.get(i)!.length > 0).sort((a, b) => misses.get(a)![0]!.relative - misses.get(b)![0]!.relative || lex(a, b));
  let order: number[];
  const layer = new Map<number, number>();
  if (rule.order === 'pareto') {
    order = [];
    let rest = [...racing];
    for (let l = 1; rest.length > 0; l++) {
      const rows = rest.map((i) => Object.fromEntries(means[i]!.map((x, k) => [`o${k}`, x])));
      const flags = paretoFlags(
        rows,
        signs.map((_, k) => `o${k}`),
      );
      const front = rest.filter((_, j) => flags[j]).sort(lex);
      for (const i of front) layer.set(i, l);
      order.push(...front);
      rest = rest.filter((_, j) => !flags[j]);
    }
  } else {
    order = [];
    const rest = [...racing].sort(lex);
    while (rest.length > 0 && order.length < PAIRED_PICKS) {
      const pick = pickLexicographic(rest, runs, rule, means);
      order.push(pick);
      rest.splice(rest.indexOf(pick), 1);
    }
    order.push(...rest);
  }
  order.push(...qualifying.filter(isDropped).sort(lex));
  const all = [...order, ...failing];
  const best = all[0];
  const first = rule.objectives[0]!;
  const out: RankedPoint[] = all.map((i, r) => {
    const vs = best !== undefined && i !== best ? pairedDifference(runs, i, best, first.metric, first.goal) : undefined;
    return {
      index: i,
      row: points[i]!,
      qualifies: misses.get(i)!.length === 0,
      misses: misses.get(i)!,
      layer: layer.get(i) ?? 0,
      rank: r + 1,
      ...(vs ? { vsBest: vs } : {}),
    };
  });
  return { rule, points: out, unranked, qualifying: qualifying.length };
}

/** The lexicographic pick among `candidates` (sorted by means): narrow by "no clear paired difference from the best" objective by objective. */
function pickLexicographic(candidates: readonly number[], runs: SeedRuns, rule: RankingRule, means: readonly (readonly number[])[]): number {
  let pool = [...candidates];
  for (let k = 0; k < rule.objectives.length; k++) {
    const best = pool.reduce((b, i) => (means[i]![k]! < means[b]![k]! || (means[i]![k] === means[b]![k] && i < b) ? i : b));
    if (k === rule.objectives.length - 1) return best;
    const o = rule.objectives[k]!;
    pool = pool.filter(
      (i) => i === best || means[i]![k] === means[best]![k] || pairedDifference(runs, i, best, o.metric, o.goal)?.verdict === 'no clear difference',
    );
  }
  return pool[0]!;
}

/** An objective in words: "lowest mean flaps_per_hour". */
export function objectiveText(o: RuleObjective): string {
  return `${o.goal === 'minimize' ? 'lowest' : 'highest'} mean ${o.metric}`;
}

/** The rule in words, as `recommend` prints it and the report's table states it. */
export function ruleText(rule: RankingRule, seeds: number): string {
  const onBound = rule.basis === 'bound' && seeds > 1;
  const cons = rule.constraints.length
    ? `Points meeting ${rule.constraints.map(constraintText).join(' and ')} (checked ${onBound ? 'on the far end of each 95% interval' : 'on means'}) come first, `
    : 'Every point qualifies (no constraints); points are ';
  const objs =
    rule.order === 'pareto'
      ? `ordered by Pareto layer over ${rule.objectives.map((o) => `${o.metric} (${o.goal === 'minimize' ? 'lower' : 'higher'} is better)`).join(', ')}, then by ${rule.objectives.map(objectiveText).join(', then ')}`
      : rule.objectives.length === 1
        ? `ordered by ${objectiveText(rule.objectives[0]!)}`
        : `ordered by ${objectiveText(rule.objectives[0]!)}; among points with no clear paired difference in it (same seeds, 95% interval of the difference spans zero), by ${rule.objectives.slice(1).map(objectiveText).join(', then ')}`;
  const rest = rule.constraints.length ? '; the others follow, nearest miss first.' : '.';
  return `${cons}${objs}${rest}`;
}

/** A paired difference in words: `+1.2 [0.4, 2.0] (worse)`, `single seed`. */
export function differenceText(d: PairedDifference | undefined): string {
  if (!d) return '–';
  const v = `${d.mean >= 0 ? '+' : ''}${fmt(d.mean)}`;
  if (d.verdict === 'single seed') return `${v} (single seed)`;
  return `${v} [${fmt(d.lo)}, ${fmt(d.hi)}] (${d.verdict})`;
}

/** A miss in words: `slo_violation_s<=300 missed by 118 (checked on 418)`. */
export function missText(m: Miss): string {
  return m.checked === undefined
    ? `${constraintText(m.constraint)}: no value`
    : `${constraintText(m.constraint)} missed by ${fmt(m.margin)} (checked on ${fmt(m.checked)})`;
}
