import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import type { Checkpoint } from '../../sim/engine/fingerprint.js';
import { SUMMARY_METRICS } from '../../sim/world/run-metrics.js';
import { EVENT_COLUMNS, TIMESERIES_COLUMNS } from '../../sim/world/world.js';
import { AnnotationRows, reportAnnotations } from '../../reports/run-annotations.js';
import { RUN_DIR_ACTION_ROWS, RUN_DIR_CHART_ROWS } from './from-dirs.js';
import type { ControllerPanel } from '../../reports/run-report.js';
import { runReportHtml, runReportSpecs } from '../../reports/run-report.js';
import type { RowSink } from '../../sim/world/world.js';
import { writeSvgFiles } from '../../reports/svg.js';
import type { LoadedExperiment } from '../config/load.js';
import { CsvFileSink, OutputBudget, teeSink, toCsv } from '../output/csv-sink.js';
import { StagedOutputDir } from '../output/output-dir.js';
import type { ControllerModules } from './controller-factory.js';
import type { RunOutcome } from './run-experiment.js';
import { FirstRows, StridedRows, runExperiment } from './run-experiment.js';
import type { RunProgress } from './run-progress.js';
import { ctrlsimVersion } from './version.js';
import type { MetricInfo } from '../../sim/metric-catalogue.js';
import { catalogueFor } from '../../sim/metric-catalogue.js';
import type { CostLimits } from './cost.js';
import { DEFAULT_LIMITS } from './cost.js';

/** The manifest written beside every run: enough to replay it and check it. */
export interface RunManifest {
  /** ctrlsim version that produced the run. */
  readonly ctrlsim: string;
  /** Experiment name. */
  readonly name: string;
  /** Seed of the run. */
  readonly seed: number;
  /** Trace fingerprint of the whole run. */
  readonly fingerprint: string;
  /** Events processed. */
  readonly events: number;
  /** The experiment document as written (re-validated on replay). */
  readonly config: unknown;
  /** Per-minute fingerprints. */
  readonly checkpoints: readonly Checkpoint[];
  /** SHA-256 of each data file written, by name. */
  readonly files: Readonly<Record<string, string>>;
  /** Unit, direction and definition of every summary.csv metric (from sim/metric-catalogue.ts). */
  readonly catalogue: Readonly<Record<string, Omit<MetricInfo, 'name'>>>;
  /**
   * Files outside the config that the run read (load traces, bring-your-own
   * controller modules), present only when there are some: the directory
   * relative paths resolve against (the config file's) and each file's
   * SHA-256 by its path as written, so a replay from anywhere finds them and
   * tells an edited input from a divergence.
   */
  readonly inputs?: RunInputs;
}

/** The external inputs of a run (see `RunManifest.inputs`). */
interface RunInputs {
  /** Absolute directory of the config file; relative input paths resolve against it. */
  readonly base: string;
  /** SHA-256 of each input file, by its path as written in the config. */
  readonly files: Readonly<Record<string, string>>;
}

/** Files of a run directory. */
export const RUN_FILES = {
  timeseries: 'timeseries.csv',
  events: 'events.csv',
  summary: 'summary.csv',
  manifest: 'manifest.json',
  report: 'report.html',
} as const;

/** Options of `runToDirectory`. */
export interface RunToDirectoryOptions {
  /** Seed override (else the experiment's). */
  readonly seed?: number;
  /** Output directory. */
  readonly out: string;
  /** Replace a non-empty output directory. */
  readonly force?: boolean;
  /** Bring-your-own controller modules, loaded beforehand. */
  readonly modules?: ControllerModules;
  /** Progress display, if any. */
  readonly progress?: RunProgress;
  /** Watches the run's rows as they stream (property checks) and adds panels to its report when it ends. */
  readonly observer?: RunObserver;
  /** Event and output budgets (default `DEFAULT_LIMITS`). */
  readonly limits?: CostLimits;
}

/** Sees a run's rows as they are written and draws panels from what it saw (see experiments/properties). */
export interface RunObserver {
  /** Receives every time-series row. */
  readonly timeseries: RowSink;
  /** Receives every event-log row. */
  readonly events: RowSink;
  /** Called when the run has ended; returns panels for its report. */
  finish(outcome: RunOutcome): readonly ControllerPanel[];
}

/**
 * Runs an experiment and writes its run directory: timeseries.csv (streamed),
 * events.csv, summary.csv, the charts' .vl.json specs, report.html and
 * manifest.json. Everything is staged and moved into place at the end, so a
 * failed run leaves nothing half-written and an existing directory is never
 * touched without `force`.
 */
export function runToDirectory(loaded: LoadedExperiment, options: RunToDirectoryOptions): { dir: string; outcome: RunOutcome; manifest: RunManifest } {
  const exp = loaded.experiment;
  const seed = options.seed ?? exp.seed;
  const limits = options.limits ?? DEFAULT_LIMITS;
  const inputs = runInputs(loaded);
  const staged = StagedOutputDir.open(options.out, options.force ?? false);
  try {
    const budget = new OutputBudget(limits.maxOutput);
    const timeseriesCsv = new CsvFileSink(staged.file(RUN_FILES.timeseries), TIMESERIES_COLUMNS, undefined, budget);
    const eventsCsv = new CsvFileSink(staged.file(RUN_FILES.events), EVENT_COLUMNS, undefined, budget);
    // Rows are sampled at every multiple of sampleEvery up to the horizon; the
    // limits are the ones report rebuilding (experiments/runner/from-dirs.ts) uses, so a
    // rebuilt report equals the one written here.
    const rowsPerService = Math.floor(exp.horizon / exp.sampleEvery);
    const chartRows = new StridedRows(rowsPerService, RUN_DIR_CHART_ROWS);
    const actionRows = new FirstRows(RUN_DIR_ACTION_ROWS, (r) => r['type'] !== 'decision');
    const annotationRows = new AnnotationRows();
    const observer = options.observer;
    const timeseries = observer ? teeSink(timeseriesCsv, chartRows, observer.timeseries) : teeSink(timeseriesCsv, chartRows);
    const p = options.progress;
    const outcome = runExperiment(
      exp,
      seed,
      {
        timeseries: p ? p.watch(timeseries) : timeseries,
        events: observer ? teeSink(eventsCsv, actionRows, annotationRows, observer.events) : teeSink(eventsCsv, actionRows, annotationRows),
        ...(p ? { engine: (e) => p.attach(e) } : {}),
      },
      options.modules,
      { maxEvents: limits.maxEvents },
    );
    p?.finish();
    timeseriesCsv.close();
    eventsCsv.close();

    // Service and controller metrics follow the fixed ones, as <service>.<metric>
    // and <controller>.<metric>; one with no value in this run (no rollback, say)
    // is an empty cell.
    const extraColumns = Object.keys(outcome.extraMetrics);
    const extraCells = Object.fromEntries(extraColumns.map((k) => [k, outcome.extraMetrics[k] ?? '']));
    const summaryRow = { name: exp.name, seed, ...outcome.summary, ...extraCells };
    writeFileSync(staged.file(RUN_FILES.summary), toCsv([summaryRow], ['name', 'seed', ...SUMMARY_METRICS, ...extraColumns]));

    const reportData = {
      name: exp.name,
      description: exp.description,
      seed,
      fingerprint: outcome.fingerprint,
      timeseries: chartRows.rows,
      actions: actionRows.rows,
      sloLatencyMs: exp.slo.latency / 1000,
      summary: { ...outcome.summary, ...Object.fromEntries(Object.entries(outcome.extraMetrics).filter((e): e is [string, number] => e[1] !== null)) },
      ...withObserverPanels(reportAnnotations(annotationRows.rows, chartRows.rows), observer?.finish(outcome) ?? []),
    };
    const specs = runReportSpecs(reportData);
    for (const [id, spec] of Object.entries(specs)) writeFileSync(staged.file(`${id}.vl.json`), JSON.stringify(spec) + '\n');
    writeFileSync(staged.file(RUN_FILES.report), runReportHtml(reportData, specs));

    const files: Record<string, string> = {};
    for (const f of [RUN_FILES.timeseries, RUN_FILES.events, RUN_FILES.summary]) files[f] = sha256(staged.file(f));
    const manifest: RunManifest = {
      ctrlsim: ctrlsimVersion(),
      name: exp.name,
      seed,
      fingerprint: outcome.fingerprint,
      events: outcome.events,
      config: loaded.raw,
      checkpoints: outcome.checkpoints,
      files,
      catalogue: catalogueFor([...SUMMARY_METRICS, ...extraColumns]),
      ...(inputs ? { inputs } : {}),
    };
    writeFileSync(staged.file(RUN_FILES.manifest), JSON.stringify(manifest, null, 2) + '\n');
    return { dir: staged.commit(), outcome, manifest };
  } catch (e) {
    options.progress?.finish();
    staged.abort();
    throw e;
  }
}

/**
 * Writes a static `<chart>.svg` next to each `<chart>.vl.json` of a finished
 * run directory (Vega's headless renderer, for documents and pull requests).
 * Rendering is asynchronous, so `runToDirectory` stays synchronous and the
 * CLI awaits this after it: `await writeChartSvgs(dir)`. Without `specs`,
 * the directory's `*.vl.json` files are rendered. Returns the files written.
 */
export async function writeChartSvgs(dir: string, specs?: Readonly<Record<string, TopLevelSpec>>): Promise<string[]> {
  const chosen =
    specs ??
    Object.fromEntries(
      readdirSync(dir)
        .filter((f) => f.endsWith('.vl.json'))
        .sort()
        .map((f) => [f.slice(0, -'.vl.json'.length), JSON.parse(readFileSync(join(dir, f), 'utf8')) as TopLevelSpec]),
    );
  return writeSvgFiles(dir, chosen);
}

/**
 * The external files a loaded experiment read (its traces, its controller
 * modules) with their digests, or undefined when it read none (the manifest
 * then holds no path and stays byte-identical wherever the run happened).
 */
function runInputs(loaded: LoadedExperiment): RunInputs | undefined {
  const files: Record<string, string> = {};
  for (const s of loaded.experiment.services) {
    for (const l of s.load) if (l.shape === 'trace') files[l.file] = l.sha256;
  }
  for (const c of Object.values(loaded.experiment.controllers)) {
    const file = c.kind === 'module' ? resolve(dirname(loaded.file), c.module) : undefined;
    if (c.kind === 'module' && file !== undefined && existsSync(file)) files[c.module] = sha256(file);
  }
  return Object.keys(files).length > 0 ? { base: dirname(resolve(loaded.file)), files } : undefined;
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** The report's bands and panels, with the observer's panels (property checks) after the run's own. */
function withObserverPanels(
  annotations: ReturnType<typeof reportAnnotations>,
  observerPanels: readonly ControllerPanel[],
): ReturnType<typeof reportAnnotations> {
  return { intervals: annotations.intervals, panels: [...annotations.panels, ...observerPanels] };
}
