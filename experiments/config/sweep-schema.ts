import { ConfigError, describeValue } from '../schema/config-error.js';
import { DURATION_FORM, DURATION_PATTERN, parseDuration } from '../../lib/duration.js';
import type { Infer, JsonSchema, Schema } from '../schema/schema.js';
import { array, boolean, describe, number, object, oneOf, optional, refine, string, withDefault } from '../schema/schema.js';

/** A knob value as written in the experiment file (durations stay strings such as "5m"). */
export type KnobValue = string | number | boolean;

/** The sweep designs: every combination, independent uniform draws, a Latin hypercube, or a race on seeds over the grid. */
const SWEEP_DESIGNS = ['grid', 'random', 'lhs', 'adaptive'] as const;

/** One of `SWEEP_DESIGNS`. */
export type SweepDesign = (typeof SWEEP_DESIGNS)[number];

/** The most runs (points × seeds) one sweep may hold; past it a typo in `steps` is likelier than intent. */
export const MAX_SWEEP_RUNS = 1_000_000;

const knobValue: Schema<KnobValue> = {
  expected: 'a number, a string or true/false',
  parse(value, path) {
    if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'string' || typeof value === 'boolean') return value;
    throw new ConfigError(path, this.expected, describeValue(value));
  },
  json: () => ({ type: ['number', 'string', 'boolean'] }),
};

const RANGE_BOUND_FORM = `a number, or ${DURATION_FORM}`;

/** A range bound: a number, or a duration string parsed to µs (and remembered as one). */
const rangeBound: Schema<{ readonly value: number; readonly duration: boolean }> = {
  expected: RANGE_BOUND_FORM,
  parse(value, path) {
    if (typeof value === 'number' && Number.isFinite(value)) return { value, duration: false };
    const t = typeof value === 'string' ? parseDuration(value.trim()) : undefined;
    if (t === undefined) throw new ConfigError(path, RANGE_BOUND_FORM, describeValue(value));
    return { value: t, duration: true };
  },
  json: () => ({ oneOf: [{ type: 'number' }, { type: 'string', pattern: DURATION_PATTERN }] }),
};

const valuesKnob = object({
  values: describe(array(knobValue, { minItems: 1 }), 'The values to try, written as they would be in the file (durations as strings).'),
});

const rangeKnob = object({
  min: describe(rangeBound, 'Lowest value: a number or a duration string.'),
  max: describe(rangeBound, 'Highest value, of the same kind as min.'),
  scale: describe(withDefault(oneOf(['linear', 'log']), 'linear'), 'How values spread between min and max; log needs min > 0.'),
  integer: describe(withDefault(boolean(), false), 'Round numbers to integers and durations to whole seconds.'),
  steps: describe(optional(number({ integer: true, min: 2 })), 'Levels from min to max inclusive, for a grid design.'),
});

/** A knob swept over listed values. */
interface ValuesKnob {
  readonly kind: 'values';
  /** The values, as written. */
  readonly values: readonly KnobValue[];
}

/** A knob swept over a numeric or duration range. */
export interface RangeKnob {
  readonly kind: 'range';
  /** Lowest value (µs for durations). */
  readonly min: number;
  /** Highest value (µs for durations). */
  readonly max: number;
  /** Whether min and max are durations, so generated values are written back as duration strings. */
  readonly duration: boolean;
  /** How values spread between min and max. */
  readonly scale: 'linear' | 'log';
  /** Round numbers to integers and durations to whole seconds. */
  readonly integer: boolean;
  /** Grid levels from min to max inclusive (required by the grid design). */
  readonly steps?: number;
}

/** How one knob is swept. */
export type Knob = ValuesKnob | RangeKnob;

/**
 * A knob: `{ values: [...] }` or `{ min, max, scale?, integer?, steps? }`,
 * told apart by the presence of `values`.
 */
const knob: Schema<Knob> = {
  expected: 'an object { values: [...] } or { min, max, scale?, integer?, steps? }',
  parse(value, path) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'values' in value) {
      return { kind: 'values', values: valuesKnob.parse(value, path).values };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(path, this.expected, describeValue(value));
    const r = rangeKnob.parse(value, path);
    if (r.min.duration !== r.max.duration) {
      throw new ConfigError(`${path}.max`, r.min.duration ? 'a duration, like min' : 'a number, like min', describeValue((value as { max?: unknown }).max));
    }
    if (r.max.value < r.min.value) throw new ConfigError(`${path}.max`, 'a value ≥ min', describeValue((value as { max?: unknown }).max));
    if (r.scale === 'log' && r.min.value <= 0)
      throw new ConfigError(`${path}.min`, 'a value > 0 (a log scale cannot reach 0)', describeValue((value as { min?: unknown }).min));
    return {
      kind: 'range',
      min: r.min.value,
      max: r.max.value,
      duration: r.min.duration,
      scale: r.scale,
      integer: r.integer,
      ...(r.steps !== undefined ? { steps: r.steps } : {}),
    };
  },
  json: (): JsonSchema => ({ oneOf: [valuesKnob.json(), rangeKnob.json()] }),
};

/** Knobs by dotted path into the experiment document, e.g. `controllers.autoscaler.scaleDownCooldown`. */
const knobs: Schema<Record<string, Knob>> = {
  expected: 'an object mapping dotted paths into the experiment (e.g. "controllers.autoscaler.target") to knobs',
  parse(value, path) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(path, this.expected, describeValue(value));
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) throw new ConfigError(path, `${this.expected}, at least one`, 'an empty object');
    return Object.fromEntries(entries.map(([k, v]) => [k, knob.parse(v, `${path}[${JSON.stringify(k)}]`)]));
  },
  json: () => ({ type: 'object', minProperties: 1, additionalProperties: knob.json() }),
};

const seedList = array(number({ integer: true, min: 0 }), { minItems: 1 });
const seedCount = number({ integer: true, min: 1 });

/** `seeds: N` (the N seeds counting up from the experiment's seed) or an explicit list. */
const seeds: Schema<number | readonly number[]> = {
  expected: `${seedCount.expected} (that many seeds from the experiment's seed up) or ${seedList.expected}`,
  parse(value, path) {
    if (Array.isArray(value)) {
      const list = seedList.parse(value, path);
      const dup = list.findIndex((s, i) => list.indexOf(s) !== i);
      if (dup >= 0) throw new ConfigError(`${path}[${dup}]`, 'a seed not already in the list', describeValue(list[dup]));
      return list;
    }
    if (typeof value === 'number') return seedCount.parse(value, path);
    throw new ConfigError(path, this.expected, describeValue(value));
  },
  json: () => ({ oneOf: [seedCount.json(), { ...seedList.json(), uniqueItems: true }] }),
};

/** Seeds every point of an adaptive design gets before the race starts (two make the first interval). */
const DEFAULT_INITIAL_SEEDS = 2;

/**
 * The `adaptive` block of a sweep: the rule the race settles (constraints,
 * then objectives in priority order, lexicographic) and how many seeds every
 * point starts with. Metric names are checked against the sweep's metrics
 * when the sweep is planned.
 */
const adaptiveSchema = object({
  constraints: describe(
    withDefault(array(string({ minLength: 1 })), []),
    'Constraints the recommendation must meet, e.g. "slo_violation_s<=400" (checked on the far end of each 95% interval).',
  ),
  minimize: describe(withDefault(array(string({ minLength: 1 })), []), 'Metrics to minimize, in priority order.'),
  maximize: describe(withDefault(array(string({ minLength: 1 })), []), 'Metrics to maximize, after the minimized ones.'),
  initialSeeds: describe(
    withDefault(number({ integer: true, min: 2 }), DEFAULT_INITIAL_SEEDS),
    "Seeds every point runs before racing starts (at most the sweep's seeds).",
  ),
});

/** The parsed `adaptive` block. */
export type AdaptiveSpec = Infer<typeof adaptiveSchema>;

/**
 * The `sweep` section of an experiment: a design over knobs, and the seeds
 * every point runs with (the same seeds for every point: common random
 * numbers, so a given seed sees the same load and faults at every point).
 */
export const sweepSchema = refine(
  object({
    design: describe(
      withDefault(oneOf(SWEEP_DESIGNS), 'grid'),
      'grid: every combination; random: independent draws; lhs: a Latin hypercube; adaptive: the grid, with seeds spent only on points that can still change the recommendation.',
    ),
    points: describe(optional(number({ integer: true, min: 1 })), 'How many points a random or lhs design draws.'),
    seeds: describe(seeds, 'Seeds each point runs with: a count (from the experiment seed up) or a list.'),
    knobs: describe(knobs, 'The knobs to vary, by dotted path into this file.'),
    adaptive: describe(optional(adaptiveSchema), 'The rule an adaptive design races on (design: adaptive only).'),
  }),
  (s, path) => {
    const at = (k: string) => (path ? `${path}.${k}` : k);
    if (s.design !== 'adaptive' && s.adaptive !== undefined) {
      return new ConfigError(at('adaptive'), `nothing: adaptive is for design: adaptive (this sweep's design is ${s.design})`, 'an adaptive block');
    }
    if (s.design === 'adaptive') {
      if (s.adaptive === undefined)
        return new ConfigError(
          at('adaptive'),
          'a block { constraints?, minimize?, maximize?, initialSeeds? } with at least one objective (the rule the race settles)',
          'nothing',
        );
      if (s.adaptive.minimize.length + s.adaptive.maximize.length === 0) {
        return new ConfigError(
          at('adaptive.minimize'),
          'at least one metric to minimize (or one under adaptive.maximize): the race needs an objective',
          'no metric under minimize or maximize',
        );
      }
    }
    if (s.design === 'grid' || s.design === 'adaptive') {
      if (s.points !== undefined)
        return new ConfigError(
          at('points'),
          `nothing: a${s.design === 'grid' ? ' grid' : 'n adaptive design'} runs every combination (points is for random and lhs)`,
          describeValue(s.points),
        );
      for (const [k, v] of Object.entries(s.knobs)) {
        if (v.kind === 'range' && v.steps === undefined)
          return new ConfigError(`${at('knobs')}[${JSON.stringify(k)}].steps`, 'an integer ≥ 2 (grid levels of a range knob)', 'nothing');
      }
    } else if (s.points === undefined) {
      return new ConfigError(at('points'), `an integer ≥ 1 (how many points the ${s.design} design draws)`, 'nothing');
    }
    return undefined;
  },
);

/** The parsed `sweep` section. */
export type SweepSpec = Infer<typeof sweepSchema>;
