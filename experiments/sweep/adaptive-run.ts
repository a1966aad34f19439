import { cell } from './results.js';
import type { RaceResult, RaceRun } from './adaptive.js';
import { race } from './adaptive.js';
import type { SweepPlan } from './plan.js';
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
export function recordMetrics(record: { readonly summary: Readonly<Record<string, number | null>>; readonly extra?: Readonly<Record<string, number | null>> }): Record<string, number | null> {
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
    { points: planPoints(plan), knobs: plan.knobs, seeds: plan.seeds, rule: options.rule, metrics: plan.metrics, ...(options.initialSeeds !== undefined ? { initialSeeds: options.initialSeeds } : {}) },
    evaluate,
  );
}
