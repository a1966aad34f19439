import { createHash } from 'node:crypto';
import type { Experiment } from '../config/experiment-schema.js';
import type { LoadedExperiment } from '../config/load.js';
import { locatingErrors, validateExperiment } from '../config/load.js';
import { withConfigBase } from '../config/config-base.js';
import type { AdaptiveSpec, KnobValue, SweepDesign, SweepSpec } from '../config/sweep-schema.js';
import type { RankingRule } from '../../reports/ranking.js';
import { metricName, parseConstraint } from './constraint.js';
import { MAX_SWEEP_RUNS } from '../config/sweep-schema.js';
import { ConfigError, describeValue } from '../schema/config-error.js';
import { ctrlsimVersion } from '../runner/version.js';
import type { CostLimits } from '../runner/cost.js';
import { checkRunCost, estimateRunCost } from '../runner/cost.js';
import type { PointValues } from './design.js';
import { countPoints, designPoints } from './design.js';
import type { PathStep } from './knob-path.js';
import { applyKnobs, checkKnobPath, knobErrorPath, parseKnobPath } from './knob-path.js';
import { locateField } from '../config/source-location.js';
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
  /** The study kind when the sweep is over a study file (recorded in the sweep's manifest); absent for an experiment. */
  readonly study?: string;
  /** The sweep as messages name it: its name, led by the kind for a study ("leader-election study le-fencing"). */
  readonly title: string;
  /** Whose the fixed metrics are, as messages name them: "summary" for an experiment, "<kind> study" for a study. */
  readonly metricsLabel: string;
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
  /** points × seeds (for an adaptive design, the most it may run: its runs are a subset of these). */
  readonly runCount: number;
  /** The rule and start of an adaptive design's race (see adaptive.ts); absent for other designs. */
  readonly race?: RaceSpec;
}

/** What an adaptive design races on: its rule (lexicographic, constraints on the far end of each interval) and the seeds every point starts with. */
export interface RaceSpec {
  /** The rule the race settles, which is also the rule its recommendation is ranked by. */
  readonly rule: RankingRule;
  /** Seeds every point runs before racing starts. */
  readonly initialSeeds: number;
}

/** The document a point runs: the raw document with the point's knob values set. */
export function pointDocument(raw: unknown, knobs: readonly string[], values: PointValues): unknown {
  const steps = knobs.map(parseKnobPath);
  return applyKnobs(
    raw,
    steps.map((s, i): readonly [readonly PathStep[], KnobValue] => [s, values[i]!]),
  );
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
    const knob = knobs.find((k) => e.path === k || e.path.startsWith(`${k}.`) || e.path.startsWith(`${k}[`)) ?? knobs[0] ?? '';
    throw new PointError(knob, e.path, e.expected, e.received, e.hint ? `${e.hint}; ${where}` : where);
  }
}

/** A sweep point that fails validation: the error of the field, and the knob that set it (where a file locates the error). */
export class PointError extends ConfigError {
  constructor(
    /** The knob whose value made the point invalid (the first knob when none sets the field itself). */
    readonly knob: string,
    path: string,
    expected: string,
    received: string,
    hint?: string,
  ) {
    super(path, expected, received, hint);
  }
}

/** Expands and checks an experiment's sweep section (with `limits`, each point's estimated cost too). Throws `ConfigError` when there is none or a point is invalid. */
export function planSweep(loaded: LoadedExperiment, limits?: CostLimits): SweepPlan {
  const { experiment: exp, raw } = loaded;
  const check = (doc: unknown, knobs: readonly string[], values: PointValues, point: number) => {
    const e = parsePoint(doc, knobs, values, point);
    if (limits) checkPointCost(() => checkRunCost(estimateRunCost(e), limits), knobs, values, point);
    return e;
  };
  // Points resolve their trace files against the experiment file, and their errors are located in its text.
  const expand = () => withConfigBase(loaded.file, () => expandSweep(raw, exp.sweep, exp.seed, check, EXPERIMENT_METRICS));
  return {
    name: exp.name,
    description: exp.description,
    title: exp.name,
    metricsLabel: 'summary',
    metrics: EXPERIMENT_METRICS,
    pareto: PARETO_OBJECTIVES,
    ...(loaded.text !== undefined ? locatingErrors(loaded.text, loaded.file, () => atKnob(loaded.text!, loaded.file, expand)) : expand()),
  };
}

/**
 * Runs `check`, the cost check of one point's estimate; a refusal comes back
 * as a `PointError` that names the point and its knob values, at the knob
 * that sets the refused field (the first knob when none does), so the
 * plan's caller locates it in the file.
 */
export function checkPointCost(check: () => void, knobs: readonly string[], values: PointValues, point: number): void {
  try {
    check();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const knob = knobs.find((k) => k === err.path) ?? knobs[0] ?? '';
    throw new PointError(
      knob,
      err.path,
      err.expected,
      err.received,
      `in sweep point ${point}: ${knobs.map((k, i) => `${k}=${JSON.stringify(values[i])}`).join(', ')}`,
    );
  }
}

/** Runs `expand`; a point's error comes back located at the knob that set the bad value, where the user chose it. */
export function atKnob<T>(text: string, file: string, expand: () => T): T {
  try {
    return expand();
  } catch (e) {
    if (!(e instanceof PointError)) throw e;
    const pos = locateField(text, knobErrorPath(e.knob));
    throw pos ? e.at(`${file}:${pos.line}:${pos.col}`) : e;
  }
}

/** The part of a plan every kind of sweep file shares: design, knobs, points, seeds, hash. */
export type ExpandedSweep = Pick<SweepPlan, 'raw' | 'configHash' | 'design' | 'knobs' | 'points' | 'seeds' | 'runCount' | 'race'>;

/**
 * Expands a validated sweep section of `raw`: checks each knob path against
 * the document, draws the design's points (random designs from the file's
 * `seed`), bounds the run count, and validates every point with
 * `validatePoint` (which throws `ConfigError` naming the field and the point).
 * An adaptive design's rule is checked against `metrics`, the plan's fixed
 * metrics (the only ones known before any run).
 */
export function expandSweep(
  raw: unknown,
  sweep: SweepSpec | undefined,
  seed: number,
  validatePoint: (raw: unknown, knobs: readonly string[], values: PointValues, point: number) => unknown,
  metrics: readonly string[],
): ExpandedSweep {
  if (!sweep) throw new ConfigError('sweep', 'a sweep section (design, seeds, knobs) to run ctrlsim sweep', 'nothing');
  const knobs = Object.keys(sweep.knobs);
  for (const k of knobs) checkKnobPath(raw, k, parseKnobPath(k));
  // Seeds counted up from the file's seed must stay exact integers: past 2^53 − 1, seed + 1 === seed and runs would repeat.
  if (typeof sweep.seeds === 'number' && sweep.seeds - 1 > Number.MAX_SAFE_INTEGER - seed) {
    throw new ConfigError(
      'sweep.seeds',
      `at most ${Number.MAX_SAFE_INTEGER - seed + 1} seeds counting up from seed ${seed} (seeds past 2^53 − 1 = ${Number.MAX_SAFE_INTEGER} are not distinct)`,
      describeValue(sweep.seeds),
    );
  }
  const input = { design: sweep.design, knobs: knobs.map((k) => sweep.knobs[k]!), seed, ...(sweep.points !== undefined ? { points: sweep.points } : {}) };
  // Counted before anything is built: a plan of a billion points would exhaust memory before a check after it.
  const seedCount = typeof sweep.seeds === 'number' ? sweep.seeds : sweep.seeds.length;
  const pointCount = countPoints(input);
  if (pointCount * seedCount > MAX_SWEEP_RUNS) {
    throw new ConfigError(
      'sweep',
      `at most ${MAX_SWEEP_RUNS} runs (points × seeds)`,
      `${pointCount} points × ${seedCount} seeds = ${pointCount * seedCount} runs`,
    );
  }
  const race = sweep.adaptive !== undefined ? raceSpec(sweep.adaptive, seedCount, metrics) : undefined;
  const seeds = typeof sweep.seeds === 'number' ? Array.from({ length: sweep.seeds }, (_, i) => seed + i) : [...sweep.seeds];
  const points = designPoints(input);
  const runCount = points.length * seeds.length;
  for (const [i, p] of points.entries()) validatePoint(raw, knobs, p, i);
  return { raw, configHash: configHash(raw), design: sweep.design, knobs, points, seeds, runCount, ...(race ? { race } : {}) };
}

/** Checks an `adaptive` block's metrics and seeds; each error names the entry at fault. */
function raceSpec(spec: AdaptiveSpec, seedCount: number, metrics: readonly string[]): RaceSpec {
  const at = 'sweep.adaptive';
  if (spec.initialSeeds > seedCount) {
    throw new ConfigError(`${at}.initialSeeds`, `an integer from 2 to the sweep's ${seedCount} seeds`, describeValue(spec.initialSeeds));
  }
  const constraints = spec.constraints.map((c, i) => parseConstraint(c, metrics, `${at}.constraints[${i}]`));
  const minimize = spec.minimize.map((m, i) => metricName(m, `${at}.minimize[${i}]`, metrics));
  const maximize = spec.maximize.map((m, i) => metricName(m, `${at}.maximize[${i}]`, metrics));
  const objectives = [
    ...minimize.map((metric) => ({ metric, goal: 'minimize' as const })),
    ...maximize.map((metric) => ({ metric, goal: 'maximize' as const })),
  ];
  return { rule: { objectives, constraints, order: 'lexicographic', basis: 'bound' }, initialSeeds: spec.initialSeeds };
}

/** The hash that identifies a sweep's configuration: a resumed or merged sweep must match it. */
function configHash(raw: unknown): string {
  return createHash('sha256').update(`ctrlsim ${ctrlsimVersion()}\n`).update(JSON.stringify(raw)).digest('hex').slice(0, 16);
}

/** The run at a position in the sweep's order (point-major: all seeds of point 0, then point 1, ...). */
export function runAt(plan: Pick<SweepPlan, 'seeds'>, index: number): SweepRun {
  const n = plan.seeds.length;
  return { index, point: Math.floor(index / n), seed: plan.seeds[index % n]! };
}
