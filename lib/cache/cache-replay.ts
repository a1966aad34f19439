/**
 * Cache hit ratio through membership changes: replays a key stream through
 * a schedule of routing tables into per-instance LRU caches.
 */

import type { AssignmentTable } from '../hashring/table.js';
import { CacheFleet } from './lru-cache.js';

/** What routes a key: any table with members and a lookup. */
export type KeyRouter = Pick<AssignmentTable, 'members' | 'lookup'>;

/** A table in force from request number `from` on. */
export interface ScheduledTable {
  /** Index of the first request this table routes. */
  readonly from: number;
  /** The table, or undefined for "no instance": those requests are dropped, counted as misses. */
  readonly table: KeyRouter | undefined;
}

/** Options of {@link replayCache}. */
export interface CacheReplayOptions {
  /** Tables in force, by first request index, ascending; the first should start at 0. */
  readonly schedule: readonly ScheduledTable[];
  /** Requests to replay. */
  readonly requests: number;
  /** The key of each request, in order. */
  readonly nextKey: () => string;
  /** Keys each instance's cache holds. */
  readonly capacityPerInstance: number;
  /** Requests per hit-ratio window reported after each change; default requests / 100. */
  readonly window?: number;
}

/** The hit ratios of a replay. */
export interface CacheReplayReport {
  /** Hits over all requests. */
  readonly hitRatio: number;
  /** Per table change after the first: hit ratio over the `window` requests before and after it. */
  readonly changes: readonly { readonly at: number; readonly before: number; readonly after: number }[];
}

/**
 * Routes every request with the table in force, serves it from that
 * instance's cache, and reports the hit ratio overall and around each
 * change. An instance that leaves the table loses its cache; one that joins
 * starts cold.
 */
export function replayCache(options: CacheReplayOptions): CacheReplayReport {
  const { schedule, requests, nextKey } = options;
  const window = Math.max(1, options.window ?? Math.floor(requests / 100));
  const fleet = new CacheFleet(options.capacityPerInstance);
  const hit = new Uint8Array(requests);
  let next = 0;
  let table: KeyRouter | undefined;
  const changes: number[] = [];
  for (let r = 0; r < requests; r++) {
    while (next < schedule.length && schedule[next]!.from <= r) {
      if (next > 0) changes.push(r);
      table = schedule[next]!.table;
      fleet.retainOnly(table?.members ?? []);
      next++;
    }
    const key = nextKey();
    if (table === undefined) {
      fleet.misses++;
      continue;
    }
    hit[r] = fleet.request(table.lookup(key), key) ? 1 : 0;
  }
  const ratio = (from: number, to: number) => {
    const a = Math.max(0, from);
    const b = Math.min(requests, to);
    if (b <= a) return 0;
    let h = 0;
    for (let i = a; i < b; i++) h += hit[i]!;
    return h / (b - a);
  };
  return { hitRatio: fleet.hitRatio, changes: changes.map((at) => ({ at, before: ratio(at - window, at), after: ratio(at, at + window) })) };
}
