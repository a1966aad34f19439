import { extname } from 'node:path';
import { LineCounter, parseDocument, visit } from 'yaml';
import type { YAMLError } from 'yaml';
import { ConfigError } from '../schema/config-error.js';
import { MAX_CONFIG_BYTES, readBoundedText } from './bounded-read.js';
import { withConfigBase } from './config-base.js';
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
  /** The file's text, when it was read from one (sweep errors are located in it). */
  readonly text?: string;
}

/** Aliases a YAML document may expand (`yaml`'s own default): past it, a few lines could expand to gigabytes. */
const MAX_YAML_ALIASES = 100;

/** The 1-based line and column of a character offset. */
function lineColAt(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const line = before.split('\n').length;
  return { line, col: before.length - before.lastIndexOf('\n') };
}

/**
 * Parses YAML or JSON text (YAML is a superset; `.json` files are parsed
 * strictly as JSON). Every error is a `ConfigError` led by `file:line:col`:
 * a syntax error, an empty file, a key written twice (in JSON too, where
 * `JSON.parse` would silently keep the last), or a YAML alias expansion past
 * `MAX_YAML_ALIASES`.
 */
export function parseDocumentText(text: string, file: string): unknown {
  if (text.trim() === '') throw new ConfigError(`${file}:1:1`, 'a document (an object of fields)', 'an empty file');
  const lineCounter = new LineCounter();
  if (extname(file).toLowerCase() === '.json') {
    let value: unknown;
    try {
      value = JSON.parse(text) as unknown;
    } catch (e) {
      const message = (e as Error).message;
      const m = / at position (\d+)/.exec(message);
      const pos = lineColAt(text, m ? Number(m[1]) : text.length);
      throw new ConfigError(
        `${file}:${pos.line}:${pos.col}`,
        'valid JSON',
        `a syntax error: ${message.replace(/ in JSON at position \d+.*$/, '').replace(/ of JSON input$/, ' of the file')}`,
      );
    }
    // JSON is YAML, so the YAML parser finds a key written twice, with its position.
    const dup = parseDocument(text, { uniqueKeys: true, lineCounter }).errors.find((e) => e.code === 'DUPLICATE_KEY');
    if (dup) throw duplicateKey(dup, text, file, lineCounter);
    return value;
  }
  // prettyErrors makes the parser fill in line and column, which the error's path carries.
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true, lineCounter });
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0];
    const message = (first.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw new ConfigError(line ? `${file}:${line.line}:${line.col}` : `${file}:1:1`, 'valid YAML', `a syntax error: ${message}`);
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) as unknown;
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    let offset = 0;
    visit(doc, {
      Alias(_, node) {
        offset = node.range?.[0] ?? 0;
        return visit.BREAK;
      },
    });
    const pos = lineCounter.linePos(offset);
    throw new ConfigError(
      `${file}:${pos.line}:${pos.col}`,
      `YAML whose aliases (*name) expand to a bounded document (at most ${MAX_YAML_ALIASES} alias expansions per node)`,
      'aliases that expand without bound (a resource-exhaustion pattern)',
    );
  }
}

function duplicateKey(error: YAMLError, text: string, file: string, lineCounter: LineCounter): ConfigError {
  const pos = lineCounter.linePos(error.pos[0]);
  const key = /^\s*("(?:[^"\\]|\\.)*")/.exec(text.slice(error.pos[0]))?.[1];
  return new ConfigError(`${file}:${pos.line}:${pos.col}`, 'valid JSON', `a syntax error: Map keys must be unique${key ? ` (${key} written twice)` : ''}`);
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
  return readBoundedText(file, MAX_CONFIG_BYTES, 'file', `${what} file`);
}

/** Reads, parses and validates an experiment file. Throws `ConfigError` on any bad input. */
export function loadExperimentFile(file: string): LoadedExperiment {
  const text = readConfigText(file, 'experiment');
  const raw = parseDocumentText(text, file);
  return { experiment: locatingErrors(text, file, () => withConfigBase(file, () => validateExperiment(raw))), raw, file, text };
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

/** `locatingErrors` for asynchronous work (loading a config's controller modules): a ConfigError comes back at `file:line:col`. */
export async function locatingErrorsAsync<T>(text: string | undefined, file: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (text === undefined || !(e instanceof ConfigError) || e.where !== undefined) throw e;
    const pos = locateField(text, e.path);
    throw pos ? e.at(`${file}:${pos.line}:${pos.col}`) : e;
  }
}
