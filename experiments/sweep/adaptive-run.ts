import { cell } from './results.js';
import type { RaceOptions, RaceResult, RaceRun } from './adaptive.js';
import { race, replayRace } from './adaptive.js';
import type { RaceSpec, SweepPlan } from './plan.js';
import { runAt } from './plan.js';
import type { RunRecord } from './run-store.js';
import { ConfigError } from '../schema/config-error.js';
import { executeRuns } from './pool.js';
import type { RankingRule } from '../../reports/ranking.js';

/** Options of `raceSweep`. */
export interface RaceSweepOptions {
  /** The experiment file (bring-your-own modules resolve against it). */
  readonly file: string;
  /** Worker threads. */
  readonly workers: number;
  /** The rule the race settles. */
  readonly rule: RankingRule;
  /** Seeds every point starts with (default 2). */
  readonly initialSeeds?: number;
}

/** A plan's points as knob values by knob name (CSV cells). */
export function planPoints(plan: SweepPlan): Record<string, string | number>[] {
  return plan.points.map((values) => Object.fromEntries(plan.knobs.map((k, i) => [k, cell(values[i]!)])));
}

/** The metrics of a run record: the plan's fixed metrics, then the extra ones. */
export function recordMetrics(record: {
  readonly summary: Readonly<Record<string, number | null>>;
  readonly extra?: Readonly<Record<string, number | null>>;
}): Record<string, number | null> {
  return { ...record.summary, ...(record.extra ?? {}) };
}

/**
 * Races a sweep's grid (see adaptive.ts), running each round's runs on the
 * worker pool: run (point, seed) is the plan's run index point × seeds + the
 * seed's position, so every run equals the one the full grid makes.
 */
export async function raceSweep(plan: SweepPlan, options: RaceSweepOptions): Promise<RaceResult> {
  const spec = { raw: plan.raw, file: options.file, knobs: plan.knobs, points: plan.points, seeds: plan.seeds, configHash: plan.configHash };
  const S = plan.seeds.length;
  const evaluate = async (batch: readonly RaceRun[]) => {
    const indices = batch.map((r) => r.point * S + plan.seeds.indexOf(r.seed));
    const got = new Map<number, Record<string, number | null>>();
    // A small round costs less in this thread than the start-up of a worker pool.
    const workers = indices.length >= 4 * options.workers ? options.workers : 1;
    await executeRuns(spec, indices, workers, (record, index) => got.set(index, recordMetrics(record)));
    return indices.map((i) => got.get(i)!);
  };
  return race(
    {
      points: planPoints(plan),
      knobs: plan.knobs,
      seeds: plan.seeds,
      rule: options.rule,
      metrics: plan.metrics,
      ...(options.initialSeeds !== undefined ? { initialSeeds: options.initialSeeds } : {}),
    },
    evaluate,
  );
}

/** The run index of a race's run: the index the full grid gives the same point and seed, so a run is the same run whichever design asks for it. */
export function raceRunIndex(plan: Pick<SweepPlan, 'seeds'>, run: RaceRun): number {
  return run.point * plan.seeds.length + plan.seeds.indexOf(run.seed);
}

/** The race options of an adaptive plan (its `race` spec over its grid points). */
export function planRaceOptions(plan: SweepPlan & { readonly race: RaceSpec }): RaceOptions {
  return { points: planPoints(plan), knobs: plan.knobs, seeds: plan.seeds, rule: plan.race.rule, metrics: plan.metrics, initialSeeds: plan.race.initialSeeds };
}

/**
 * The race an adaptive sweep directory's records settle, replayed without
 * running anything (the race is deterministic in its runs' metrics). Throws
 * `ConfigError` naming the first run the race needs and `records` lacks.
 */
export function replaySweepRace(plan: SweepPlan & { readonly race: RaceSpec }, records: ReadonlyMap<number, RunRecord>, label = 'dir'): RaceResult {
  const replay = replayRace(planRaceOptions(plan), (run) => {
    const r = records.get(raceRunIndex(plan, run));
    return r ? recordMetrics(r) : undefined;
  });
  if ('result' in replay) return replay.result;
  const first = runAt(plan, raceRunIndex(plan, replay.missing));
  throw new ConfigError(label, 'a complete adaptive sweep directory (resume it)', `the race still needs point ${first.point} seed ${first.seed}`);
}
