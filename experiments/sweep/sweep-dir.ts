import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { requireVerified } from '../runner/verify.js';
import { join } from 'node:path';
import { StagedOutputDir } from '../output/output-dir.js';
import { ConfigError } from '../schema/config-error.js';
import { MergeConflict } from './errors.js';
import type { SweepPlan } from './plan.js';
import { runAt } from './plan.js';
import type { RunRecord, SweepIdentity } from './run-store.js';
import { IDENTITY_FILE, RUNS_DIR, readIdentity, readRecords, recordName, recordText, storeFormat } from './run-store.js';
import type { SweepResults } from './results.js';
import { sweepResults } from './results.js';
import type { SweepManifest } from './write-results.js';
import { planDocument } from './sweep-file.js';
import { writeSweepResults } from './write-results.js';
import { raceRunIndex, replaySweepRace } from './adaptive-run.js';

/** A sweep directory read back: its plan (re-expanded from the stored document) and the finished runs. */
export interface SweepDir {
  /** The directory. */
  readonly dir: string;
  /** The identity stored in runs/sweep.json. */
  readonly identity: SweepIdentity;
  /** The plan, carrying the stored config hash. */
  readonly plan: SweepPlan;
  /** Finished runs by run index. */
  readonly records: ReadonlyMap<number, RunRecord>;
}

/** Reads a sweep (or shard) directory. Throws `ConfigError` when `dir` is not one. */
export function readSweepDir(dir: string, label = 'dir'): SweepDir {
  const identity = readIdentity(dir);
  if (!identity) throw new ConfigError(label, `a sweep directory (holding ${RUNS_DIR}/${IDENTITY_FILE})`, JSON.stringify(dir));
  const raw = identity.document;
  // The stored hash is kept (not recomputed) so a directory from another ctrlsim version can still be read.
  const plan = { ...planDocument(raw, dir), configHash: identity.config };
  return { dir, identity, plan, records: readRecords(join(dir, RUNS_DIR), plan, storeFormat(identity)) };
}

/**
 * Reads a complete sweep directory's results. Throws `ConfigError` naming the
 * first missing run when runs are missing. An adaptive sweep is complete
 * when its race, replayed from the records, needs no run they lack; its
 * results are over the runs the race made.
 */
export function completeResults(sweep: SweepDir, label = 'dir'): SweepResults {
  const plan = sweep.plan;
  if (plan.race) {
    const race = replaySweepRace({ ...plan, race: plan.race }, sweep.records, label);
    return {
      ...sweepResults(
        plan,
        sweep.records,
        race.runs.map((r) => raceRunIndex(plan, r)).sort((a, b) => a - b),
      ),
      dropped: race.dropped.map((d) => d.point),
    };
  }
  requireAll(sweep.plan, sweep.records, label, `a complete sweep directory (resume it, or merge its shards)`);
  return sweepResults(sweep.plan, sweep.records);
}

function requireAll(plan: SweepPlan, records: ReadonlyMap<number, RunRecord>, label: string, expected: string): void {
  const missing: number[] = [];
  for (let i = 0; i < plan.runCount; i++) if (!records.has(i)) missing.push(i);
  if (missing.length === 0) return;
  const first = runAt(plan, missing[0]!);
  throw new ConfigError(label, expected, `${missing.length} of ${plan.runCount} runs missing, the first point ${first.point} seed ${first.seed}`);
}

/**
 * Joins shard directories of one sweep into `out`: runs/ with every record,
 * and the result files, byte-identical to the same sweep run on one machine.
 * Shards must share the config hash and together cover every run; a run
 * found in several shards must have identical records.
 */
export function mergeSweeps(dirs: readonly string[], out: string, force = false): { dir: string; manifest: SweepManifest } {
  if (dirs.length === 0) throw new ConfigError('dirs', 'at least one shard directory', 'none');
  // Every shard is checked against its manifest and its records' digests before anything is merged.
  for (const d of dirs) if (existsSync(join(d, 'manifest.json')) || existsSync(join(d, RUNS_DIR, IDENTITY_FILE))) requireVerified(d);
  const shards = dirs.map((d) => readSweepDir(d, 'dirs'));
  const base = shards[0]!;
  if (base.plan.race)
    throw new ConfigError(
      'dirs',
      'shard directories of a grid, random or lhs sweep (an adaptive sweep runs on one machine and has no shards)',
      `${JSON.stringify(base.dir)} (design: adaptive)`,
    );
  const union = new Map<number, RunRecord>();
  for (const s of shards) {
    if (s.identity.config !== base.identity.config) {
      throw new ConfigError(
        'dirs',
        `shards of one sweep (config ${base.identity.config}, as in ${JSON.stringify(base.dir)})`,
        `${JSON.stringify(s.dir)} (config ${s.identity.config})`,
      );
    }
    if (storeFormat(s.identity) !== storeFormat(base.identity)) {
      throw new ConfigError(
        'dirs',
        `shards written in one run-store format (${storeFormat(base.identity)}, as in ${JSON.stringify(base.dir)}); rerun the older shards with --force`,
        `${JSON.stringify(s.dir)} (format ${storeFormat(s.identity)})`,
      );
    }
    for (const [i, r] of s.records) {
      const seen = union.get(i);
      if (seen && recordText(seen, base.plan.metrics) !== recordText(r, base.plan.metrics)) {
        throw new MergeConflict(`run point ${r.point} seed ${r.seed} differs between shards (fingerprints ${seen.fingerprint} and ${r.fingerprint})`);
      }
      union.set(i, r);
    }
  }
  requireAll(base.plan, union, 'dirs', 'shard directories that together hold every run of the sweep');
  const staged = StagedOutputDir.open(out, force);
  try {
    mkdirSync(staged.file(RUNS_DIR));
    copyFileSync(join(base.dir, RUNS_DIR, IDENTITY_FILE), join(staged.file(RUNS_DIR), IDENTITY_FILE));
    const plan = base.plan;
    for (const r of [...union.keys()].sort((a, b) => a - b).map((i) => union.get(i)!)) {
      // The staging directory is private until commit, so plain writes are safe here.
      writeFileSync(join(staged.file(RUNS_DIR), recordName(plan, r.point, r.seed)), recordText(r, plan.metrics));
    }
    const manifest = writeSweepResults(staged.staging, plan, sweepResults(plan, union));
    return { dir: staged.commit(), manifest };
  } catch (e) {
    staged.abort();
    throw e;
  }
}
