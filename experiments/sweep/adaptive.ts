/**
 * Adaptive design: racing on seeds. Every point starts with a few seeds;
 * then, round by round, one more seed goes only to the points that could
 * still change the recommendation: the current best, and every point whose
 * paired interval against it does not yet say "worse", or whose interval on a
 * constraint still straddles the constraint's line. A point drops out when it
 * clearly misses a constraint (its whole interval lies beyond the line) or is
 * clearly worse than the best (lexicographic rule: worse on the first
 * objective that tells them apart). The race stops when no point is left to
 * decide, or every contender has every seed. Seeds are always taken in the
 * sweep's seed order, so every point runs a prefix of the same seeds (common
 * random numbers) and the whole race is deterministic.
 */
import type { TableRow } from '../../lib/stats/aggregate.js';
import { aggregatePoints } from '../../lib/stats/aggregate.js';
import type { Ranking, RankingRule, SeedRuns } from '../../reports/ranking.js';
import { pairedDifference, rankPoints, seedRuns } from '../../reports/ranking.js';

/** One run the race asks for. */
export interface RaceRun {
  /** Point index. */
  readonly point: number;
  /** Seed. */
  readonly seed: number;
}

/** Runs a batch and returns each run's metrics, in the batch's order. */
export type RaceEvaluator = (batch: readonly RaceRun[]) => Promise<readonly Readonly<Record<string, number | null>>[]>;

/** Options of a race. */
export interface RaceOptions {
  /** Points of the design, as knob values by knob name. */
  readonly points: readonly Readonly<Record<string, string | number>>[];
  /** Knob names. */
  readonly knobs: readonly string[];
  /** Seeds, in the order they are spent (the sweep's `seeds`). */
  readonly seeds: readonly number[];
  /** Seeds every point gets before racing starts (at least 2 for an interval; default 2). */
  readonly initialSeeds?: number;
  /** The rule the recommendation is made by (lexicographic order). */
  readonly rule: RankingRule;
  /** Metrics the runs report. */
  readonly metrics: readonly string[];
}

/** What a race did. */
export interface RaceResult {
  /** Every run made, in the order made. */
  readonly runs: readonly RaceRun[];
  /** Rounds, the initial one included. */
  readonly rounds: number;
  /** Seeds each point ended with. */
  readonly seedsPerPoint: readonly number[];
  /** The final ranking, over the seeds each point ran. */
  readonly ranking: Ranking;
  /** points.csv-like rows of the final data. */
  readonly pointRows: readonly TableRow[];
}

/** Whether `row`'s whole 95% interval of `metric` lies beyond a constraint's line (it clearly misses it). */
function clearlyMisses(row: TableRow, c: RankingRule['constraints'][number]): boolean {
  const lo = row[`${c.metric}_lo`];
  const hi = row[`${c.metric}_hi`];
  if (typeof lo !== 'number' || typeof hi !== 'number') return false;
  switch (c.op) {
    case '<=':
      return lo > c.value;
    case '<':
      return lo >= c.value;
    case '>=':
      return hi < c.value;
    case '>':
      return hi <= c.value;
  }
}

/** Seeds a paired difference with zero spread needs before it may drop a point (see `clearlyWorse`). */
export const MIN_SEEDS_FOR_ZERO_SPREAD = 5;

/** Whether `p` is clearly worse than `best` by the lexicographic rule: worse on the first objective whose paired difference is clear. */
function clearlyWorse(runs: SeedRuns, p: number, best: number, rule: RankingRule): boolean {
  for (const o of rule.objectives) {
    const d = pairedDifference(runs, p, best, o.metric, o.goal);
    if (!d || d.verdict === 'single seed') return false;
    // Identical differences on a few seeds make a zero-width interval, which is no evidence yet:
    // such a point stays in until it has MIN_SEEDS_FOR_ZERO_SPREAD seeds.
    const degenerate = d.lo === d.hi && d.n < MIN_SEEDS_FOR_ZERO_SPREAD;
    if (d.verdict === 'worse') return !degenerate;
    if (d.verdict === 'better') return false;
  }
  return false;
}

/** Runs the race (see the module comment). */
export async function race(options: RaceOptions, evaluate: RaceEvaluator): Promise<RaceResult> {
  if (options.rule.order !== 'lexicographic') throw new Error('adaptive design races on the lexicographic rule');
  const S = options.seeds.length;
  const initial = Math.min(S, Math.max(2, options.initialSeeds ?? 2));
  const have = options.points.map(() => 0);
  const rows: TableRow[] = [];
  const made: RaceRun[] = [];
  const runBatch = async (batch: RaceRun[]) => {
    const out = await evaluate(batch);
    batch.forEach((r, i) => {
      rows.push({ point: r.point, seed: r.seed, ...options.points[r.point]!, ...Object.fromEntries(Object.entries(out[i]!).filter((e): e is [string, number] => e[1] !== null)) });
      have[r.point]!++;
    });
    made.push(...batch);
  };
  await runBatch(options.points.flatMap((_, point) => options.seeds.slice(0, initial).map((seed) => ({ point, seed }))));
  let rounds = 1;
  let alive = options.points.map(() => true);
  for (;;) {
    const { ranking, pointRows, seedRows } = rankNow(rows, options);
    const best = ranking.points[0]?.index;
    const next: RaceRun[] = [];
    alive = alive.map((a, p) => {
      if (!a) return false;
      if (p === best) return true;
      const row = pointRows[p]!;
      if (options.rule.constraints.some((c) => clearlyMisses(row, c))) return false;
      if (best !== undefined && ranking.points[0]!.qualifies && clearlyWorse(seedRows, p, best, options.rule)) return false;
      return true;
    });
    alive.forEach((a, p) => {
      if (a && have[p]! < S) next.push({ point: p, seed: options.seeds[have[p]!]! });
    });
    if (next.length === 0) {
      // Dropped points ran fewer seeds; their means are over other seeds than the contenders', so
      // the final ranking is over the contenders alone (a dropped point is clearly worse anyway).
      const final = rankNow(rows.filter((r) => alive[r['point'] as number]), options);
      return { runs: made, rounds, seedsPerPoint: have, ranking: final.ranking, pointRows };
    }
    await runBatch(next);
    rounds++;
  }
}

/** The ranking of the runs made so far; every point keeps its index. */
function rankNow(rows: readonly TableRow[], options: RaceOptions): { ranking: Ranking; pointRows: TableRow[]; seedRows: SeedRuns } {
  const byPoint = options.points.map((_, p) => rows.filter((r) => r['point'] === p));
  const pointRows = byPoint.map((rs, p) => {
    const agg = aggregatePoints(rs, { knobs: ['point'], metrics: options.metrics })[0];
    return { ...options.points[p]!, ...(agg ?? { point: p, n: 0 }) } as TableRow;
  });
  const seedRows = seedRuns(pointRows, rows, options.knobs);
  return { ranking: rankPoints(pointRows, seedRows, options.rule), pointRows, seedRows };
}
