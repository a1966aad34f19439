import type { Experiment } from '../config/experiment-schema.js';
import { validateExperiment } from '../config/load.js';
import type { ControllerModules } from '../runner/controller-factory.js';
import { loadControllerModules } from '../runner/controller-factory.js';
import { runExperiment } from '../runner/run-experiment.js';
import type { PointValues } from './design.js';
import { parsePoint, runAt } from './plan.js';
import type { RunRecord } from './run-store.js';

/** What a process running sweep runs needs to know: compact and structured-clonable, so it can be a worker's `workerData`. */
export interface RunnerSpec {
  /** The experiment document as written. */
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
}

/**
 * Runs sweep runs by index, parsing each point's experiment once and
 * reusing it for that point's seeds (runs arrive point-major, so a small
 * cache suffices).
 */
export class PointRunner {
  private readonly cache = new Map<number, Experiment>();

  private constructor(
    private readonly spec: RunnerSpec,
    private readonly modules: ControllerModules,
  ) {}

  /** A runner with the experiment's bring-your-own controller modules loaded (from the document as written, once). */
  static async create(spec: RunnerSpec): Promise<PointRunner> {
    return new PointRunner(spec, await loadControllerModules(validateExperiment(spec.raw), spec.file));
  }

  /** Runs one run of the sweep and returns its record. */
  run(index: number): RunRecord {
    const { point, seed } = runAt(this.spec, index);
    const outcome = runExperiment(this.experiment(point), seed, {}, this.modules);
    return { config: this.spec.configHash, point, seed, fingerprint: outcome.fingerprint, events: outcome.events, summary: outcome.summary };
  }

  private experiment(point: number): Experiment {
    let exp = this.cache.get(point);
    if (!exp) {
      if (this.cache.size >= 16) this.cache.clear();
      exp = parsePoint(this.spec.raw, this.spec.knobs, this.spec.points[point]!, point);
      this.cache.set(point, exp);
    }
    return exp;
  }
}
