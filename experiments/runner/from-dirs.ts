import { existsSync, readFileSync, statSync } from 'node:fs';
import { requireVerified } from './verify.js';
import { basename, join, resolve } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { validateExperiment } from '../config/load.js';
import { ConfigError } from '../schema/config-error.js';
import { parseDuration } from '../../lib/duration.js';
import { SUMMARY_METRICS } from '../../sim/world/run-metrics.js';
import type { Row } from '../../sim/world/world.js';
import type { TableRow } from '../../lib/stats/aggregate.js';
import { aggregatePoints } from '../../lib/stats/aggregate.js';
import type { CompareItem } from '../../reports/compare-report.js';
import { compareReportHtml, compareReportSpecs } from '../../reports/compare-report.js';
import type { CsvTable } from '../../reports/csv-read.js';
import { CsvSyntaxError, readCsv } from '../../reports/csv-read.js';
import { AnnotationRows, reportAnnotations } from '../../reports/run-annotations.js';
import type { RunReportData } from '../../reports/run-report.js';
import { runReportHtml, runReportSpecs } from '../../reports/run-report.js';
import type { SweepRecommendation, SweepReportData } from '../../reports/sweep-report.js';
import { sweepReportHtml, sweepReportSpecs } from '../../reports/sweep-report.js';
import type { RankingRule } from '../../reports/ranking.js';

/** Time-series rows a report embeds per service, as the run writer does; longer series are strided. */
export const RUN_DIR_CHART_ROWS = 2000;
/** Non-decision events a report embeds (the first ones), as the run writer does. */
export const RUN_DIR_ACTION_ROWS = 5000;

/** A run directory read back: what its report shows, and its manifest. */
export interface LoadedRunDir {
  /** The directory as given. */
  readonly dir: string;
  /** A label for comparisons: the directory's base name. */
  readonly label: string;
  /** The run report's input, rebuilt from the CSVs and the manifest. */
  readonly data: RunReportData;
  /** manifest.json as written (unknown shape: read leniently). */
  readonly manifest: Readonly<Record<string, unknown>>;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, 'a readable file', `an error: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function csvFile(file: string): CsvTable {
  try {
    return readCsv(readText(file));
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new ConfigError(`${file}:${e.line}`, 'well-formed CSV', e.message.replace(/^line \d+: /, ''));
    throw e;
  }
}

function jsonFile(file: string): Record<string, unknown> {
  try {
    const v = JSON.parse(readText(file)) as unknown;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new ConfigError(file, 'a JSON object', Array.isArray(v) ? 'a list' : String(v));
    return v as Record<string, unknown>;
  } catch (e) {
    if (e instanceof SyntaxError) throw new ConfigError(file, 'valid JSON', `a syntax error: ${e.message}`);
    throw e;
  }
}

function requireDir(dir: string): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new ConfigError(dir, 'a run or sweep directory', existsSync(dir) ? 'a file' : 'nothing (no such directory)');
}

/** The SLO (ms) and description of a manifest's config: validated when it still validates, else read leniently. */
function configFacts(config: unknown): { sloLatencyMs: number; description: string } {
  try {
    const exp = validateExperiment(config);
    return { sloLatencyMs: exp.slo.latency / 1000, description: exp.description };
  } catch {
    // An older or newer config format: take what is readable, else the schema's default SLO (250ms).
    const c = (config ?? {}) as { slo?: { latency?: unknown }; description?: unknown };
    const latency = c.slo?.latency;
    const us = typeof latency === 'string' ? parseDuration(latency) : typeof latency === 'number' ? latency : undefined;
    return { sloLatencyMs: us !== undefined ? us / 1000 : 250, description: typeof c.description === 'string' ? c.description : '' };
  }
}

/** Every `stride`-th row of each service (striding the interleaved rows would drop whole services). */
function stridePerService(rows: readonly Row[], limit: number): Row[] {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(String(r['service'] ?? ''), (counts.get(String(r['service'] ?? '')) ?? 0) + 1);
  const seen = new Map<string, number>();
  return rows.filter((r) => {
    const s = String(r['service'] ?? '');
    const stride = Math.max(1, Math.ceil(counts.get(s)! / limit));
    const i = seen.get(s) ?? 0;
    seen.set(s, i + 1);
    return i % stride === 0;
  });
}

/**
 * Reads a run directory written by `ctrlsim run` (timeseries.csv, events.csv,
 * summary.csv, manifest.json) back into a run report's input. The time
 * series is strided to RUN_DIR_CHART_ROWS rows per service and events to the
 * first RUN_DIR_ACTION_ROWS actions, as the run writer does, so a regenerated
 * single-service report equals the one written with the run. Throws
 * ConfigError (exit code 2 in the CLI) naming the file when one is missing or
 * malformed.
 */
export function loadRunDir(dir: string): LoadedRunDir {
  requireDir(dir);
  const manifest = jsonFile(join(dir, 'manifest.json'));
  const summaryRow = csvFile(join(dir, 'summary.csv')).rows[0] ?? {};
  const summary: Record<string, number> = {};
  for (const [k, v] of Object.entries(summaryRow)) if (k !== 'name' && k !== 'seed' && typeof v === 'number') summary[k] = v;
  const timeseries = stridePerService(csvFile(join(dir, 'timeseries.csv')).rows, RUN_DIR_CHART_ROWS);
  const events = csvFile(join(dir, 'events.csv')).rows;
  const actions = events.filter((r) => r['type'] !== 'decision').slice(0, RUN_DIR_ACTION_ROWS);
  const annotated = new AnnotationRows();
  for (const r of events) annotated.write(r);
  const facts = configFacts(manifest['config']);
  const seed = typeof manifest['seed'] === 'number' ? manifest['seed'] : Number(summaryRow['seed'] ?? 0);
  const data: RunReportData = {
    name: typeof manifest['name'] === 'string' ? manifest['name'] : String(summaryRow['name'] ?? basename(resolve(dir))),
    description: facts.description,
    seed,
    fingerprint: typeof manifest['fingerprint'] === 'string' ? manifest['fingerprint'] : '',
    timeseries,
    actions,
    sloLatencyMs: facts.sloLatencyMs,
    summary,
    ...reportAnnotations(annotated.rows, timeseries),
  };
  return { dir, label: basename(resolve(dir)), data, manifest };
}

/** Columns of a sweep's summary.csv that are neither knobs nor metrics. */
const NON_KNOB_COLUMNS = new Set(['name', 'seed', 'scenario', 'run', 'point', 'status', 'fingerprint', 'error', 'n']);

/**
 * Reads a sweep directory written by `ctrlsim sweep` into a sweep report's
 * input. Expects summary.csv (one row per run); uses points.csv when present
 * (else aggregates the runs); takes knobs, metrics, Pareto objectives, name
 * and description from the sweep's manifest (`knobs`, `metrics`, `pareto`,
 * `name`, `description`) when it lists them, else infers them
 * (metrics: the summary metrics present, or `<m>_mean` columns of
 * points.csv; knobs: the other columns except name, seed, scenario, run,
 * point, status, fingerprint, error, n); reads recommendation.json
 * (`{text, settings}`) or recommendation.txt when present. A manifest that
 * lists exactly three Pareto objectives sets the report's axes (the first
 * up, the second right, the third as cost), so a study sweep charts its own
 * trade-off; an experiment sweep's three are the default axes. The
 * manifest's `extraMetrics` (service and controller metrics) get heatmaps
 * after the key metrics.
 */
export function loadSweepDir(dir: string): SweepReportData {
  requireDir(dir);
  const runsTable = csvFile(join(dir, 'summary.csv'));
  const manifestFile = ['manifest.json', 'sweep.json'].map((f) => join(dir, f)).find(existsSync);
  const manifest = manifestFile ? jsonFile(manifestFile) : {};
  const pointsTable = existsSync(join(dir, 'points.csv')) ? csvFile(join(dir, 'points.csv')) : undefined;
  // A list of names, or an object keyed by them (a sweep section's knobs).
  const listed = (v: unknown) =>
    Array.isArray(v) && v.every((x) => typeof x === 'string')
      ? (v as string[])
      : v !== null && typeof v === 'object' && !Array.isArray(v)
        ? Object.keys(v)
        : undefined;
  const known = new Set<string>(SUMMARY_METRICS);
  const metrics =
    listed(manifest['metrics']) ??
    (() => {
      const fromRuns = runsTable.columns.filter((c) => known.has(c));
      if (fromRuns.length) return fromRuns;
      return (pointsTable?.columns ?? []).filter((c) => c.endsWith('_mean')).map((c) => c.slice(0, -'_mean'.length));
    })();
  const metricSet = new Set(metrics);
  const knobs = listed(manifest['knobs']) ?? runsTable.columns.filter((c) => !metricSet.has(c) && !known.has(c) && !NON_KNOB_COLUMNS.has(c));
  const hasScenario = runsTable.columns.includes('scenario');
  const runs: TableRow[] = [...runsTable.rows];
  const points: TableRow[] = pointsTable ? [...pointsTable.rows] : aggregatePoints(runs, { knobs, metrics, ...(hasScenario ? { groupBy: 'scenario' } : {}) });
  let recommendation: string | SweepRecommendation | undefined;
  if (existsSync(join(dir, 'recommendation.json'))) {
    const r = jsonFile(join(dir, 'recommendation.json'));
    if (typeof r['text'] === 'string') {
      const settings = r['settings'];
      const rule = r['rule'] as RankingRule | undefined;
      recommendation = {
        text: r['text'],
        ...(settings && typeof settings === 'object' && !Array.isArray(settings) ? { settings: settings as Record<string, string | number> } : {}),
        // A rule written by `recommend --save` (objectives, constraints, order, basis); the table ranks by it.
        ...(rule && Array.isArray(rule.objectives) && Array.isArray(rule.constraints) ? { rule } : {}),
      };
    }
  } else if (existsSync(join(dir, 'recommendation.txt'))) {
    recommendation = readText(join(dir, 'recommendation.txt')).trim();
  }
  const name =
    typeof manifest['name'] === 'string' ? manifest['name'] : typeof runs[0]?.['name'] === 'string' ? (runs[0]['name'] as string) : basename(resolve(dir));
  const pareto = listed(manifest['pareto']);
  // An adaptive sweep's race.csv says which points dropped out of the race; they rank after the rest.
  const dropped = existsSync(join(dir, 'race.csv'))
    ? csvFile(join(dir, 'race.csv'))
        .rows.filter((r) => r['status'] === 'dropped')
        .map((r) => Number(r['point']))
    : undefined;
  const extraMetrics = listed(manifest['extraMetrics'])?.filter((m) => metricSet.has(m));
  return {
    name,
    ...(typeof manifest['description'] === 'string' ? { description: manifest['description'] } : {}),
    knobs,
    metrics,
    runs,
    points,
    ...(recommendation ? { recommendation } : {}),
    ...(pareto ? { paretoObjectives: pareto } : {}),
    ...(pareto?.length === 3 ? { axes: { thrashing: pareto[0]!, responsiveness: pareto[1]!, cost: pareto[2]! } } : {}),
    ...(extraMetrics?.length ? { extraMetrics } : {}),
    ...(dropped ? { dropped } : {}),
  };
}

/** What kind of directory `dir` is: a run (has timeseries.csv) or a sweep (has points.csv, or a summary.csv without a time series). */
export function dirKind(dir: string): 'run' | 'sweep' {
  requireDir(dir);
  if (existsSync(join(dir, 'timeseries.csv'))) return 'run';
  if (existsSync(join(dir, 'points.csv')) || existsSync(join(dir, 'summary.csv'))) return 'sweep';
  throw new ConfigError(dir, 'a run directory (timeseries.csv, summary.csv, manifest.json) or a sweep directory (summary.csv, points.csv)', 'neither');
}

/** A run or sweep directory as one side of a comparison, labelled by its base name. */
function loadCompareItem(dir: string): CompareItem {
  const label = basename(resolve(dir));
  return dirKind(dir) === 'run' ? { kind: 'run', label, run: loadRunDir(dir).data } : { kind: 'sweep', label, sweep: loadSweepDir(dir) };
}

/** A report built from directories: the page, its charts, and which kind it is. */
export interface DirReport {
  /** `run` or `sweep` for one directory, `compare` for several. */
  readonly kind: 'run' | 'sweep' | 'compare';
  /** The self-contained HTML page. */
  readonly html: string;
  /** Its charts by id, to write as `<id>.vl.json` and `<id>.svg`. */
  readonly specs: Record<string, TopLevelSpec>;
}

/**
 * The report for `ctrlsim report <dir> [<dir>...]`: one run directory gives
 * its run report, one sweep directory its sweep report, several directories
 * (runs, sweeps or both) a comparison report in the order given.
 */
export function reportFromDirs(dirs: readonly string[]): DirReport {
  if (dirs.length === 0) throw new ConfigError('dirs', 'one or more run or sweep directories', 'none');
  // Never render edited data as if ctrlsim had produced it.
  for (const dir of dirs) if (existsSync(join(dir, 'manifest.json'))) requireVerified(dir);
  if (dirs.length === 1) {
    const dir = dirs[0]!;
    if (dirKind(dir) === 'run') {
      const data = loadRunDir(dir).data;
      const specs = runReportSpecs(data);
      return { kind: 'run', html: runReportHtml(data, specs), specs };
    }
    const data = loadSweepDir(dir);
    const specs = sweepReportSpecs(data);
    return { kind: 'sweep', html: sweepReportHtml(data, specs), specs };
  }
  const items = dirs.map(loadCompareItem);
  const specs = compareReportSpecs(items);
  return { kind: 'compare', html: compareReportHtml(items, {}, specs), specs };
}
