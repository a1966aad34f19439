/**
 * Studies as a scenario kind: a scripted coordination scenario (leader
 * election, multi-region capacity, workflow orchestration) with its own
 * parameters and metrics. Each run writes summary.csv, rows.csv (its
 * timeline or log) and manifest.json.
 */
import { writeFileSync } from 'node:fs';
import { locatingErrors } from '../config/load.js';
import { toCsv } from '../output/csv-sink.js';
import { StagedOutputDir } from '../output/output-dir.js';
import type { CostLimits, RunCost } from '../runner/cost.js';
import { formatCount } from '../runner/cost.js';
import type { Golden } from '../runner/golden.js';
import { ctrlsimVersion } from '../runner/version.js';
import { fileSha256 } from '../runner/verify.js';
import type { ReplayManifest, ReplayResult, Scenario, ScenarioKind, ScenarioRun, ScenarioRunOptions, ScenarioSource } from '../scenario/scenario-kind.js';
import type { RunnerSpec } from '../sweep/point-runner.js';
import type { LoadedStudy } from './run-study.js';
import { runStudy } from './run-study.js';
import { checkStudyCost } from './study-cost.js';
import { studyAtPoint } from './study-point.js';
import type { StudyResult, StudyRow } from './study-result.js';
import { parseStudyDocument } from './study-schema.js';
import { STUDIES } from './study-kinds.js';
import { planStudySweep } from './study-sweep.js';

/**
 * Runs a study and writes its directory, staged and moved into place like a
 * run's: summary.csv (one row: name, seed, the study's metrics; a metric
 * whose event never happened is an empty cell), rows.csv
 * (its timeline or log) and manifest.json (config, seed, fingerprint).
 */
function runStudyToDirectory(
  loaded: LoadedStudy,
  options: { readonly out: string; readonly force: boolean; readonly seed: number },
): { dir: string; result: StudyResult } {
  const staged = StagedOutputDir.open(options.out, options.force);
  try {
    const result = runStudy(loaded.study, options.seed);
    writeFileSync(staged.file('summary.csv'), toCsv([csvCells(result.summary)], result.summaryColumns));
    const rowColumns = [...new Set(result.rows.flatMap((r) => Object.keys(r)))];
    writeFileSync(staged.file('rows.csv'), toCsv(result.rows.map(csvCells), rowColumns));
    // The data files' digests let verify, replay and report tell an edited file from ctrlsim's output.
    const files = Object.fromEntries(['summary.csv', 'rows.csv'].map((f) => [f, fileSha256(staged.file(f))]));
    const manifest = {
      ctrlsim: ctrlsimVersion(),
      study: result.study,
      name: result.name,
      seed: result.seed,
      fingerprint: result.fingerprint,
      config: loaded.raw,
      files,
    };
    writeFileSync(staged.file('manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    return { dir: staged.commit(), result };
  } catch (e) {
    staged.abort();
    throw e;
  }
}

/** A study row as CSV cells: booleans spelt out (csv-stringify would write 1 and empty), null ("never") as an empty cell, as run summaries do. */
function csvCells(row: StudyRow): Record<string, string | number> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? '' : typeof v === 'boolean' ? String(v) : v]));
}

/** The golden of a study run: its metrics in summary column order, no extra metrics. */
function studyGolden(result: StudyResult): Golden {
  const summary = Object.fromEntries(result.summaryColumns.slice(2).map((m) => [m, numberOrNull(result.summary[m])]));
  return { name: result.name, seed: result.seed, fingerprint: result.fingerprint, events: result.processed, summary, extra: {} };
}

/** A study metric as a number, or null for "never" (a study never reports another type; one that does is a bug in the study). */
function numberOrNull(v: StudyRow[string] | undefined): number | null {
  if (typeof v === 'number' || v === null) return v;
  throw new Error(`a study metric that is ${JSON.stringify(v)}, not a number or null`);
}

/** A study file, validated. */
class StudyScenario implements Scenario {
  readonly kind = studyKind;

  constructor(readonly loaded: LoadedStudy) {}

  get source(): ScenarioSource {
    return this.loaded;
  }
  get name(): string {
    return this.loaded.study.name;
  }
  get seed(): number {
    return this.loaded.study.seed;
  }
  get hasSweep(): boolean {
    return this.loaded.study.sweep !== undefined;
  }

  checkCost(limits: CostLimits): RunCost {
    return checkStudyCost(this.loaded, limits);
  }

  /** A study names nothing outside its file. */
  async loadModules(): Promise<void> {}

  planSweep(limits?: CostLimits) {
    return planStudySweep(this.loaded, limits);
  }

  describe(cost: RunCost, sweep: string): string {
    const { study } = this.loaded;
    return `${study.study} study ${study.name}${sweep}; about ${formatCount(cost.events)} events`;
  }

  async run(options: ScenarioRunOptions): Promise<ScenarioRun> {
    const { study } = this.loaded;
    const { checkStudy } = await import('../properties/study-properties.js');
    if (!options.write) {
      const result = runStudy(study, options.seed);
      return { lines: [], golden: studyGolden(result), violations: checkStudy(study, result) };
    }
    const { dir, result } = runStudyToDirectory(this.loaded, { out: options.write.out, force: options.write.force, seed: options.seed });
    const lines = [
      `ran ${result.study} study ${result.name} (seed ${result.seed}): fingerprint ${result.fingerprint}`,
      ...result.summaryColumns.slice(2).map((k) => `  ${k.padEnd(24)} ${String(result.summary[k])}`),
      `wrote ${dir}/ (summary.csv, rows.csv, manifest.json)`,
    ];
    return { lines, golden: studyGolden(result), violations: checkStudy(study, result) };
  }
}

/** The study kind: documents with a top-level `study:` key. */
export const studyKind: ScenarioKind = {
  name: 'study',
  runReport: false,

  load(source: ScenarioSource): Scenario {
    const { raw, file, text } = source;
    const study = text !== undefined ? locatingErrors(text, file, () => parseStudyDocument(raw)) : parseStudyDocument(raw);
    return new StudyScenario({ study, raw, file, ...(text !== undefined ? { text } : {}) });
  },

  /** Reruns a study from its manifest; a study keeps no checkpoints, so a mismatch cannot say where it diverged. */
  async replay(manifest: ReplayManifest): Promise<ReplayResult> {
    const result = runStudy(parseStudyDocument(manifest.config), manifest.seed);
    return { expected: manifest.fingerprint, actual: result.fingerprint, matches: result.fingerprint === manifest.fingerprint };
  },

  /** Study sweep runs record their kind's metrics; one that is null where the kind never reports "never" is a bug in the study. */
  async sweepPoints(spec: RunnerSpec) {
    return (point: number, values: RunnerSpec['points'][number]) => {
      const doc = studyAtPoint(spec.raw, spec.knobs, values, point);
      return (seed: number) => {
        const result = runStudy(doc, seed);
        const summary: Record<string, number | null> = {};
        const { metrics, nullable } = STUDIES[doc.study];
        for (const m of metrics) {
          const v = result.summary[m];
          // A study metric of another type (or null where the study never reports "never") is a bug in the study, not bad input.
          if (typeof v !== 'number' && !(v === null && nullable.includes(m))) {
            throw new Error(`study ${doc.study} reported ${m} = ${JSON.stringify(v)}, not a number${nullable.includes(m) ? ' or null' : ''}`);
          }
          summary[m] = v;
        }
        return { config: spec.configHash, point, seed, fingerprint: result.fingerprint, summary, extra: {} };
      };
    };
  },
};
