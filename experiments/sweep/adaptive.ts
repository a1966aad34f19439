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
import { constraintText, pairedDifference, rankPoints, seedRuns } from '../../reports/ranking.js';
import { fmtCi } from '../../reports/format.js';

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

/** A point the race stopped giving seeds to. */
interface DroppedPoint {
  /** Point index. */
  readonly point: number;
  /** Seeds it had run when it dropped out. */
  readonly afterSeeds: number;
  /** The round after which it dropped out (1 is the initial round). */
  readonly round: number;
  /** Why, in words: the constraint it clearly misses, or the objective on which it is clearly worse than the best. */
  readonly reason: string;
}

/** What a race did. */
export interface RaceResult {
  /** Every run made, in the order made. */
  readonly runs: readonly RaceRun[];
  /** Rounds, the initial one included. */
  readonly rounds: number;
  /** Seeds each point ended with. */
  readonly seedsPerPoint: readonly number[];
  /** The points dropped before the race settled, in point order. */
  readonly dropped: readonly DroppedPoint[];
  /** The final ranking, over the seeds each point ran. */
  readonly ranking: Ranking;
  /** points.csv-like rows of the final data. */
  readonly pointRows: readonly TableRow[];
}

/** The text of `row`'s interval of `metric`, e.g. `412.5 [401.2, 423.8]`. */
function intervalText(row: TableRow, metric: string): string {
  return fmtCi(row[`${metric}_mean`], row[`${metric}_lo`], row[`${metric}_hi`]);
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
const MIN_SEEDS_FOR_ZERO_SPREAD = 5;

/** Why `p` is clearly worse than `best` by the lexicographic rule (worse on the first objective whose paired difference is clear), or undefined when it is not. */
function clearlyWorse(runs: SeedRuns, p: number, best: number, rule: RankingRule): string | undefined {
  for (const o of rule.objectives) {
    const d = pairedDifference(runs, p, best, o.metric, o.goal);
    if (!d || d.verdict === 'single seed') return undefined;
    // Identical differences on a few seeds make a zero-width interval, which is no evidence yet:
    // such a point stays in until it has MIN_SEEDS_FOR_ZERO_SPREAD seeds.
    const degenerate = d.lo === d.hi && d.n < MIN_SEEDS_FOR_ZERO_SPREAD;
    if (d.verdict === 'worse')
      return degenerate ? undefined : `worse than point ${best} on ${o.metric}: paired difference ${fmtCi(d.mean, d.lo, d.hi)} over ${d.n} seeds`;
    if (d.verdict === 'better') return undefined;
  }
  return undefined;
}

/**
 * The race as a state machine, so it can be driven by a worker pool (`race`)
 * or replayed from runs already on disk (`replayRace`): `next()` gives the
 * runs of the next round (none once the race is settled), `feed()` takes
 * their metrics, `result()` says what the race did.
 */
class Race {
  private readonly S: number;
  private readonly initial: number;
  private readonly have: number[];
  private readonly rows: TableRow[] = [];
  private readonly made: RaceRun[] = [];
  private readonly dropped: DroppedPoint[] = [];
  private alive: boolean[];
  private rounds = 0;
  private settled?: RaceResult;

  constructor(private readonly options: RaceOptions) {
    if (options.rule.order !== 'lexicographic') throw new Error('adaptive design races on the lexicographic rule');
    this.S = options.seeds.length;
    this.initial = Math.min(this.S, Math.max(2, options.initialSeeds ?? 2));
    this.have = options.points.map(() => 0);
    this.alive = options.points.map(() => true);
  }

  /** The runs of the next round, in point then seed order; empty once the race is settled. */
  next(): RaceRun[] {
    const options = this.options;
    if (this.rounds === 0) return options.points.flatMap((_, point) => options.seeds.slice(0, this.initial).map((seed) => ({ point, seed })));
    if (this.settled) return [];
    const { ranking, pointRows, seedRows } = rankNow(this.rows, options);
    const best = ranking.points[0]?.index;
    this.alive = this.alive.map((a, p) => {
      if (!a) return false;
      if (p === best) return true;
      const row = pointRows[p]!;
      const missed = options.rule.constraints.find((c) => clearlyMisses(row, c));
      const worse = missed || best === undefined || !ranking.points[0]!.qualifies ? undefined : clearlyWorse(seedRows, p, best, options.rule);
      const reason = missed ? `misses ${constraintText(missed)}: ${missed.metric} ${intervalText(row, missed.metric)}` : worse;
      if (reason === undefined) return true;
      this.dropped.push({ point: p, afterSeeds: this.have[p]!, round: this.rounds, reason });
      return false;
    });
    const next: RaceRun[] = [];
    this.alive.forEach((a, p) => {
      if (a && this.have[p]! < this.S) next.push({ point: p, seed: options.seeds[this.have[p]!]! });
    });
    if (next.length === 0) {
      // Dropped points ran fewer seeds; their means are over other seeds than the contenders', so
      // the final ranking is over the contenders alone (a dropped point is clearly worse anyway).
      const final = rankNow(
        this.rows.filter((r) => this.alive[r['point'] as number]),
        options,
      );
      const dropped = [...this.dropped].sort((a, b) => a.point - b.point);
      this.settled = { runs: this.made, rounds: this.rounds, seedsPerPoint: this.have, dropped, ranking: final.ranking, pointRows };
    }
    return next;
  }

  /** Takes the metrics of a round's runs (`batch` as `next()` gave it, `out` in the same order). */
  feed(batch: readonly RaceRun[], out: readonly Readonly<Record<string, number | null>>[]): void {
    batch.forEach((r, i) => {
      const metrics = Object.entries(out[i]!).filter((e): e is [string, number] => e[1] !== null);
      this.rows.push({ point: r.point, seed: r.seed, ...this.options.points[r.point]!, ...Object.fromEntries(metrics) });
      this.have[r.point]!++;
    });
    this.made.push(...batch);
    this.rounds++;
  }

  /** What the race did; throws before it is settled. */
  result(): RaceResult {
    if (!this.settled) throw new Error('Race.result: the race is not settled yet (call next() until it returns no runs)');
    return this.settled;
  }
}

/** Runs the race (see the module comment), each round's runs by `evaluate`. */
export async function race(options: RaceOptions, evaluate: RaceEvaluator): Promise<RaceResult> {
  const r = new Race(options);
  for (let batch = r.next(); batch.length > 0; batch = r.next()) r.feed(batch, await evaluate(batch));
  return r.result();
}

/**
 * Replays a race from metrics already at hand (a sweep directory's records):
 * the same rounds, the same runs. Returns the first run `lookup` has no
 * metrics for when the race would need one (an interrupted sweep).
 */
export function replayRace(
  options: RaceOptions,
  lookup: (run: RaceRun) => Readonly<Record<string, number | null>> | undefined,
): { readonly result: RaceResult } | { readonly missing: RaceRun } {
  const r = new Race(options);
  for (let batch = r.next(); batch.length > 0; batch = r.next()) {
    const out: Readonly<Record<string, number | null>>[] = [];
    for (const run of batch) {
      const m = lookup(run);
      if (m === undefined) return { missing: run };
      out.push(m);
    }
    r.feed(batch, out);
  }
  return { result: r.result() };
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
