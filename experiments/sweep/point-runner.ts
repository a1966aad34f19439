import { setConfigBase } from '../config/config-base.js';
import type { PointRun } from '../scenario/scenario-kind.js';
import { scenarioKindOf } from '../scenario/registry.js';
import type { PointValues } from './design.js';
import { runAt } from './plan.js';
import type { RunRecord } from './run-store.js';

/** What a process running sweep runs needs to know: compact and structured-clonable, so it can be a worker's `workerData`. */
export interface RunnerSpec {
  /** The experiment or study document as written (`scenarioKindOf` says which). */
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
 * Runs sweep runs by index, validating each point's document once and
 * reusing it for that point's seeds (runs arrive point-major, so a small
 * cache suffices). What a run records is its scenario kind's business.
 */
export class PointRunner {
  private readonly cache = new Map<number, PointRun>();

  private constructor(
    private readonly spec: RunnerSpec,
    private readonly pointRun: (point: number, values: PointValues) => PointRun,
  ) {}

  /** A runner for the spec's document, with what its kind needs loaded once (an experiment's bring-your-own controller modules). */
  static async create(spec: RunnerSpec): Promise<PointRunner> {
    setConfigBase(spec.file);
    return new PointRunner(spec, await scenarioKindOf(spec.raw).sweepPoints(spec));
  }

  /** Runs one run of the sweep and returns its record. */
  run(index: number): RunRecord {
    const { point, seed } = runAt(this.spec, index);
    let run = this.cache.get(point);
    if (!run) {
      if (this.cache.size >= 16) this.cache.clear();
      run = this.pointRun(point, this.spec.points[point]!);
      this.cache.set(point, run);
    }
    return run(seed);
  }
}
