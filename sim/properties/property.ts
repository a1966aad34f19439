/**
 * Properties: named checks over a run, evaluated while it runs. Pure
 * definitions, importable by the simulator and the experiment layer alike.
 *
 * - `safety`: something that must never happen (an action from a deposed
 *   leader, desired replicas outside [min, max]); violated at the first
 *   moment it happens.
 * - `liveness`: something that must happen within a bound once faults have
 *   healed (ready capacity back above offered load within 10 minutes);
 *   violated when the bound runs out.
 * - `budget`: a bound on a run metric (`slo_violation_s <= 600`), checked at
 *   the end of the run.
 */
import type { Micros } from '../../lib/time.js';
import type { Row } from '../world/timeseries-sampler.js';

/** The three kinds of property. */
export const PROPERTY_KINDS = ['safety', 'liveness', 'budget'] as const;

/** One of `PROPERTY_KINDS`. */
export type PropertyKind = (typeof PROPERTY_KINDS)[number];

/** A property that failed in a run. */
export interface PropertyViolation {
  /** The property's name. */
  readonly property: string;
  /** Its kind. */
  readonly kind: PropertyKind;
  /** Virtual time of the violation (µs): when the bad thing happened, the bound ran out, or the run ended (budgets). */
  readonly at: Micros;
  /** One line saying what happened, with the numbers. */
  readonly explanation: string;
}

/** A stretch of virtual time during which an injected fault was active. */
export interface FaultWindow {
  /** Start (µs). */
  readonly start: Micros;
  /** End (µs): when the fault healed (the horizon if it never did; equal to `start` for an instant fault such as a crash). */
  readonly end: Micros;
}

/** What every check may consult about the run it watches. */
export interface PropertyContext {
  /** The run's seed. */
  readonly seed: number;
  /** Virtual time the run covers (µs). */
  readonly horizon: Micros;
  /** Fault windows of the run's scenario, sorted by start. */
  readonly faults: readonly FaultWindow[];
}

/** Metrics of a finished run, by name (summary, service and controller metrics); null when a metric has no value. */
export type RunMetricValues = Readonly<Record<string, number | null>>;

/**
 * A property in code. Hooks are optional; each returns a violation, or
 * nothing while the property holds. A monitor keeps only the first
 * violation of each property. Hooks must be deterministic and must not
 * mutate what they are given.
 */
export interface RunProperty {
  /** Unique name in the run (kebab-case by convention). */
  readonly name: string;
  /** Safety, liveness or budget. */
  readonly kind: PropertyKind;
  /** One sentence saying what must hold. */
  readonly description: string;
  /** Called with every time-series row as the run samples it (one row per service per `sampleEvery`). */
  onSample?(row: Row, ctx: PropertyContext): PropertyViolation | undefined;
  /** Called with every event-log row (actions applied or rejected, decisions, faults) as it happens. */
  onEvent?(row: Row, ctx: PropertyContext): PropertyViolation | undefined;
  /** Called once at the end with the run's metrics. */
  finish?(metrics: RunMetricValues, ctx: PropertyContext): PropertyViolation | undefined;
}

/** The end of the last fault window that started at or before `t` and covers it, or undefined when no fault is active at `t`. */
export function activeFaultEnd(faults: readonly FaultWindow[], t: Micros): Micros | undefined {
  let end: Micros | undefined;
  for (const f of faults) {
    if (f.start > t) break;
    if (f.end >= t && (end === undefined || f.end > end)) end = f.end;
  }
  return end;
}
