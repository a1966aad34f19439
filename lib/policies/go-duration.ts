/**
 * Go `time.Duration` facts the ported policies depend on, in ctrlsim ticks.
 *
 * Upstream durations are int64 nanoseconds; ctrlsim's are integer
 * microseconds (see lib/time.ts). The policies keep durations as
 * plain numbers and copy Go's arithmetic: a float result becomes a duration by
 * truncation toward zero, exactly as Go's `time.Duration(f)` conversion does.
 */
import type { Micros } from '../time.js';

/**
 * The largest Go duration, 2^63−1 ns, in microseconds (≈ 292 years).
 * client-go returns its cap when exponential backoff would overflow int64
 * nanoseconds; comparing a µs value with this bound is the same test.
 */
export const MAX_GO_DURATION: Micros = (2 ** 63 - 1) / 1_000;

/** The largest Go duration, 2^63−1 ns, in seconds; scales the overflow bound to any tick size. */
export const MAX_GO_DURATION_SECONDS = (2 ** 63 - 1) / 1e9;

/**
 * A delay that never ends: stands in for golang.org/x/time/rate's
 * `InfDuration`, returned when a limiter can never grant the request.
 */
export const INFINITE_DELAY: Micros = Number.POSITIVE_INFINITY;

/** Converts a float duration to ticks the way Go converts float64 to time.Duration: truncation toward zero. */
export function truncateDuration(x: number): Micros {
  return Math.trunc(x);
}
