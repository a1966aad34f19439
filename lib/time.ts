/**
 * Time in ctrlsim.
 *
 * Every instant and every duration, virtual or real, is an integer number of
 * microseconds ("ticks"). Integers keep virtual time exact: adding a million
 * 100 ms steps lands on exactly 100 000 s, where float seconds would drift.
 * A JavaScript number holds integers exactly up to 2^53 µs, about 285 years.
 */

/** An instant or a duration, in integer microseconds. */
export type Micros = number;

export const MICROSECOND: Micros = 1;
export const MILLISECOND: Micros = 1_000;
export const SECOND: Micros = 1_000_000;
export const MINUTE: Micros = 60 * SECOND;
export const HOUR: Micros = 60 * MINUTE;

/** Converts seconds (possibly fractional) to ticks, rounding to the nearest microsecond. */
export function fromSeconds(s: number): Micros {
  return Math.round(s * SECOND);
}

/** Converts ticks to seconds. */
export function toSeconds(t: Micros): number {
  return t / SECOND;
}
