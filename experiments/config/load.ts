import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError } from '../schema/config-error.js';
import type { Experiment } from './experiment-schema.js';
import { locateField } from './source-location.js';
import { experimentSchema } from './experiment-schema.js';

/** An experiment as loaded from a file: the validated form and the raw document. */
export interface LoadedExperiment {
  /** Validated, with durations in µs and defaults applied. */
  readonly experiment: Experiment;
  /** The document as written (for the manifest, so a replay re-parses the same input). */
  readonly raw: unknown;
  /** The file it came from. */
  readonly file: string;
}

/** Parses YAML or JSON text (YAML is a superset; `.json` files are parsed strictly as JSON). */
export function parseDocumentText(text: string, file: string): unknown {
  if (extname(file).toLowerCase() === '.json') {
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      throw new ConfigError(file, 'valid JSON', `a syntax error: ${(e as Error).message}`);
    }
  }
  // prettyErrors makes the parser fill in line and column, which the error's path carries.
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0];
    const message = (first.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw new ConfigError(line ? `${file}:${line.line}:${line.col}` : file, 'valid YAML', `a syntax error: ${message}`);
  }
  return doc.toJS() as unknown;
}

/** Validates a raw document as an experiment. */
export function validateExperiment(raw: unknown): Experiment {
  return experimentSchema.parse(raw, '');
}

/**
 * Reads a config file's text: `what` ("experiment", "study") names it in the
 * errors. Throws `ConfigError` (field `file`) for an extension other than
 * .yaml, .yml or .json, or a file that cannot be read.
 */
export function readConfigText(file: string, what: string): string {
  const ext = extname(file).toLowerCase();
  if (!['.json', '.yaml', '.yml'].includes(ext)) throw new ConfigError('file', `a .yaml, .yml or .json ${what} file`, JSON.stringify(file));
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError('file', `a readable ${what} file`, `${JSON.stringify(file)} (${code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable')})`);
  }
}

/** Reads, parses and validates an experiment file. Throws `ConfigError` on any bad input. */
export function loadExperimentFile(file: string): LoadedExperiment {
  const text = readConfigText(file, 'experiment');
  const raw = parseDocumentText(text, file);
  return { experiment: locatingErrors(text, file, () => validateExperiment(raw)), raw, file };
}

/**
 * Runs `validate` over a document read from `file`; a ConfigError it throws
 * comes back located at the line and column where its field was written
 * (or its nearest written ancestor), so the message leads with `file:line:col`.
 */
export function locatingErrors<T>(text: string, file: string, validate: () => T): T {
  try {
    return validate();
  } catch (e) {
    if (!(e instanceof ConfigError) || e.where !== undefined) throw e;
    const pos = locateField(text, e.path);
    throw pos ? e.at(`${file}:${pos.line}:${pos.col}`) : e;
  }
}
