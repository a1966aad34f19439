import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ConfigError } from '../schema/config-error.js';

/** Locks released when the process exits (by `process.exit` too), so a Ctrl-C handler that exits leaves none behind. */
const held = new Set<string>();
let exitHookInstalled = false;

/** The lock file of an output directory: a hidden sibling, so it never appears inside the output. */
function lockFile(absTarget: string): string {
  return join(dirname(absTarget), `.${basename(absTarget)}.lock`);
}

/**
 * Takes the exclusive lock of an output directory (a sibling file created
 * with O_EXCL holding this process's id), so a concurrent run to the same
 * directory fails at once instead of silently replacing the other's result.
 * A lock whose process is dead (killed with -9) is taken over. Returns the
 * release function; throws `ConfigError` on `--out` when another live
 * process holds the lock.
 */
export function acquireOutputLock(absTarget: string, shown: string): () => void {
  const file = lockFile(absTarget);
  // Re-entrant within one process (a library caller writing the same directory twice).
  if (held.has(file)) return () => {};
  // The lock's content is written first and linked into place, so no reader ever sees a lock without its owner.
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${process.pid}\n`);
  try {
    return take(file, temp, shown);
  } finally {
    rmSync(temp, { force: true });
  }
}

function take(file: string, temp: string, shown: string): () => void {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      linkSync(temp, file);
      held.add(file);
      if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.on('exit', () => {
          for (const f of held) rmSync(f, { force: true });
        });
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        held.delete(file);
        rmSync(file, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = ownerOf(file);
      if (owner !== undefined && (owner === process.pid || processAlive(owner))) {
        throw new ConfigError(
          '--out',
          'a directory no other ctrlsim process is writing (wait for it, or choose another --out)',
          `${JSON.stringify(shown)} (being written by process ${owner}; its lock is ${file})`,
        );
      }
      // The owner died without releasing: the lock is stale.
      rmSync(file, { force: true });
    }
  }
  throw new ConfigError('--out', 'a directory no other ctrlsim process is writing', `${JSON.stringify(shown)} (its lock ${file} keeps changing hands)`);
}

function ownerOf(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process with this id is running (a process we may not signal still counts as alive). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
