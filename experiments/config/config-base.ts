import { dirname, isAbsolute, resolve } from 'node:path';

/**
 * The directory relative input paths of a config (load traces) resolve
 * against: the config file's own directory while it is validated, so a run
 * started from any working directory reads the same files, and a replay or a
 * sweep worker finds them again. Outside `withConfigBase` it is the working
 * directory (a document validated without a file).
 */
let base: string | undefined;

/** Runs `fn` with relative input paths resolved against the directory of `file`. */
export function withConfigBase<T>(file: string | undefined, fn: () => T): T {
  if (file === undefined) return fn();
  const saved = base;
  base = dirname(resolve(file));
  try {
    return fn();
  } finally {
    base = saved;
  }
}

/** Runs `fn` with relative input paths resolved against `dir` (the working directory when undefined). */
export function withConfigDir<T>(dir: string | undefined, fn: () => T): T {
  if (dir === undefined) return fn();
  const saved = base;
  base = resolve(dir);
  try {
    return fn();
  } finally {
    base = saved;
  }
}

/** Sets the base for the rest of this thread (a sweep worker, which validates points of one file). */
export function setConfigBase(file: string): void {
  base = dirname(resolve(file));
}

/** An input path as written, made absolute against the current base. */
export function resolveInput(path: string): string {
  return isAbsolute(path) ? path : resolve(base ?? process.cwd(), path);
}
