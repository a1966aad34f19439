import type { Micros } from '../../lib/time.js';
import type { PropertyViolation } from '../../sim/properties/property.js';
import type { ExploreRecord } from './store.js';

/** Every run that violated one property, summarized. */
export interface PropertyFindings {
  /** The property. */
  readonly property: string;
  /** Its kind. */
  readonly kind: string;
  /** Runs that violated it. */
  readonly runs: number;
  /** The first run (lowest index) that violated it: the one shrunk. */
  readonly first: ExploreRecord;
  /** That run's violation. */
  readonly violation: PropertyViolation;
}

/** One violation with the time since the latest fault that started at or before it (null when none had). */
export interface FaultToViolation {
  /** The property. */
  readonly property: string;
  /** Run index. */
  readonly run: number;
  /** Seconds from the latest fault start to the violation. */
  readonly seconds: number | null;
}

/**
 * Distinct violations of an exploration, one per property, ordered by the
 * first run that found each (then by the property's order in that run):
 * records must come in run order.
 */
export function findings(records: readonly ExploreRecord[]): PropertyFindings[] {
  const by = new Map<string, { kind: string; runs: number; first: ExploreRecord; violation: PropertyViolation }>();
  for (const r of records) {
    for (const v of r.violations) {
      const f = by.get(v.property);
      if (f) f.runs++;
      else by.set(v.property, { kind: v.kind, runs: 1, first: r, violation: v });
    }
  }
  return [...by].map(([property, f]) => ({ property, ...f }));
}

/** How many violating runs had each fault kind in their schedule, by kind then property. */
export function kindPropertyCounts(records: readonly ExploreRecord[]): Array<{ kind: string; property: string; runs: number }> {
  const counts = new Map<string, number>();
  for (const r of records) {
    const kinds = [...new Set(r.faults.map((f) => f.kind))];
    for (const v of r.violations) for (const k of kinds) counts.set(`${k}\u0000${v.property}`, (counts.get(`${k}\u0000${v.property}`) ?? 0) + 1);
  }
  return [...counts].map(([key, runs]) => {
    const [kind, property] = key.split('\u0000') as [string, string];
    return { kind, property, runs };
  });
}

/** Time from the latest fault start to each violation. */
export function faultToViolation(records: readonly ExploreRecord[]): FaultToViolation[] {
  const out: FaultToViolation[] = [];
  for (const r of records) {
    for (const v of r.violations) {
      const starts = r.faults.map((f) => f.at).filter((t: Micros) => t <= v.at);
      out.push({ property: v.property, run: r.run, seconds: starts.length ? (v.at - Math.max(...starts)) / 1_000_000 : null });
    }
  }
  return out;
}
