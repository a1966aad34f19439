/**
 * The optional `explore:` section of experiment and study files: the
 * bounds `ctrlsim explore` draws fault schedules within. Every field
 * defaults (see `exploreBounds`), so an absent section explores with the
 * target's defaults.
 *
 * ```yaml
 * explore:
 *   runs: 1000
 *   kinds: [partition, one-way-partition, crash, load-spike]
 *   maxFaults: 4
 *   start: { min: 1m, max: 40m }
 *   duration: { min: 10s, max: 10m }
 * ```
 */
import type { Micros } from '../../lib/time.js';
import { ConfigError, describeValue } from '../schema/config-error.js';
import type { Infer } from '../schema/schema.js';
import { array, describe, duration, join, number, object, oneOf, optional, record, refine, string } from '../schema/schema.js';
import type { FaultKind } from './fault-kinds.js';
import { FAULT_KINDS } from './fault-kinds.js';

const range = refine(object({ min: duration(), max: duration() }), (r, path) =>
  r.max < r.min ? new ConfigError(join(path, 'max'), `a duration ≥ min`, describeValue(r.max)) : undefined,
);

/** The `explore:` section as written (validated). */
export const exploreSchema = object({
  runs: describe(optional(number({ integer: true, min: 1, max: 10_000_000 })), 'Runs to explore (default 200; --runs overrides).'),
  kinds: describe(
    optional(array(oneOf(FAULT_KINDS), { minItems: 1 })),
    'Fault kinds each run draws a random subset of (default: every kind the target supports).',
  ),
  maxFaults: describe(optional(number({ integer: true, min: 1, max: 50 })), 'Most faults in one schedule (default 4).'),
  start: describe(optional(range), 'When faults may start (default: from 5% to 70% of the horizon).'),
  duration: describe(optional(range), 'How long a fault may last (default: from 1% to 20% of the horizon).'),
  shrinkRuns: describe(optional(number({ integer: true, min: 0, max: 100_000 })), 'Most runs spent shrinking one violation (default 400).'),
  targets: describe(
    optional(record(array(string({ minLength: 1 }), { minItems: 1 }))),
    'Per fault kind, the only targets it may hit (e.g. partition: ["scaler|metrics"]); default: every target the file has.',
  ),
});

/** A validated `explore:` section. */
export type ExploreSection = Infer<typeof exploreSchema>;

/** Explore bounds with every default filled in. */
export interface ExploreBounds {
  /** Runs to explore. */
  readonly runs: number;
  /** Kinds a run may enable, in `FAULT_KINDS` order. */
  readonly kinds: readonly FaultKind[];
  /** Most faults in one schedule. */
  readonly maxFaults: number;
  /** Earliest fault start (µs). */
  readonly startMin: Micros;
  /** Latest fault start (µs). */
  readonly startMax: Micros;
  /** Shortest fault (µs). */
  readonly durationMin: Micros;
  /** Longest fault (µs). */
  readonly durationMax: Micros;
  /** Most runs one shrink may take. */
  readonly shrinkRuns: number;
  /** Per kind, the only targets it may hit (kinds not listed: every target). */
  readonly targets: Readonly<Record<string, readonly string[]>>;
}

/** The bounds of a section over a target: the target's supported kinds (intersected with `kinds`) and its horizon's defaults. */
export function exploreBounds(section: ExploreSection | undefined, supported: readonly FaultKind[], horizon: Micros): ExploreBounds {
  const s: Partial<ExploreSection> = section ?? {};
  const wanted = s.kinds ?? supported;
  const unsupported = wanted.filter((k) => !supported.includes(k));
  if (unsupported.length > 0) {
    const i = wanted.indexOf(unsupported[0]!);
    throw new ConfigError(`explore.kinds[${i}]`, `a fault kind this target supports: ${supported.join(', ')}`, describeValue(unsupported[0]));
  }
  const round = (t: number): Micros => Math.round(t / 1_000_000) * 1_000_000;
  return {
    runs: s.runs ?? 200,
    kinds: FAULT_KINDS.filter((k) => wanted.includes(k)),
    maxFaults: s.maxFaults ?? 4,
    startMin: s.start?.min ?? round(horizon * 0.05),
    startMax: Math.min(horizon, s.start?.max ?? round(horizon * 0.7)),
    durationMin: s.duration?.min ?? Math.max(1_000_000, round(horizon * 0.01)),
    durationMax: s.duration?.max ?? Math.max(1_000_000, round(horizon * 0.2)),
    shrinkRuns: s.shrinkRuns ?? 400,
    targets: s.targets ?? {},
  };
}
