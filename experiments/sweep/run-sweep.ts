import { join } from 'node:path';
import { writeFileAtomic } from './atomic-file.js';
import type { SweepPlan } from './plan.js';
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
}

/** Marker file a shard writes when its slice is complete (merge does not need it; people and job scripts may). */
export const SHARD_FILE = 'shard.json';

/**
 * Runs a sweep (or one shard of it) into `out`: the runs missing from runs/
 * go to the workers, each finished run is written there atomically, and,
 * for a whole sweep, the result files are written from what runs/ holds.
 * A killed sweep resumed with `resume` ends with exactly the files of an
 * uninterrupted one.
 */
export async function runSweep(plan: SweepPlan, options: SweepOptions): Promise<SweepOutcome> {
  const store = RunStore.open(options.out, plan, options);
  const shard = options.shard && options.shard.count > 1 ? options.shard : undefined;
  const records = store.finished();
  const slice: number[] = [];
  for (let i = 0; i < plan.runCount; i++) if (inShard(i, shard)) slice.push(i);
  const pending = slice.filter((i) => !records.has(i));
  const progress = options.progress ?? NO_PROGRESS;
  progress.start(slice.length, slice.length - pending.length);
  const spec = {
    raw: plan.raw, file: options.file, knobs: plan.knobs, points: plan.points, seeds: plan.seeds, configHash: plan.configHash,
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
    writeFileAtomic(join(store.dir, SHARD_FILE), JSON.stringify({ shard: `${shard.index}/${shard.count}`, config: plan.configHash, runs: slice.length }, null, 2) + '\n');
    return counts;
  }
  return { ...counts, manifest: writeSweepResults(store.dir, plan, sweepResults(plan, records)) };
}
