import { SUMMARY_METRICS } from '../../sim/world/run-metrics.js';
import type { Experiment } from '../config/experiment-schema.js';
import { setConfigBase } from '../config/config-base.js';
import { validateExperiment } from '../config/load.js';
import type { ControllerModules } from '../runner/controller-factory.js';
import { loadControllerModules } from '../runner/controller-factory.js';
import { runExperiment } from '../runner/run-experiment.js';
import { runStudy } from '../studies/run-study.js';
import { studyAtPoint } from '../studies/study-point.js';
import type { StudyDocument } from '../studies/study-schema.js';
import { isStudyDocument } from '../studies/study-schema.js';
import { STUDY_METRICS, STUDY_NULLABLE } from '../studies/study-sweep.js';
import type { PointValues } from './design.js';
import { parsePoint, runAt } from './plan.js';
import type { RunRecord } from './run-store.js';

/** What a process running sweep runs needs to know: compact and structured-clonable, so it can be a worker's `workerData`. */
export interface RunnerSpec {
  /** The experiment or study document as written (a top-level `study:` key makes it a study). */
  readonly raw: unknown;
  /** The experiment file, which bring-your-own controller modules are resolved against (never written to outputs). */
  readonly file: string;
  /** Knob paths. */
  readonly knobs: readonly string[];
  /** Each point's knob values. */
  readonly points: readonly PointValues[];
  /** Seeds every point runs with. */
  readonly seeds: readonly number[];
  /** The sweep's config hash, stamped on every record. */
  readonly configHash: string;
  /** Event budget of each run (`--max-events`); absent means the default. Not part of the config hash: it changes no result, only where a run may stop. */
  readonly maxEvents?: number;
}

/**
 * The metrics with every non-finite value as null: a record read back from
 * JSON has null where NaN was, so a run kept in memory must too, or a resumed
 * sweep's files would differ from an uninterrupted one's.
 */
function finiteOrNull(metrics: Readonly<Record<string, number | null>>): Record<string, number | null> {
  return Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, v !== null && Number.isFinite(v) ? v : null]));
}

/** Runs one run of one point: an experiment's or a study's. */
type PointRun = (seed: number) => RunRecord;

/**
 * Runs sweep runs by index, parsing each point's document once and reusing
 * it for that point's seeds (runs arrive point-major, so a small cache
 * suffices). Experiment runs record the summary metrics and the extra ones
 * (service, then controller metrics); study runs record their kind's metrics.
 */
export class PointRunner {
  private readonly cache = new Map<number, PointRun>();

  private constructor(
    private readonly spec: RunnerSpec,
    private readonly modules: ControllerModules | undefined,
  ) {}

  /** A runner with the experiment's bring-your-own controller modules loaded (from the document as written, once); studies need none. */
  static async create(spec: RunnerSpec): Promise<PointRunner> {
    setConfigBase(spec.file);
    if (isStudyDocument(spec.raw)) return new PointRunner(spec, undefined);
    return new PointRunner(spec, await loadControllerModules(validateExperiment(spec.raw), spec.file));
  }

  /** Runs one run of the sweep and returns its record. */
  run(index: number): RunRecord {
    const { point, seed } = runAt(this.spec, index);
    return this.pointRun(point)(seed);
  }

  private pointRun(point: number): PointRun {
    let run = this.cache.get(point);
    if (!run) {
      if (this.cache.size >= 16) this.cache.clear();
      const { raw, knobs, points } = this.spec;
      run = isStudyDocument(raw)
        ? this.studyRun(point, studyAtPoint(raw, knobs, points[point]!, point))
        : this.experimentRun(point, parsePoint(raw, knobs, points[point]!, point));
      this.cache.set(point, run);
    }
    return run;
  }

  private experimentRun(point: number, exp: Experiment): PointRun {
    return (seed) => {
      const outcome = runExperiment(exp, seed, {}, this.modules, this.spec.maxEvents !== undefined ? { maxEvents: this.spec.maxEvents } : {});
      return {
        config: this.spec.configHash,
        point,
        seed,
        fingerprint: outcome.fingerprint,
        events: outcome.events,
        summary: Object.fromEntries(SUMMARY_METRICS.map((m) => [m, outcome.summary[m]])),
        extra: finiteOrNull(outcome.extraMetrics),
      };
    };
  }

  private studyRun(point: number, doc: StudyDocument): PointRun {
    return (seed) => {
      const result = runStudy(doc, seed);
      const summary: Record<string, number | null> = {};
      const nullable = STUDY_NULLABLE[doc.study];
      for (const m of STUDY_METRICS[doc.study]) {
        const v = result.summary[m];
        // A study metric of another type (or null where the study never reports "never") is a bug in the study, not bad input.
        if (typeof v !== 'number' && !(v === null && nullable.includes(m))) {
          throw new Error(`study ${doc.study} reported ${m} = ${JSON.stringify(v)}, not a number${nullable.includes(m) ? ' or null' : ''}`);
        }
        summary[m] = v;
      }
      return { config: this.spec.configHash, point, seed, fingerprint: result.fingerprint, summary, extra: {} };
    };
  }
}
