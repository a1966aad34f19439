import { join } from 'node:path';
import { reportFromDirs } from '../runner/from-dirs.js';
import { writeFileAtomic } from './atomic-file.js';

/**
 * Writes a sweep directory's report.html and its charts' `<id>.vl.json`
 * specs, built by the reports module from the directory's CSVs and manifest
 * alone, so `ctrlsim report <dir>` rebuilds the same bytes. Returns the
 * files written.
 */
export function writeSweepReport(dir: string): string[] {
  const report = reportFromDirs([dir]);
  const written: string[] = [];
  for (const [id, spec] of Object.entries(report.specs)) {
    writeFileAtomic(join(dir, `${id}.vl.json`), JSON.stringify(spec, null, 2) + '\n');
    written.push(`${id}.vl.json`);
  }
  writeFileAtomic(join(dir, 'report.html'), report.html);
  return [...written, 'report.html'];
}
