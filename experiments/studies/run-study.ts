import { locatingErrors, parseDocumentText, readConfigText } from '../config/load.js';
import { studyOf } from './study-kinds.js';
import type { StudyDocument } from './study-schema.js';
import { parseStudyDocument } from './study-schema.js';
import type { StudyResult, StudyRow } from './study-result.js';

/** A study as loaded from a file: the validated form and the raw document. */
export interface LoadedStudy {
  /** Validated, durations in µs, defaults applied. */
  readonly study: StudyDocument;
  /** The document as written (for a manifest or a sweep's knob paths). */
  readonly raw: unknown;
  /** The file it came from. */
  readonly file: string;
  /** The file's text, to locate errors found after parsing (absent when planned from a parsed document). */
  readonly text?: string;
}

/** Reads, parses and validates a study file (YAML or JSON). Throws `ConfigError` on any bad input. */
export function loadStudyFile(file: string): LoadedStudy {
  const text = readConfigText(file, 'study');
  const raw = parseDocumentText(text, file);
  return { study: locatingErrors(text, file, () => parseStudyDocument(raw)), raw, file, text };
}

/**
 * Runs one study with one seed (the file's unless given) and returns its
 * summary row and detail rows. Pure and deterministic: same document and
 * seed, same result.
 */
export function runStudy(doc: StudyDocument, seed: number = doc.seed): StudyResult {
  const study = studyOf(doc);
  const { metrics, rows, events, fingerprint, processed } = study.run(seed);
  const summary: StudyRow = { name: doc.name, seed, ...(metrics as Readonly<Record<string, number | null>>) };
  return {
    study: doc.study,
    name: doc.name,
    seed,
    summary,
    summaryColumns: ['name', 'seed', ...study.definition.metrics],
    rows,
    ...(events ? { events } : {}),
    fingerprint,
    processed,
  };
}
