import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigError } from '../schema/config-error.js';

/**
 * An output directory written atomically: everything goes into a hidden
 * sibling staging directory, which replaces the target only on `commit`. A
 * run that fails or is killed leaves the target untouched; an existing,
 * non-empty target is only replaced with `force`.
 */
export class StagedOutputDir {
  /** Where files are written until commit. */
  readonly staging: string;
  private readonly target: string;

  private constructor(target: string, staging: string) {
    this.target = target;
    this.staging = staging;
  }

  /** Checks the target and opens a fresh staging directory. Throws `ConfigError` if the target exists without `force`. */
  static open(target: string, force: boolean): StagedOutputDir {
    const abs = resolve(target);
    if (existsSync(abs)) {
      if (!statSync(abs).isDirectory()) throw new ConfigError('--out', 'a directory path', `${JSON.stringify(target)} (an existing file)`);
      if (!force && readdirSync(abs).length > 0) {
        throw new ConfigError('--out', 'a new or empty directory (or pass --force to replace it)', `${JSON.stringify(target)} (exists and is not empty)`);
      }
    }
    mkdirSync(dirname(abs), { recursive: true });
    const staging = join(dirname(abs), `.${basename(abs)}.staging-${process.pid}`);
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging);
    return new StagedOutputDir(abs, staging);
  }

  /** Path of a file inside the staging directory. */
  file(name: string): string {
    return join(this.staging, name);
  }

  /** Moves the staging directory into place, replacing the target. */
  commit(): string {
    if (existsSync(this.target)) rmSync(this.target, { recursive: true, force: true });
    renameSync(this.staging, this.target);
    return this.target;
  }

  /** Discards everything written. */
  abort(): void {
    rmSync(this.staging, { recursive: true, force: true });
  }
}
