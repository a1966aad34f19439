/** Reading the numbers a sweep report draws out of its CSV rows. */
import type { TableRow } from '../../lib/stats/aggregate.js';

/** Smallest and largest of the values (a loop, not a spread: sweeps can have more points than a call has arguments). */
export function minMax(values: readonly number[]): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** The value as a finite number, or undefined for anything else (text, an empty cell, NaN). */
export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Whether any point carries a mean of the metric. */
export function hasMean(points: readonly TableRow[], metric: string): boolean {
  return points.some((p) => num(p[`${metric}_mean`]) !== undefined);
}
