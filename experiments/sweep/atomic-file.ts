import { readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const TEMP = /^\..+\.\d+\.tmp$/;

/**
 * Writes a file so that readers (and a process resumed after a kill) see
 * either the old content or the whole new content, never a torn file: the
 * data goes to a hidden temporary sibling, which is then renamed over the
 * target (rename is atomic within a directory on POSIX file systems).
 */
export function writeFileAtomic(file: string, data: string): void {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  writeFileSync(temp, data);
  renameSync(temp, file);
}

/** Removes temporary files a killed writer left in `dir` (they never replaced anything). */
export function removeStaleTemps(dir: string): void {
  for (const f of readdirSync(dir)) if (TEMP.test(f)) rmSync(join(dir, f), { force: true });
}
