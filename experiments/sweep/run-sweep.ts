import { join } from 'node:path';
import { writeFileAtomic } from './atomic-file.js';
import type { RaceResult } from './adaptive.js';
import { race } from './adaptive.js';
import { planRaceOptions, raceRunIndex, recordMetrics } from './adaptive-run.js';
import type { RaceSpec, SweepPlan } from './plan.js';
import { ConfigError } from '../schema/config-error.js';
import { executeRuns } from './pool.js';
import type { ProgressSink } from './progress.js';
import { NO_PROGRESS } from './progress.js';
import type { OpenOptions } from './run-store.js';
import { RunStore } from './run-store.js';
import { sweepResults } from './results.js';
import type { Shard } from './shard.js';
import { inShard } from './shard.js';
import type { SweepManifest } from './write-results.js';
import { writeSweepResults } from './write-results.js';

/** Options of `runSweep`. */
export interface SweepOptions extends OpenOptions {
  /** Output directory. */
  readonly out: string;
  /** The experiment file (bring-your-own controller modules are resolved against it). */
  readonly file: string;
  /** Worker threads (1 runs in this thread). */
  readonly workers: number;
  /** The slice to run; absent or 1/1 means the whole sweep. */
  readonly shard?: Shard;
  /** Progress display. */
  readonly progress?: ProgressSink;
  /** Event budget of each run (`--max-events`; default DEFAULT_LIMITS.maxEvents). */
  readonly maxEvents?: number;
}

/** What a sweep invocation did. */
export interface SweepOutcome {
  /** The sweep directory (absolute). */
  readonly dir: string;
  /** Runs in this invocation's slice. */
  readonly slice: number;
  /** Of those, already finished on disk. */
  readonly resumed: number;
  /** Of those, run now. */
  readonly ran: number;
  /** The manifest, when the whole sweep ran here (not a shard of several). */
  readonly manifest?: SweepManifest;
  /** What an adaptive design's race did. */
  readonly race?: RaceResult;
}

/** Marker file a shard writes when its slice is complete (merge does not need it; people and job scripts may). */
const SHARD_FILE = 'shard.json';

/**
 * Runs a sweep (or one shard of it) into `out`: the runs missing from runs/
 * go to the workers, each finished run is written there atomically, and,
 * for a whole sweep, the result files are written from what runs/ holds.
 * A killed sweep resumed with `resume` ends with exactly the files of an
 * uninterrupted one.
 */
export async function runSweep(plan: SweepPlan, options: SweepOptions): Promise<SweepOutcome> {
  const shard = options.shard && options.shard.count > 1 ? options.shard : undefined;
  if (plan.race && shard) {
    throw new ConfigError(
      '--shard',
      'no shard for design: adaptive (each round of its race depends on the one before; run it on one machine with --workers)',
      `${shard.index}/${shard.count}`,
    );
  }
  const store = RunStore.open(options.out, plan, options);
  if (plan.race) return runRace({ ...plan, race: plan.race }, store, options);
  const records = store.finished();
  const slice: number[] = [];
  for (let i = 0; i < plan.runCount; i++) if (inShard(i, shard)) slice.push(i);
  const pending = slice.filter((i) => !records.has(i));
  const progress = options.progress ?? NO_PROGRESS;
  progress.start(slice.length, slice.length - pending.length);
  const spec = {
    raw: plan.raw,
    file: options.file,
    knobs: plan.knobs,
    points: plan.points,
    seeds: plan.seeds,
    configHash: plan.configHash,
    ...(options.maxEvents !== undefined ? { maxEvents: options.maxEvents } : {}),
  };
  await executeRuns(spec, pending, options.workers, (record, index) => {
    store.write(record);
    records.set(index, record);
    progress.advance();
  });
  progress.finish();
  const counts = { dir: store.dir, slice: slice.length, resumed: slice.length - pending.length, ran: pending.length };
  if (shard) {
    writeFileAtomic(
      join(store.dir, SHARD_FILE),
      JSON.stringify({ shard: `${shard.index}/${shard.count}`, config: plan.configHash, runs: slice.length }, null, 2) + '\n',
    );
    return counts;
  }
  return { ...counts, manifest: writeSweepResults(store.dir, plan, sweepResults(plan, records)) };
}

/**
 * Runs an adaptive sweep: round by round, the runs its race asks for that
 * runs/ does not hold yet go to the workers and are written there like a
 * grid's; then the result files are written over the runs the race made.
 * A resumed race replays the same rounds, running only what is missing.
 */
async function runRace(plan: SweepPlan & { readonly race: RaceSpec }, store: RunStore, options: SweepOptions): Promise<SweepOutcome> {
  const records = store.finished();
  const progress = options.progress ?? NO_PROGRESS;
  // The grid's run count bounds the race's; a settled race finishes early.
  progress.start(plan.runCount, 0);
  const spec = {
    raw: plan.raw,
    file: options.file,
    knobs: plan.knobs,
    points: plan.points,
    seeds: plan.seeds,
    configHash: plan.configHash,
    ...(options.maxEvents !== undefined ? { maxEvents: options.maxEvents } : {}),
  };
  let resumed = 0;
  let ran = 0;
  const result = await race(planRaceOptions(plan), async (batch) => {
    const indices = batch.map((r) => raceRunIndex(plan, r));
    const pending = indices.filter((i) => !records.has(i));
    resumed += indices.length - pending.length;
    ran += pending.length;
    for (let i = pending.length; i < indices.length; i++) progress.advance();
    // A small round costs less in this thread than the start-up of a worker pool; either way the records are the same.
    const workers = pending.length >= 4 * options.workers ? options.workers : 1;
    await executeRuns(spec, pending, workers, (record, index) => {
      store.write(record);
      records.set(index, record);
      progress.advance();
    });
    return indices.map((i) => recordMetrics(records.get(i)!));
  });
  progress.finish();
  const made = result.runs.map((r) => raceRunIndex(plan, r)).sort((a, b) => a - b);
  const results = { ...sweepResults(plan, records, made), dropped: result.dropped.map((d) => d.point) };
  const manifest = writeSweepResults(store.dir, plan, results, result);
  return { dir: store.dir, slice: made.length, resumed, ran, manifest, race: result };
}
