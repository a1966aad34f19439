import { createHash } from 'node:crypto';
import type { Experiment } from '../config/experiment-schema.js';
import type { LoadedExperiment } from '../config/load.js';
import { validateExperiment } from '../config/load.js';
import type { KnobValue, SweepDesign, SweepSpec } from '../config/sweep-schema.js';
import { MAX_SWEEP_RUNS } from '../config/sweep-schema.js';
import { ConfigError } from '../schema/config-error.js';
import { ctrlsimVersion } from '../runner/version.js';
import type { PointValues } from './design.js';
import { designPoints } from './design.js';
import type { PathStep } from './knob-path.js';
import { applyKnobs, checkKnobPath, parseKnobPath } from './knob-path.js';
import { EXPERIMENT_METRICS, PARETO_OBJECTIVES } from './metrics.js';

/** One run of a sweep: a point and a seed. */
export interface SweepRun {
  /** Position in the sweep's run order (point-major, then seed). */
  readonly index: number;
  /** The point's index. */
  readonly point: number;
  /** The seed. */
  readonly seed: number;
}

/**
 * A sweep expanded and checked: every point applied to the document and
 * re-parsed, and a hash that identifies the whole configuration (ctrlsim
 * version included, since results may change between versions).
 */
export interface SweepPlan {
  /** Experiment (or study) name. */
  readonly name: string;
  /** Experiment description ('' when none). */
  readonly description: string;
  /** The study kind when the sweep is over a study file; absent for an experiment. */
  readonly study?: string;
  /**
   * The fixed metrics every run reports, in column order: the summary metrics
   * for an experiment, the study kind's metrics for a study. Extra metrics
   * (service and controller ones) follow them, found in the runs.
   */
  readonly metrics: readonly string[];
  /**
   * The fixed metrics a run may report as null because their event never
   * happened (a study's failover or completion time); absent or empty for an
   * experiment, whose summary metrics are always numbers.
   */
  readonly nullable?: readonly string[];
  /** Pareto objectives, all minimized on per-point means; empty when the sweep has no frontier (points.csv's `pareto` is then empty). */
  readonly pareto: readonly string[];
  /** The document as written, sweep section included. */
  readonly raw: unknown;
  /** SHA-256 (hex, first 16 digits) of the ctrlsim version and the document. */
  readonly configHash: string;
  /** The design. */
  readonly design: SweepDesign;
  /** Knob paths, in the order written. */
  readonly knobs: readonly string[];
  /** Each point's knob values, aligned with `knobs`. */
  readonly points: readonly PointValues[];
  /** The seeds every point runs with. */
  readonly seeds: readonly number[];
  /** points × seeds. */
  readonly runCount: number;
}

/** The document a point runs: the raw document with the point's knob values set. */
export function pointDocument(raw: unknown, knobs: readonly string[], values: PointValues): unknown {
  const steps = knobs.map(parseKnobPath);
  return applyKnobs(raw, steps.map((s, i): readonly [readonly PathStep[], KnobValue] => [s, values[i]!]));
}

/**
 * Validates a point's document with the experiment schema. An error keeps its
 * normal path (the field the knob set) and says which point caused it.
 */
export function parsePoint(raw: unknown, knobs: readonly string[], values: PointValues, point: number): Experiment {
  try {
    return validateExperiment(pointDocument(raw, knobs, values));
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const where = `in sweep point ${point}: ${knobs.map((k, i) => `${k}=${JSON.stringify(values[i])}`).join(', ')}`;
    throw new ConfigError(e.path, e.expected, e.received, e.hint ? `${e.hint}; ${where}` : where);
  }
}

/** Expands and checks an experiment's sweep section. Throws `ConfigError` when there is none or a point is invalid. */
export function planSweep(loaded: LoadedExperiment): SweepPlan {
  const { experiment: exp, raw } = loaded;
  return {
    name: exp.name,
    description: exp.description,
    metrics: EXPERIMENT_METRICS,
    pareto: PARETO_OBJECTIVES,
    ...expandSweep(raw, exp.sweep, exp.seed, parsePoint),
  };
}

/** The part of a plan every kind of sweep file shares: design, knobs, points, seeds, hash. */
export type ExpandedSweep = Pick<SweepPlan, 'raw' | 'configHash' | 'design' | 'knobs' | 'points' | 'seeds' | 'runCount'>;

/**
 * Expands a validated sweep section of `raw`: checks each knob path against
 * the document, draws the design's points (random designs from the file's
 * `seed`), bounds the run count, and validates every point with
 * `validatePoint` (which throws `ConfigError` naming the field and the point).
 */
export function expandSweep(
  raw: unknown,
  sweep: SweepSpec | undefined,
  seed: number,
  validatePoint: (raw: unknown, knobs: readonly string[], values: PointValues, point: number) => unknown,
): ExpandedSweep {
  if (!sweep) throw new ConfigError('sweep', 'a sweep section (design, seeds, knobs) to run ctrlsim sweep', 'nothing');
  const knobs = Object.keys(sweep.knobs);
  for (const k of knobs) checkKnobPath(raw, k, parseKnobPath(k));
  const seeds = typeof sweep.seeds === 'number' ? Array.from({ length: sweep.seeds }, (_, i) => seed + i) : [...sweep.seeds];
  const points = designPoints({
    design: sweep.design,
    knobs: knobs.map((k) => sweep.knobs[k]!),
    seed,
    ...(sweep.points !== undefined ? { points: sweep.points } : {}),
  });
  const runCount = points.length * seeds.length;
  if (runCount > MAX_SWEEP_RUNS) {
    throw new ConfigError('sweep', `at most ${MAX_SWEEP_RUNS} runs (points × seeds)`, `${points.length} points × ${seeds.length} seeds = ${runCount} runs`);
  }
  for (const [i, p] of points.entries()) validatePoint(raw, knobs, p, i);
  return { raw, configHash: configHash(raw), design: sweep.design, knobs, points, seeds, runCount };
}

/** The hash that identifies a sweep's configuration: a resumed or merged sweep must match it. */
export function configHash(raw: unknown): string {
  return createHash('sha256').update(`ctrlsim ${ctrlsimVersion()}\n`).update(JSON.stringify(raw)).digest('hex').slice(0, 16);
}

/** The run at a position in the sweep's order (point-major: all seeds of point 0, then point 1, ...). */
export function runAt(plan: Pick<SweepPlan, 'seeds'>, index: number): SweepRun {
  const n = plan.seeds.length;
  return { index, point: Math.floor(index / n), seed: plan.seeds[index % n]! };
}
