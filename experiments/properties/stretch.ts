import type { Micros } from '../../lib/time.js';
import { toSeconds } from '../../lib/time.js';
import type { FaultWindow } from '../../sim/properties/property.js';

/** Virtual time of a streamed row (time-series or event log), from its `time_s` cell. */
export function rowTime(row: Readonly<Record<string, unknown>>): Micros {
  return Math.round(Number(row['time_s']) * 1_000_000);
}

/** `12.5s`: a time or duration for an explanation. */
export const secs = (t: Micros): string => `${toSeconds(t)}s`;

/**
 * The latest end of the faults in `faults` active at some moment of
 * [since, t], or `since` when none was: the moment a liveness bound counts
 * from, as leader-after-heal counts it.
 */
export function healedBy(faults: readonly FaultWindow[], since: Micros, t: Micros): Micros {
  let healed = since;
  for (const f of faults) if (f.start <= t && f.end >= since && f.end > healed) healed = f.end;
  return healed;
}
