import type { Micros } from '../../lib/time.js';
import type { FaultKind } from './fault-kinds.js';

/**
 * One fault of a schedule, independent of the target it is played on: the
 * target family turns it into scenario steps or study params.
 */
export interface Fault {
  /** What happens. */
  readonly kind: FaultKind;
  /** When it starts (µs, whole seconds). */
  readonly at: Micros;
  /** How long it lasts (µs, whole seconds); instant kinds ignore it. */
  readonly duration: Micros;
  /** What it hits, as the target family names it: a service, a zone, hosts `a|b`, a host, `leader` or a zone index. */
  readonly target: string;
  /** How hard, in (0, 1]: the fraction of instances, the slowdown, the spike, the skew, scaled by the target family. */
  readonly severity: number;
}

/** A fault schedule over a horizon: what one explore run plays. */
export interface Schedule {
  /** Faults, ordered by start, then kind, then target. */
  readonly faults: readonly Fault[];
  /** Virtual time the run covers (µs). */
  readonly horizon: Micros;
}

/** Orders faults by start, then kind, then target, so a schedule has one written form. */
export function sortFaults(faults: readonly Fault[]): Fault[] {
  return [...faults].sort(
    (a, b) =>
      a.at - b.at ||
      (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) ||
      (a.target < b.target ? -1 : a.target > b.target ? 1 : 0) ||
      a.duration - b.duration ||
      a.severity - b.severity,
  );
}

/** Size of a schedule, for reports: faults, and fault-seconds (the sum of durations). */
export function scheduleSize(s: Schedule): { faults: number; faultSeconds: number; horizonSeconds: number } {
  return { faults: s.faults.length, faultSeconds: s.faults.reduce((a, f) => a + f.duration, 0) / 1_000_000, horizonSeconds: s.horizon / 1_000_000 };
}
