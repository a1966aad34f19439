/**
 * golang.org/x/time/rate's `Every`: the rate that allows one event per interval.
 */
import { SECOND, type Micros } from '../time.js';

/**
 * The limit (events per second) that allows one event every `interval`
 * ticks; `Infinity` (no limit) when the interval is zero or negative.
 * `ticksPerSecond` is `SECOND` (µs) unless replaying vectors in another unit.
 */
export function every(interval: Micros, ticksPerSecond: number = SECOND): number {
  if (interval <= 0) return Number.POSITIVE_INFINITY;
  const fraction = interval % ticksPerSecond;
  const seconds = (interval - fraction) / ticksPerSecond + fraction / ticksPerSecond;
  return 1 / seconds;
}
