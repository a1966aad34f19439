import type { KeyRouter } from '../../lib/cache/cache-replay.js';
import { keyName, zipfIndices } from '../../lib/cache/key-stream.js';
import { CacheFleet } from '../../lib/cache/lru-cache.js';
import type { Micros } from '../../lib/time.js';
import type { RandomStream } from '../../lib/random.js';
import { round } from './run-metrics.js';
import type { CacheSpec } from './world-spec.js';

/** A closed hit-ratio window. */
interface Window {
  /** Lookups in the window. */
  lookups: number;
  /** Hits among them. */
  hits: number;
}

/**
 * A service's request keys and per-instance caches, for request-level runs
 * of a cache tier: every request carries a key drawn from a Zipf popularity
 * (`key-0` hottest), is routed by the routing table a controller last set
 * ('set-routing') or, before any table, by the load balancer, and looks its
 * key up in the serving instance's LRU cache. A miss costs `missPenalty` of
 * extra service time. An instance that crashes or terminates loses its
 * cache; a new one starts cold.
 *
 * Besides the overall hit ratio it keeps the lowest hit ratio of any
 * `window` of virtual time ending after `warmup`, which is what a scale
 * event or a reshuffled table costs.
 */
export class KeyedCaches {
  private readonly fleet: CacheFleet<number>;
  private readonly draw: () => number;
  private readonly names: readonly string[];
  private router: KeyRouter | undefined;
  /** The owner of each key under the table in force, looked up on first use (a table is immutable). */
  private owners: (string | undefined)[] = [];
  private windowEnd: Micros;
  private current: Window = { lookups: 0, hits: 0 };
  private lowest: number | undefined;

  constructor(
    /** Key space, cache size, miss penalty and the hit-ratio windows. */
    readonly spec: CacheSpec,
    /** Key draws (`keys/<service>`). */
    rng: RandomStream,
    start: Micros,
  ) {
    this.fleet = new CacheFleet<number>(spec.capacity);
    this.draw = zipfIndices(spec.keys, spec.zipf, () => rng.next());
    this.names = Array.from({ length: spec.keys }, (_, i) => keyName(i));
    this.windowEnd = start + spec.window;
  }

  /** The routing table in force, or undefined while the load balancer routes. */
  get table(): KeyRouter | undefined {
    return this.router;
  }

  /** Puts `table` in force; the load balancer routes no more. */
  setTable(table: KeyRouter): void {
    this.router = table;
    this.owners = new Array<string | undefined>(this.names.length);
  }

  /** The key (its index: key `i` is named `key-i`) of the next request. */
  nextKey(): number {
    return this.draw();
  }

  /** The instance key `key` maps to under the table in force; only while a table with members is in force. */
  ownerOf(key: number): string {
    let owner = this.owners[key];
    if (owner === undefined) this.owners[key] = owner = this.router!.lookup(this.names[key]!);
    return owner;
  }

  /** Serves `key` from `instance`'s cache at `now`: the extra service time, 0 on a hit. */
  lookup(instance: string, key: number, now: Micros): Micros {
    this.roll(now);
    const hit = this.fleet.request(instance, key);
    this.current.lookups++;
    if (hit) this.current.hits++;
    return hit ? 0 : this.spec.missPenalty;
  }

  /** Forgets `instance`'s cache: it crashed or terminated. */
  forget(instance: string): void {
    this.fleet.drop(instance);
  }

  /** Hits so far (for time-series differences). */
  get hits(): number {
    return this.fleet.hits;
  }

  /** Lookups so far. */
  get lookups(): number {
    return this.fleet.hits + this.fleet.misses;
  }

  /**
   * The service's cache metrics at `now`: cache_hit_ratio (hits over
   * lookups, null before any) and cache_hit_ratio_min (the lowest ratio of
   * a full window ending after warmup that saw lookups, null if none did),
   * both to four decimals.
   */
  metrics(now: Micros): { cache_hit_ratio: number | null; cache_hit_ratio_min: number | null } {
    this.roll(now);
    const r = (x: number | undefined) => (x === undefined ? null : round(x, 4));
    return { cache_hit_ratio: r(this.lookups === 0 ? undefined : this.fleet.hitRatio), cache_hit_ratio_min: r(this.lowest) };
  }

  /** Closes every window that ended by `now`. */
  private roll(now: Micros): void {
    while (now >= this.windowEnd) {
      const w = this.current;
      if (w.lookups > 0 && this.windowEnd >= this.spec.warmup) {
        const ratio = w.hits / w.lookups;
        if (this.lowest === undefined || ratio < this.lowest) this.lowest = ratio;
      }
      this.current = { lookups: 0, hits: 0 };
      this.windowEnd += this.spec.window;
    }
  }
}
