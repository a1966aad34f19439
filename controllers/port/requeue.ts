/**
 * When a controller wants its next reconcile: at the next deadline
 * it knows of (a pause ending, a measurement due, a move budget refilled),
 * but never later than its sync period, so level changes are still picked up.
 */

import type { Micros } from '../../lib/time.js';

/**
 * The requeue delay for the earliest of `deadlines` after `now`, capped at
 * `syncPeriod`; deadlines at or before `now` are skipped (their work was done
 * in this reconcile), and the delay is at least one tick.
 */
export function requeueWithin(now: Micros, syncPeriod: Micros, deadlines: readonly (Micros | undefined)[]): Micros {
  let delay = syncPeriod;
  for (const t of deadlines) if (t !== undefined && t > now) delay = Math.min(delay, t - now);
  return Math.max(1, delay);
}
