import { writeFileSync } from 'node:fs';
import { MAX_CONFIG_BYTES, readBoundedText } from '../config/bounded-read.js';
import { extname } from 'node:path';
import { parseDocumentText } from '../config/load.js';
import { toCsv } from '../output/csv-sink.js';
import { StagedOutputDir } from '../output/output-dir.js';
import type { LoadedStudy } from '../studies/run-study.js';
import { runStudy } from '../studies/run-study.js';
import type { StudyResult, StudyRow } from '../studies/study-result.js';
import { isStudyDocument } from '../studies/study-schema.js';
import { ctrlsimVersion } from './version.js';
import { fileSha256 } from './verify.js';

/**
 * Whether a file is a study (a top-level `study:` key) rather than a
 * services-and-controllers experiment. Unreadable or malformed files are not
 * studies: the experiment loader then reports them with its usual error.
 */
export function isStudyFile(file: string): boolean {
  if (!['.json', '.yaml', '.yml'].includes(extname(file).toLowerCase())) return false;
  try {
    return isStudyDocument(parseDocumentText(readBoundedText(file, MAX_CONFIG_BYTES, 'file', 'file'), file));
  } catch {
    return false;
  }
}

/**
 * Runs a study and writes its directory, staged and moved into place like a
 * run's: summary.csv (one row: name, seed, the study's metrics; a metric
 * whose event never happened is an empty cell), rows.csv
 * (its timeline or log) and manifest.json (config, seed, fingerprint).
 */
export function runStudyToDirectory(
  loaded: LoadedStudy,
  options: { readonly out: string; readonly force: boolean; readonly seed?: number },
): { dir: string; result: StudyResult } {
  const staged = StagedOutputDir.open(options.out, options.force);
  try {
    const result = runStudy(loaded.study, options.seed ?? loaded.study.seed);
    writeFileSync(staged.file('summary.csv'), toCsv([csvCells(result.summary)], result.summaryColumns));
    const rowColumns = [...new Set(result.rows.flatMap((r) => Object.keys(r)))];
    writeFileSync(staged.file('rows.csv'), toCsv(result.rows.map(csvCells), rowColumns));
    // The data files' digests let verify, replay and report tell an edited file from ctrlsim's output.
    const files = Object.fromEntries(['summary.csv', 'rows.csv'].map((f) => [f, fileSha256(staged.file(f))]));
    const manifest = {
      ctrlsim: ctrlsimVersion(),
      study: result.study,
      name: result.name,
      seed: result.seed,
      fingerprint: result.fingerprint,
      config: loaded.raw,
      files,
    };
    writeFileSync(staged.file('manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    return { dir: staged.commit(), result };
  } catch (e) {
    staged.abort();
    throw e;
  }
}

/** A study row as CSV cells: booleans spelt out (csv-stringify would write 1 and empty), null ("never") as an empty cell, as run summaries do. */
function csvCells(row: StudyRow): Record<string, string | number> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? '' : typeof v === 'boolean' ? String(v) : v]));
}
