import { readFileSync, writeFileSync } from 'node:fs';
import { SUMMARY_METRICS } from '../../sim/world/run-metrics.js';
import { ConfigError } from '../schema/config-error.js';
import type { RunOutcome } from './run-experiment.js';

/** A pinned run: what `ctrlsim run --check` compares a fresh run against, whatever the scenario's kind. */
export interface Golden {
  /** Run name. */
  readonly name: string;
  /** Seed of the pinned run. */
  readonly seed: number;
  /** Trace fingerprint. */
  readonly fingerprint: string;
  /** Events processed. */
  readonly events: number;
  /** Summary metrics, in summary.csv's order (an experiment's `SUMMARY_METRICS`, a study's metrics); null where an event never happened. */
  readonly summary: Readonly<Record<string, number | null>>;
  /** Service and controller metrics (`<service>.<metric>`, `<controller>.<metric>`), null where a run has no value. */
  readonly extra: Readonly<Record<string, number | null>>;
}

/** The golden of an experiment run. */
export function goldenOf(name: string, outcome: RunOutcome): Golden {
  const summary = Object.fromEntries(SUMMARY_METRICS.map((m) => [m, outcome.summary[m]]));
  return { name, seed: outcome.seed, fingerprint: outcome.fingerprint, events: outcome.events, summary, extra: outcome.extraMetrics };
}

/** A golden file's text: stable key order, one field per line, so a re-bless shows up as a readable git diff. */
function goldenText(golden: Golden): string {
  return JSON.stringify(golden, null, 2) + '\n';
}

/** Reads a golden file. Throws `ConfigError` (naming `--check`) when it is missing or malformed. */
export function readGolden(file: string): Golden {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(
      '--check',
      'an existing golden file (pass --bless to create it)',
      `${JSON.stringify(file)} (${code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable')})`,
    );
  }
  let g: Partial<Golden>;
  try {
    g = JSON.parse(text) as Partial<Golden>;
  } catch (e) {
    throw new ConfigError(file, 'a golden file in JSON', `a syntax error: ${(e as Error).message}`);
  }
  if (
    typeof g.fingerprint !== 'string' ||
    typeof g.seed !== 'number' ||
    typeof g.summary !== 'object' ||
    g.summary === null ||
    typeof g.extra !== 'object' ||
    g.extra === null
  ) {
    throw new ConfigError(file, 'a golden file with name, seed, fingerprint, events, summary and extra (re-create it with --bless)', 'something else');
  }
  return g as Golden;
}

/** Writes a golden file. */
export function writeGolden(file: string, golden: Golden): void {
  writeFileSync(file, goldenText(golden));
}

/**
 * The differences between a pinned golden and a fresh run, one readable
 * line each (`field: golden X, now Y (+Δ)`); empty when they match.
 */
export function diffGolden(golden: Golden, now: Golden): string[] {
  const lines: string[] = [];
  // The fresh run's metrics in its order, then any only the golden has.
  const metrics = [...new Set([...Object.keys(now.summary), ...Object.keys(golden.summary)])];
  const extras = [...new Set([...Object.keys(golden.extra), ...Object.keys(now.extra)])];
  const width = Math.max(...metrics.map((m) => m.length), ...extras.map((m) => m.length), 11);
  const line = (field: string, a: unknown, b: unknown, withDelta = true) => {
    const delta = withDelta && typeof a === 'number' && typeof b === 'number' ? ` (${b - a >= 0 ? '+' : ''}${Number((b - a).toPrecision(6))})` : '';
    lines.push(`${field.padEnd(width)}  golden ${String(a)}, now ${String(b)}${delta}`);
  };
  for (const k of ['name', 'seed', 'fingerprint', 'events'] as const) if (golden[k] !== now[k]) line(k, golden[k], now[k], k === 'events');
  for (const m of metrics) if (golden.summary[m] !== now.summary[m]) line(m, golden.summary[m], now.summary[m]);
  const shown = (x: Readonly<Record<string, number | null>>, m: string) => (m in x ? x[m] : 'absent');
  for (const m of extras) if (shown(golden.extra, m) !== shown(now.extra, m)) line(m, shown(golden.extra, m), shown(now.extra, m));
  return lines;
}
