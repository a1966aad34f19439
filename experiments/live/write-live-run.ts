import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SUMMARY_METRICS } from '../../sim/world/run-metrics.js';
import type { Row, RowSink } from '../../sim/world/world.js';
import { EVENT_COLUMNS, TIMESERIES_COLUMNS } from '../../sim/world/world.js';
import { runReportHtml, runReportSpecs } from '../../reports/run-report.js';
import type { LoadedExperiment } from '../config/load.js';
import { loadExperimentFile, locatingErrors } from '../config/load.js';
import type { LiveSpec } from '../config/live-schema.js';
import { CsvFileSink, teeSink, toCsv } from '../output/csv-sink.js';
import { StagedOutputDir } from '../output/output-dir.js';
import { ConfigError } from '../schema/config-error.js';
import { liveSummary } from './live-summary.js';
import type { LiveOutcome } from './live-run.js';
import { OBSERVED_COLUMNS, runLive } from './live-run.js';
import type { LiveTarget } from './live-target.js';
import { ProcessPool } from './process-pool.js';
import type { Micros } from '../../lib/time.js';
import { SECOND } from '../../lib/time.js';
import { loadControllerModules } from '../runner/controller-factory.js';
import { RUN_FILES } from '../runner/write-run.js';
import { ctrlsimVersion } from '../runner/version.js';

/** The manifest of a live run: wall-clock times instead of a fingerprint, which a live run cannot claim. */
export interface LiveManifest {
  /** ctrlsim version that produced the run. */
  readonly ctrlsim: string;
  /** Always "live": replay and golden checks refuse such a directory. */
  readonly mode: 'live';
  /** Experiment name. */
  readonly name: string;
  /** Seed of the load generator's arrivals (the world itself is not seeded). */
  readonly seed: number;
  /** Wall time of time zero and of the end, ISO 8601. */
  readonly startedAt: string;
  readonly endedAt: string;
  /** Seconds covered, and why the run ended. */
  readonly seconds: number;
  readonly ended: LiveOutcome['ended'];
  /** The experiment document as written. */
  readonly config: unknown;
  /** SHA-256 of each data file written, by name. */
  readonly files: Readonly<Record<string, string>>;
}

/** Options of `ctrlsim live`. */
export interface LiveRunOptions {
  /** Output directory. */
  readonly out: string;
  /** Replace a non-empty output directory. */
  readonly force?: boolean;
  /** Overrides `live.duration`. */
  readonly duration?: Micros;
  /** Seed override for the load generator. */
  readonly seed?: number;
  /** Aborting ends the run early and cleanly (the CLI wires Ctrl-C to it). */
  readonly signal?: AbortSignal;
  /** Kubernetes only: log and send dry-run requests instead of changing anything. */
  readonly dryRun?: boolean;
  /** Progress lines (the CLI prints them). */
  readonly log?: (line: string) => void;
}

/** observed.csv beside the usual run files: every metric sample controllers were handed. */
export const OBSERVED_FILE = 'observed.csv';

/**
 * `ctrlsim live <file>`: runs the experiment's controllers against the real
 * adapters its `live:` section names and writes the same run directory as a
 * simulated run (timeseries.csv, events.csv, summary.csv, report.html, the
 * charts' .vl.json) plus observed.csv, with wall-clock times in the manifest
 * and no fingerprint. Staged like `ctrlsim run`: an interrupted or failed
 * run leaves an existing directory untouched.
 */
export async function runLiveToDirectory(file: string, options: LiveRunOptions): Promise<{ dir: string; manifest: LiveManifest }> {
  const loaded = loadExperimentFile(file);
  const exp = loaded.experiment;
  if (!exp.live)
    throw new ConfigError('live', 'a live: section naming observe (prometheus) and actuate (process-pool or kubernetes) adapters', 'no live section').at(file);
  const live: LiveSpec = exp.live;
  locatingErrors(readFileSync(file, 'utf8'), file, () => checkLiveServices(loaded, live));
  const modules = await loadControllerModules(exp, file);
  const seed = options.seed ?? exp.seed;
  const base = dirname(resolve(file));
  const staged = StagedOutputDir.open(options.out, options.force ?? false);
  try {
    const timeseriesCsv = new CsvFileSink(staged.file(RUN_FILES.timeseries), TIMESERIES_COLUMNS);
    const eventsCsv = new CsvFileSink(staged.file(RUN_FILES.events), EVENT_COLUMNS);
    const observedCsv = new CsvFileSink(staged.file(OBSERVED_FILE), OBSERVED_COLUMNS);
    const rows: Row[] = [];
    const events: Row[] = [];
    const keep = (into: Row[]): RowSink => ({ write: (r) => into.push(r) });
    const target = (now: () => Micros, onLifecycle: (row: Row) => void): LiveTarget =>
      makeTarget(live, base, now, onLifecycle, options.dryRun ?? false, options.log);
    options.log?.(`live: ${exp.name}: starting ${live.actuate.kind} target, observing ${live.observe.url}`);
    const outcome = await runLive(
      {
        experiment: exp,
        target,
        seed,
        modules,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.duration !== undefined ? { duration: options.duration } : {}),
      },
      { timeseries: teeSink(timeseriesCsv, keep(rows)), events: teeSink(eventsCsv, keep(events)), observed: observedCsv },
    );
    timeseriesCsv.close();
    eventsCsv.close();
    observedCsv.close();

    const summary = liveSummary(rows, events, exp.sampleEvery / SECOND, exp.slo.latency / 1000);
    writeFileSync(
      staged.file(RUN_FILES.summary),
      toCsv([{ name: exp.name, seed, ...Object.fromEntries(Object.entries(summary).map(([k, v]) => [k, v ?? ''])) }], ['name', 'seed', ...SUMMARY_METRICS]),
    );
    const reportData = {
      name: exp.name,
      description: `${exp.description} (live run, ${outcome.startedAt} to ${outcome.endedAt})`,
      seed,
      fingerprint: 'none: a live run',
      timeseries: rows,
      actions: events.filter((r) => r['type'] === 'action' || r['type'] === 'rejected'),
      sloLatencyMs: exp.slo.latency / 1000,
      summary: Object.fromEntries(Object.entries(summary).filter((e): e is [string, number] => e[1] !== null)),
    };
    const specs = runReportSpecs(reportData);
    for (const [id, spec] of Object.entries(specs)) writeFileSync(staged.file(`${id}.vl.json`), JSON.stringify(spec) + '\n');
    writeFileSync(staged.file(RUN_FILES.report), runReportHtml(reportData, specs));
    const files: Record<string, string> = {};
    for (const f of [RUN_FILES.timeseries, RUN_FILES.events, RUN_FILES.summary, OBSERVED_FILE])
      files[f] = createHash('sha256')
        .update(readFileSync(staged.file(f)))
        .digest('hex');
    const manifest: LiveManifest = {
      ctrlsim: ctrlsimVersion(),
      mode: 'live',
      name: exp.name,
      seed,
      startedAt: outcome.startedAt,
      endedAt: outcome.endedAt,
      seconds: outcome.seconds,
      ended: outcome.ended,
      config: loaded.raw,
      files,
    };
    writeFileSync(staged.file(RUN_FILES.manifest), JSON.stringify(manifest, null, 2) + '\n');
    return { dir: staged.commit(), manifest };
  } catch (e) {
    staged.abort();
    throw e;
  }
}

/** Every service must have an adapter entry, so a typo fails before any worker starts. */
function checkLiveServices(loaded: LoadedExperiment, live: LiveSpec): void {
  const names = loaded.experiment.services.map((s) => s.name);
  const where = live.actuate.kind === 'process-pool' ? 'services' : 'deployments';
  const table = live.actuate.kind === 'process-pool' ? live.actuate.services : live.actuate.deployments;
  for (const n of names) {
    if (!(n in table)) throw new ConfigError(`live.actuate.${where}`, `an entry for every service (${names.join(', ')})`, `no entry for ${n}`);
  }
  if (live.load.enabled && live.actuate.kind !== 'process-pool') {
    throw new ConfigError('live.load.enabled', 'false with a kubernetes target (the load generator sends to local workers; live traffic is real)', 'true');
  }
  for (const n of Object.keys(live.observe.queries)) {
    if (!names.includes(n)) throw new ConfigError(`live.observe.queries.${n}`, `one of the services ${names.join(', ')}`, JSON.stringify(n));
  }
}

/** Builds the live target the `actuate` section names. */
function makeTarget(
  live: LiveSpec,
  base: string,
  now: () => Micros,
  onLifecycle: (row: Row) => void,
  dryRun: boolean,
  log?: (line: string) => void,
): LiveTarget {
  const a = live.actuate;
  if (a.kind === 'process-pool') {
    return new ProcessPool(
      a.services,
      now,
      (e) => onLifecycle({ time_s: e.at, controller: '', type: 'lifecycle', action: e.what, target: e.instance, from: '', to: '', reason: e.detail }),
      (p) => resolve(base, p),
    );
  }
  return new LazyKubernetesTarget(a, dryRun || a.dryRun, log ?? (() => {}), now);
}

/** Loads the Kubernetes client only when a run asks for it. */
class LazyKubernetesTarget implements LiveTarget {
  private inner: Promise<LiveTarget> | undefined;
  constructor(
    private readonly spec: Extract<LiveSpec['actuate'], { kind: 'kubernetes' }>,
    private readonly dryRun: boolean,
    private readonly log: (line: string) => void,
    private readonly now: () => Micros,
  ) {}
  private get target(): Promise<LiveTarget> {
    this.inner ??= import('../live/kubernetes-target.js').then((m) => m.KubernetesTarget.fromDefaultKubeconfig(this.spec, this.dryRun, this.log, this.now));
    return this.inner;
  }
  async read(service: string, signal: AbortSignal) {
    return (await this.target).read(service, signal);
  }
  async start(initial: Readonly<Record<string, number>>) {
    return (await this.target).start(initial);
  }
  async shutdown() {
    return (await this.target).shutdown();
  }
  async apply(...args: Parameters<LiveTarget['apply']>) {
    return (await this.target).apply(...args);
  }
}
