import { locatingErrors, parseDocumentText, readConfigText } from '../config/load.js';
import { LEADER_ELECTION_METRICS, runLeaderElectionStudy } from './leader-election.js';
import { MULTI_REGION_METRICS, runMultiRegionStudy } from './multi-region.js';
import { ORCHESTRATION_METRICS, runOrchestrationStudy } from './orchestration.js';
import type { StudyDocument, StudyKind } from './study-schema.js';
import { parseStudyDocument } from './study-schema.js';
import type { StudyResult, StudyRow } from './study-result.js';

/** Summary column order of each study: name, seed, then its metrics. */
export const STUDY_SUMMARY_COLUMNS: Readonly<Record<StudyKind, readonly string[]>> = {
  'leader-election': ['name', 'seed', ...LEADER_ELECTION_METRICS],
  'multi-region': ['name', 'seed', ...MULTI_REGION_METRICS],
  orchestration: ['name', 'seed', ...ORCHESTRATION_METRICS],
};

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
  let metrics: object;
  let rows: readonly StudyRow[];
  let fingerprint: string;
  let processed: number;
  let events: readonly StudyRow[] | undefined;
  switch (doc.study) {
    case 'leader-election': {
      const run = runLeaderElectionStudy(doc.params, seed);
      ({ metrics, rows, fingerprint, events: processed } = run);
      // Stable: at one instant a leadership change stays before a tenure row, as each list keeps its own order.
      events = [...run.leadership, ...run.tenures].sort((a, b) => Number(a['at_s']) - Number(b['at_s']));
      break;
    }
    case 'multi-region':
      ({ metrics, rows, fingerprint, events: processed } = runMultiRegionStudy(doc.params, seed));
      break;
    case 'orchestration':
      ({ metrics, rows, fingerprint, events: processed } = runOrchestrationStudy(doc.params, seed));
      break;
  }
  const summary: StudyRow = { name: doc.name, seed, ...(metrics as Readonly<Record<string, number | null>>) };
  return {
    study: doc.study,
    name: doc.name,
    seed,
    summary,
    summaryColumns: STUDY_SUMMARY_COLUMNS[doc.study],
    rows,
    ...(events ? { events } : {}),
    fingerprint,
    processed,
  };
}
