import { RandomStream } from '../../lib/random.js';
import type { Knob, KnobValue, RangeKnob, SweepDesign } from '../config/sweep-schema.js';
import { formatDuration } from '../../lib/duration.js';

/** The knob values of one point, in the order the knobs are written. */
export type PointValues = readonly KnobValue[];

/** Inputs of a design: the knobs in file order, how many points (random, lhs) and the experiment's seed. */
export interface DesignInput {
  /** The design. */
  readonly design: SweepDesign;
  /** Knobs in the order they are written. */
  readonly knobs: readonly Knob[];
  /** Points to draw (random and lhs). */
  readonly points?: number;
  /** The experiment's root seed; random designs draw from its stream `sweep/<design>`. */
  readonly seed: number;
}

/**
 * The points of a design, deterministic in its input: a grid in row-major
 * order (the first knob varies slowest; an adaptive design races over it), or `points` draws from the seeded
 * stream named after the design.
 */
export function designPoints(input: DesignInput): PointValues[] {
  switch (input.design) {
    case 'grid':
    case 'adaptive':
      // An adaptive design races over the grid's points (see adaptive.ts).
      return grid(input.knobs.map(levels));
    case 'random': {
      const rng = RandomStream.root(input.seed).fork('sweep/random');
      return Array.from({ length: input.points ?? 1 }, () => input.knobs.map((k) => fromUnit(k, rng.next())));
    }
    case 'lhs':
      return latinHypercube(input.knobs, input.points ?? 1, RandomStream.root(input.seed).fork('sweep/lhs'));
  }
}

/**
 * How many points a design yields, by arithmetic on the knobs alone (nothing
 * is drawn or enumerated), so a sweep of 1000³ points is refused before any
 * memory is spent on it. For a grid it is the product of the levels written
 * (values, or steps), an upper bound when rounding merges levels.
 */
export function countPoints(input: Pick<DesignInput, 'design' | 'knobs' | 'points'>): number {
  if (input.design !== 'grid' && input.design !== 'adaptive') return input.points ?? 1;
  return input.knobs.reduce((n, k) => n * (k.kind === 'values' ? k.values.length : (k.steps ?? 2)), 1);
}

/** The grid levels of a knob: its values, or `steps` values from min to max inclusive (rounding duplicates dropped). */
export function levels(knob: Knob): KnobValue[] {
  if (knob.kind === 'values') return [...knob.values];
  const steps = knob.steps ?? 2;
  const out: KnobValue[] = [];
  for (let i = 0; i < steps; i++) {
    const v = written(knob, at(knob, i / (steps - 1)), 'round');
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

function grid(axes: readonly KnobValue[][]): PointValues[] {
  let points: KnobValue[][] = [[]];
  for (const axis of axes) points = points.flatMap((p) => axis.map((v) => [...p, v]));
  return points;
}

/**
 * A Latin hypercube: each knob's range is cut into `n` equal strata (in the
 * unit interval, before the scale is applied) and every stratum is used by
 * exactly one point; strata are paired across knobs by independent shuffles.
 */
function latinHypercube(knobs: readonly Knob[], n: number, rng: RandomStream): PointValues[] {
  const columns = knobs.map((k) => {
    const perm = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = rng.integer(0, i);
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    return perm.map((stratum) => fromUnit(k, (stratum + rng.next()) / n));
  });
  return Array.from({ length: n }, (_, i) => columns.map((c) => c[i]!));
}

/** The value at `u` ∈ [0, 1) of a knob, drawn so every value (or integer) is equally likely on the knob's scale. */
export function fromUnit(knob: Knob, u: number): KnobValue {
  if (knob.kind === 'values') return knob.values[Math.min(knob.values.length - 1, Math.floor(u * knob.values.length))]!;
  if (!knob.integer) return written(knob, at(knob, u), 'round');
  // Integers draw over [min, max + 1) and floor, so each integer gets an equal share (on the knob's scale).
  const unit = knob.duration ? 1_000_000 : 1;
  const wide: RangeKnob = { ...knob, max: knob.max + unit };
  return written(knob, Math.min(knob.max, at(wide, u)), 'floor');
}

/** The raw value at `u` ∈ [0, 1] between min and max on the knob's scale (endpoints exact). */
function at(knob: RangeKnob, u: number): number {
  if (u <= 0) return knob.min;
  if (u >= 1) return knob.max;
  if (knob.scale === 'log') return Math.exp(Math.log(knob.min) + u * (Math.log(knob.max) - Math.log(knob.min)));
  return knob.min + u * (knob.max - knob.min);
}

/**
 * A raw value as it is written in a file: durations as strings (whole
 * milliseconds, or whole seconds for integer knobs), integers as integers,
 * other numbers to 6 significant digits so CSVs stay readable.
 */
function written(knob: RangeKnob, x: number, mode: 'round' | 'floor'): KnobValue {
  const quantize = mode === 'round' ? Math.round : Math.floor;
  if (knob.duration) {
    const unit = knob.integer ? 1_000_000 : 1_000;
    return formatDuration(Math.min(knob.max, Math.max(knob.min, quantize(x / unit) * unit)));
  }
  if (knob.integer) return quantize(x);
  return Number(x.toPrecision(6));
}
