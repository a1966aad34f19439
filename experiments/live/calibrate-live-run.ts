import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { CsvRow } from '../../reports/csv-read.js';
import { readCsv } from '../../reports/csv-read.js';
import type { SimRealGap } from '../../reports/sim-vs-real.js';
import { simRealGap, simRealHtml } from '../../reports/sim-vs-real.js';
import { SECOND } from '../../lib/time.js';
import type { Calibration } from './calibrate.js';
import { fitMetricDelay, fitServiceTime, fitStartupDelay } from './calibrate.js';
import { OBSERVED_FILE } from './write-live-run.js';
import type { LiveManifest } from './write-live-run.js';
import { loadExperimentFile, validateExperiment } from '../config/load.js';
import { StagedOutputDir } from '../output/output-dir.js';
import { ConfigError } from '../schema/config-error.js';
import { RUN_FILES, runToDirectory } from '../runner/write-run.js';

/** Files `ctrlsim calibrate` writes. */
export const CALIBRATE_FILES = { experiment: 'calibrated.yaml', sim: 'sim', comparison: 'comparison.html', gap: 'gap.json' } as const;

/** What `ctrlsim calibrate` found. */
export interface CalibrateResult {
  /** The output directory. */
  readonly dir: string;
  /** Fits per service. */
  readonly calibration: Readonly<Record<string, Calibration>>;
  /** The sim-vs-real gap. */
  readonly gap: SimRealGap;
}

/**
 * `ctrlsim calibrate <live-run-dir>`: fits, per service, the service time
 * distribution, the start-up delay and the metric delay from a live run,
 * writes the live run's experiment with those values (calibrated.yaml; the
 * horizon set to the live run's length), runs it in the simulator with the
 * live run's seed (sim/), and writes the overlay (comparison.html) and the
 * gap figures (gap.json). A field that cannot be fitted keeps the value the
 * experiment had, and the comparison says so.
 */
export function calibrateLiveRun(liveDir: string, options: { out: string; force?: boolean }): CalibrateResult {
  const manifestFile = join(liveDir, RUN_FILES.manifest);
  if (!existsSync(manifestFile)) throw new ConfigError('dir', 'a live run directory (ctrlsim live --out)', `${JSON.stringify(liveDir)} (no manifest.json)`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Partial<LiveManifest>;
  if (manifest.mode !== 'live')
    throw new ConfigError('dir', 'a live run directory (its manifest says mode: live)', `${JSON.stringify(liveDir)} (a simulated run)`);
  const exp = validateExperiment(manifest.config);
  const read = (f: string): readonly CsvRow[] => readCsv(readFileSync(join(liveDir, f), 'utf8')).rows;
  const live = { timeseries: read(RUN_FILES.timeseries), events: read(RUN_FILES.events) };
  const observed = read(OBSERVED_FILE);
  const windowS = exp.sampleEvery / SECOND;

  const raw = structuredClone(manifest.config) as {
    services: Array<Record<string, unknown> & { capacity: Record<string, unknown> }>;
    metrics?: Record<string, unknown>;
    horizon: unknown;
    description?: string;
  };
  const calibration: Record<string, Calibration> = {};
  const fitted: string[] = [];
  let metricDelay: string | null = null;
  exp.services.forEach((s, i) => {
    const rows = live.timeseries.filter((r) => r['service'] === s.name);
    const events = live.events.filter((e) => String(e['target']).startsWith(`${s.name}-`));
    const concurrency = s.capacity.concurrency ?? 1;
    const c: Calibration = {
      ...fitServiceTime(rows, windowS, concurrency),
      ...fitStartupDelay(events),
      ...fitMetricDelay(
        rows,
        observed.filter((o) => o['service'] === s.name),
        windowS,
        exp.metrics.scrapeInterval / SECOND,
      ),
    };
    calibration[s.name] = c;
    const target = raw.services[i]!;
    if (c.serviceTime) target.capacity['serviceTime'] = c.serviceTime;
    if (c.startupDelay) target['startupDelay'] = c.startupDelay;
    metricDelay ??= c.metricDelay;
    fitted.push(
      `${s.name}: service time ${c.serviceTime ? JSON.stringify(c.serviceTime) : 'not fitted (no served windows); kept'}` +
        (c.serviceTimeEvidence ? ` from ${c.serviceTimeEvidence.requests} requests, mean ${c.serviceTimeEvidence.meanMs} ms` : ''),
      `${s.name}: start-up delay ${c.startupDelay ? JSON.stringify(c.startupDelay) : 'not fitted (no worker started during the run); kept'}` +
        (c.startupSamples.length ? ` from ${c.startupSamples.length} starts (${c.startupSamples.join(', ')} s)` : ''),
      `${s.name}: metric lag ${c.metricLag ? `${c.metricLag.lagS} s (rmse ${c.metricLag.rmse} rps)` : 'not fitted'} → metrics.delay ${c.metricDelay ?? 'kept'}`,
    );
  });
  if (metricDelay !== null) raw.metrics = { ...(raw.metrics ?? {}), delay: metricDelay };
  const seconds = Math.ceil((manifest.seconds ?? exp.horizon / SECOND) / windowS) * windowS;
  raw.horizon = `${seconds}s`;
  raw.description = `${exp.description} (calibrated from the live run of ${manifest.startedAt ?? '?'})`;

  const staged = StagedOutputDir.open(options.out, options.force ?? false);
  try {
    const header = ['# Written by ctrlsim calibrate from a live run; the fitted values:', ...fitted.map((f) => `#   ${f}`), ''].join('\n');
    const expFile = staged.file(CALIBRATE_FILES.experiment);
    writeFileSync(expFile, header + stringify(raw));
    const seed = manifest.seed ?? exp.seed;
    const run = runToDirectory(loadExperimentFile(expFile), { out: staged.file(CALIBRATE_FILES.sim), seed });
    const readSim = (f: string): readonly CsvRow[] => readCsv(readFileSync(join(run.dir, f), 'utf8')).rows;
    const sim = { timeseries: readSim(RUN_FILES.timeseries), events: readSim(RUN_FILES.events) };
    const gap = simRealGap(live, sim);
    const syncS = Math.min(...Object.values(exp.controllers).map((c) => c.syncPeriod)) / SECOND;
    writeFileSync(staged.file(CALIBRATE_FILES.gap), JSON.stringify({ seed, syncPeriodS: syncS, ...gap, calibration }, null, 2) + '\n');
    writeFileSync(
      staged.file(CALIBRATE_FILES.comparison),
      simRealHtml(
        `${exp.name}: simulated vs live`,
        `live run ${manifest.startedAt ?? ''}, ${manifest.seconds ?? '?'} s; simulated with the fitted parameters, seed ${seed}`,
        live,
        sim,
        gap,
        fitted,
        syncS,
      ),
    );
    return { dir: staged.commit(), calibration, gap };
  } catch (e) {
    staged.abort();
    throw e;
  }
}

/** `ctrlsim calibrate` from the command line. */
export async function calibrateAndPrint(argv: { dir: string; out: string; force: boolean }, print: (line: string) => void): Promise<void> {
  const r = calibrateLiveRun(argv.dir, { out: argv.out, force: argv.force });
  const g = r.gap;
  print(`calibrate: replicas within ±1 for ${Math.round(g.replicasWithinOne * 1000) / 10}% of the live run (largest gap ${g.maxReplicaGap})`);
  print(
    `calibrate: scale actions ${g.liveScaleActions} live / ${g.simScaleActions} simulated; decision gaps ${g.decisions.map((d) => `${d.direction} at ${d.time_s} s: ${d.gapS === null ? 'unmatched' : `${d.gapS} s`}`).join(', ') || 'none'}`,
  );
  print(`calibrate: mean latency ${g.liveMeanLatencyMs ?? '–'} ms live / ${g.simMeanLatencyMs ?? '–'} ms simulated`);
  print(`calibrate: wrote ${r.dir} (calibrated.yaml, sim/, comparison.html, gap.json)`);
}
