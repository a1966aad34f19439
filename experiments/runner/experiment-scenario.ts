/**
 * Experiments as a scenario kind: services, load and controllers in the
 * simulated world. Each run writes report.html, timeseries.csv, events.csv,
 * summary.csv and manifest.json (with per-minute checkpoints, so a replay
 * that diverges says where).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { toSeconds } from '../../lib/time.js';
import { SUMMARY_METRICS } from '../../sim/world/run-metrics.js';
import { formatBytes } from '../config/bounded-read.js';
import { withConfigBase, withConfigDir } from '../config/config-base.js';
import type { LoadedExperiment } from '../config/load.js';
import { locatingErrors, locatingErrorsAsync, validateExperiment } from '../config/load.js';
import type { ReplayManifest, ReplayResult, Scenario, ScenarioKind, ScenarioRun, ScenarioRunOptions, ScenarioSource } from '../scenario/scenario-kind.js';
import { ConfigError } from '../schema/config-error.js';
import type { SweepPlan } from '../sweep/plan.js';
import type { RunnerSpec } from '../sweep/point-runner.js';
import { parsePoint, planSweep } from '../sweep/plan.js';
import type { ControllerModules } from './controller-factory.js';
import { loadControllerModules } from './controller-factory.js';
import type { CostLimits, RunCost } from './cost.js';
import { checkLoadedCost, formatCount } from './cost.js';
import { goldenOf } from './golden.js';
import { fileSha256 } from './verify.js';
import type { RunManifest } from './write-run.js';

/**
 * The metrics with every non-finite value as null: a record read back from
 * JSON has null where NaN was, so a run kept in memory must too, or a resumed
 * sweep's files would differ from an uninterrupted one's.
 */
function finiteOrNull(metrics: Readonly<Record<string, number | null>>): Record<string, number | null> {
  return Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, v !== null && Number.isFinite(v) ? v : null]));
}

/** An experiment file, validated. */
class ExperimentScenario implements Scenario {
  readonly kind = experimentKind;
  private modules: Promise<ControllerModules> | undefined;

  constructor(readonly loaded: LoadedExperiment) {}

  get source(): ScenarioSource {
    return this.loaded;
  }
  get name(): string {
    return this.loaded.experiment.name;
  }
  get seed(): number {
    return this.loaded.experiment.seed;
  }
  get hasSweep(): boolean {
    return this.loaded.experiment.sweep !== undefined;
  }

  checkCost(limits: CostLimits): RunCost {
    return checkLoadedCost(this.loaded, limits);
  }

  async loadModules(): Promise<void> {
    await this.controllerModules();
  }

  private controllerModules(): Promise<ControllerModules> {
    const { text, file, experiment } = this.loaded;
    this.modules ??= locatingErrorsAsync(text, file, () => loadControllerModules(experiment, file));
    return this.modules;
  }

  planSweep(limits?: CostLimits): SweepPlan {
    return planSweep(this.loaded, limits);
  }

  describe(cost: RunCost, sweep: string): string {
    const e = this.loaded.experiment;
    return `${e.name}: ${e.services.length} service(s), ${Object.keys(e.controllers).length} controller(s), horizon ${toSeconds(e.horizon)}s${sweep}; estimated ${formatCount(cost.events)} events, ${formatBytes(cost.bytes)} of CSV per run`;
  }

  async run(options: ScenarioRunOptions): Promise<ScenarioRun> {
    const { experiment, file } = this.loaded;
    const { seed, limits, write } = options;
    const modules = await this.controllerModules();
    if (!write) {
      const [{ experimentChecks }, { runExperiment }] = await Promise.all([import('./property-checks.js'), import('./run-experiment.js')]);
      const checks = await experimentChecks(experiment, file, seed);
      const outcome = runExperiment(experiment, seed, checks.sinks, modules, { maxEvents: limits.maxEvents });
      return { lines: [], golden: goldenOf(experiment.name, outcome), violations: checks.violations(outcome) };
    }
    // On a worker thread, so Ctrl-C or SIGTERM can stop the run and remove its staging directory.
    const [{ RunProgress }, { runInWorker }, { writeChartSvgs }] = await Promise.all([
      import('./run-progress.js'),
      import('./run-worker.js'),
      import('./write-run.js'),
    ]);
    const progress = RunProgress.wanted(write.progress, process.stderr);
    const written = await runInWorker({ file, out: write.out, force: write.force, seed, limits, progress });
    const { outcome } = written;
    const lines = [
      `ran ${experiment.name} (seed ${seed}): ${outcome.events} events, fingerprint ${outcome.fingerprint}`,
      ...SUMMARY_METRICS.map((k) => `  ${k.padEnd(20)} ${outcome.summary[k]}`),
    ];
    const svgs = write.svg ? await writeChartSvgs(written.dir) : [];
    lines.push(`wrote ${written.dir}/ (report.html, timeseries.csv, events.csv, summary.csv, manifest.json${svgs.length ? `, ${svgs.join(', ')}` : ''})`);
    return { lines, golden: goldenOf(experiment.name, outcome), violations: written.violations };
  }
}

/** The experiment kind: every document that is not a study. */
export const experimentKind: ScenarioKind = {
  name: 'experiment',
  runReport: true,

  load(source: ScenarioSource): Scenario {
    const { raw, file, text } = source;
    // From a file, trace paths resolve against it and errors are located in it; a sweep directory's config is taken as written.
    const experiment = text !== undefined ? locatingErrors(text, file, () => withConfigBase(file, () => validateExperiment(raw))) : validateExperiment(raw);
    return new ExperimentScenario({ experiment, raw, file, ...(text !== undefined ? { text } : {}) });
  },

  /**
   * Reruns an experiment from its manifest: its traces and bring-your-own
   * modules are found again at the config's directory (recorded in the
   * manifest) and refused if they changed since, so a replay works from any
   * working directory.
   */
  async replay(m: ReplayManifest): Promise<ReplayResult> {
    const manifest = m as RunManifest;
    const inputs = manifest.inputs;
    const exp = withConfigDir(inputs?.base, () => validateExperiment(manifest.config));
    if (inputs) {
      // An input edited since the run would look like a divergence of the simulator; name it instead.
      const now: Record<string, string> = {};
      for (const s of exp.services) for (const l of s.load) if (l.shape === 'trace') now[l.file] = l.sha256;
      for (const c of Object.values(exp.controllers))
        if (c.kind === 'module' && existsSync(resolve(inputs.base, c.module))) now[c.module] = fileSha256(resolve(inputs.base, c.module));
      for (const [path, sha] of Object.entries(inputs.files)) {
        if (now[path] !== sha) {
          throw new ConfigError(
            resolve(inputs.base, path),
            `the input the run read (SHA-256 ${sha.slice(0, 12)}…)`,
            `a file whose SHA-256 is ${(now[path] ?? 'unknown').slice(0, 12)}… (changed since the run, so a replay cannot reproduce it)`,
          );
        }
      }
    }
    const [{ firstDivergence }, { runExperiment }] = await Promise.all([import('../../sim/engine/fingerprint.js'), import('./run-experiment.js')]);
    const modules = await loadControllerModules(exp, join(inputs?.base ?? process.cwd(), 'experiment'));
    const outcome = runExperiment(exp, manifest.seed, {}, modules);
    const divergence = outcome.fingerprint === manifest.fingerprint ? undefined : firstDivergence(manifest.checkpoints, outcome.checkpoints);
    return {
      expected: manifest.fingerprint,
      actual: outcome.fingerprint,
      matches: outcome.fingerprint === manifest.fingerprint,
      // Checkpoints that all agree put the divergence after the last one, before the horizon.
      ...(outcome.fingerprint !== manifest.fingerprint
        ? { divergence: divergence ?? { agreedUntil: manifest.checkpoints.at(-1)?.at ?? 0, divergedBy: exp.horizon } }
        : {}),
    };
  },

  /** Experiment sweep runs record the summary metrics and the extra ones (service, then controller metrics). */
  async sweepPoints(spec: RunnerSpec) {
    const modules = await loadControllerModules(validateExperiment(spec.raw), spec.file);
    const { runExperiment } = await import('./run-experiment.js');
    const budget = spec.maxEvents !== undefined ? { maxEvents: spec.maxEvents } : {};
    return (point: number, values: RunnerSpec['points'][number]) => {
      const exp = parsePoint(spec.raw, spec.knobs, values, point);
      return (seed: number) => {
        const outcome = runExperiment(exp, seed, {}, modules, budget);
        return {
          config: spec.configHash,
          point,
          seed,
          fingerprint: outcome.fingerprint,
          events: outcome.events,
          summary: Object.fromEntries(SUMMARY_METRICS.map((m) => [m, outcome.summary[m]])),
          extra: finiteOrNull(outcome.extraMetrics),
        };
      };
    };
  },
};
