import { readFileSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, parse, resolve, sep } from 'node:path';
import { ConfigError } from '../schema/config-error.js';

/**
 * Whether `dir` holds ctrlsim output: a manifest.json (run, study or sweep)
 * or a sweep's runs/sweep.json whose `ctrlsim` field names the version that
 * wrote it. Only such a directory, or an empty one, may be replaced.
 */
function isCtrlsimOutput(dir: string): boolean {
  for (const f of ['manifest.json', join('runs', 'sweep.json')]) {
    try {
      const parsed = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { ctrlsim?: unknown };
      if (typeof parsed === 'object' && parsed !== null && typeof parsed.ctrlsim === 'string') return true;
    } catch {
      // Not this kind; try the next.
    }
  }
  return false;
}

/**
 * Why `abs` may never be an output directory, or undefined: the file
 * system's root, the home directory, the working directory or one of its
 * parents (replacing any of them would delete the user's files, or the
 * directory the command runs in).
 */
export function protectedReason(abs: string): string | undefined {
  const target = resolve(abs);
  if (target === parse(target).root) return 'the root directory';
  if (target === resolve(homedir())) return 'your home directory';
  const cwd = process.cwd();
  if (target === cwd) return 'the current directory';
  if (cwd.startsWith(target.endsWith(sep) ? target : target + sep)) return 'a parent of the current directory';
  return undefined;
}

/**
 * Checks that `out` may be written: it is not a protected directory, not a
 * file, and either absent, empty, or (with `force`) ctrlsim's own output.
 * Throws `ConfigError` on `label` otherwise; never deletes anything.
 */
export function checkReplaceable(
  out: string,
  options: { readonly force: boolean; readonly label: string; readonly flag: string; readonly notEmpty?: string },
): void {
  const abs = resolve(out);
  const why = protectedReason(abs);
  if (why)
    throw new ConfigError(
      options.label,
      'a directory of its own for ctrlsim output (never the root, your home, the current directory or its parents)',
      `${JSON.stringify(out)} (${why})`,
    );
  let entries: string[];
  try {
    if (!statSync(abs).isDirectory()) throw new ConfigError(options.label, 'a directory path', `${JSON.stringify(out)} (an existing file)`);
    entries = readdirSync(abs);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'ENOTDIR') throw new ConfigError(options.label, 'a directory path', `${JSON.stringify(out)} (a path through a file)`);
    throw e;
  }
  if (entries.length === 0) return;
  if (!options.force) {
    throw new ConfigError(
      options.label,
      options.notEmpty ?? `a new or empty directory (or pass ${options.flag} to replace it)`,
      `${JSON.stringify(out)} (exists and is not empty)`,
    );
  }
  if (!isCtrlsimOutput(abs)) {
    throw new ConfigError(
      options.label,
      `a directory ctrlsim wrote (with its manifest.json) or an empty one: ${options.flag} replaces nothing else`,
      `${JSON.stringify(out)} (holds ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} and no ctrlsim manifest)`,
    );
  }
}
