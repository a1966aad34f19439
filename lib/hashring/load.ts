/**
 * Load metrics: how evenly a table spreads a key sample over its members.
 */

import type { AssignmentTable } from './table.js';

/** How many sample keys each member holds, and how uneven that is. */
export interface LoadReport {
  /** Keys per member, for every member (zero included), in the table's member order. */
  readonly counts: ReadonlyMap<string, number>;
  /** The largest count. */
  readonly max: number;
  /** The smallest count. */
  readonly min: number;
  /** The mean count: keys / members. */
  readonly mean: number;
  /** max / mean: 1 is perfect balance (0 for an empty sample). */
  readonly maxOverMean: number;
}

/** Counts where `keys` land in `table`. */
export function measureLoad(table: AssignmentTable, keys: readonly string[]): LoadReport {
  const counts = new Map<string, number>(table.members.map((m) => [m, 0]));
  for (const key of keys) {
    const m = table.lookup(key);
    counts.set(m, (counts.get(m) ?? 0) + 1);
  }
  const values = [...counts.values()];
  const max = Math.max(...values);
  const min = Math.min(...values);
  const mean = keys.length / table.members.length;
  return { counts, max, min, mean, maxOverMean: mean === 0 ? 0 : max / mean };
}
