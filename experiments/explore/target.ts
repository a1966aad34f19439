import type { Micros } from '../../lib/time.js';
import type { PropertyViolation } from '../../sim/properties/property.js';
import type { FaultKind } from './fault-kinds.js';
import type { Schedule } from './schedule.js';

/** What one explore run found. */
export interface ProbeResult {
  /** Violations, first first. */
  readonly violations: readonly PropertyViolation[];
  /** Trace fingerprint of the run. */
  readonly fingerprint: string;
}

/**
 * A family of runs explore can play schedules on (an experiment, a study
 * kind): which fault kinds and targets it has, how a schedule becomes a
 * plain file, and how a file runs and is checked. One interface, so the
 * generator, the runner and the shrinker never branch on the family.
 */
export interface ExploreTarget {
  /** The family, for reports ("experiment", "leader-election study"). */
  readonly family: string;
  /** Name of the base file's run. */
  readonly name: string;
  /** Fault kinds this family supports. */
  readonly supported: readonly FaultKind[];
  /** The base file's horizon (µs). */
  readonly horizon: Micros;
  /** Kinds whose faults are instants or last the whole run (their `at` and `duration` mean nothing to shrink). */
  readonly untimed: readonly FaultKind[];
  /** What a fault of `kind` may hit, in a fixed order. */
  choices(kind: FaultKind): readonly string[];
  /** The schedule as a plain experiment or study document, run with `seed`. */
  document(schedule: Schedule, seed: number): Record<string, unknown>;
  /** Runs a document made by `document` and checks its properties. */
  run(doc: Record<string, unknown>, seed: number): ProbeResult;
}
