import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { acquireOutputLock, processAlive } from './output-lock.js';
import { checkReplaceable } from './replaceable.js';

/** The name of a staging directory: hidden, beside the target, tagged with the writing process's id. */
const STAGING = /^\.(.+)\.staging-(\d+)$/;

/**
 * An output directory written atomically: everything goes into a hidden
 * sibling staging directory, which replaces the target only on `commit`. A
 * run that fails or is killed leaves the target untouched; an existing,
 * non-empty target is only replaced with `force`, and only when ctrlsim wrote
 * it (see `checkReplaceable`). While open, the target is locked: a second
 * process writing to it fails at once.
 */
export class StagedOutputDir {
  /** Where files are written until commit. */
  readonly staging: string;
  /** Staging directories of dead processes removed when this one opened (paths). */
  readonly removedStale: readonly string[];
  private readonly target: string;
  private readonly release: () => void;

  private constructor(target: string, staging: string, release: () => void, removedStale: readonly string[]) {
    this.target = target;
    this.staging = staging;
    this.release = release;
    this.removedStale = removedStale;
  }

  /**
   * Checks the target, locks it, removes stale staging directories of dead
   * processes in its parent and opens a fresh staging directory. Throws
   * `ConfigError` if the target exists without `force`, is not replaceable,
   * or another process holds its lock.
   */
  static open(target: string, force: boolean): StagedOutputDir {
    const abs = resolve(target);
    checkReplaceable(target, { force, label: '--out', flag: '--force' });
    mkdirSync(dirname(abs), { recursive: true });
    const release = acquireOutputLock(abs, target);
    try {
      const removedStale = removeStaleStaging(dirname(abs));
      for (const d of removedStale) process.stderr.write(`ctrlsim: removed ${d}/ (left by a run that was killed)\n`);
      const staging = join(dirname(abs), `.${basename(abs)}.staging-${process.pid}`);
      rmSync(staging, { recursive: true, force: true });
      mkdirSync(staging);
      return new StagedOutputDir(abs, staging, release, removedStale);
    } catch (e) {
      release();
      throw e;
    }
  }

  /** Path of a file inside the staging directory. */
  file(name: string): string {
    return join(this.staging, name);
  }

  /** Moves the staging directory into place, replacing the target, and releases the lock. */
  commit(): string {
    try {
      if (existsSync(this.target)) rmSync(this.target, { recursive: true, force: true });
      renameSync(this.staging, this.target);
      return this.target;
    } finally {
      this.release();
    }
  }

  /** Discards everything written and releases the lock. */
  abort(): void {
    try {
      rmSync(this.staging, { recursive: true, force: true });
    } finally {
      this.release();
    }
  }
}

/**
 * Removes the staging directories (`.<name>.staging-<pid>`) in `parent` whose
 * process is no longer running: a run killed by a signal or by the kernel
 * leaves one behind. Returns the paths removed, so the caller can list them.
 */
function removeStaleStaging(parent: string): string[] {
  const removed: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return removed;
  }
  for (const f of entries.sort()) {
    const m = STAGING.exec(f);
    if (!m || Number(m[2]) === process.pid || processAlive(Number(m[2]))) continue;
    const p = join(parent, f);
    try {
      if (!statSync(p).isDirectory()) continue;
      rmSync(p, { recursive: true, force: true });
      removed.push(p);
    } catch {
      // Another process removed it first; nothing left to do.
    }
  }
  return removed;
}
