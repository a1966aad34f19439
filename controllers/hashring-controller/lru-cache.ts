/**
 * Per-instance caches keyed by request key, to measure what routing does to
 * cache hit ratios: a key routed to the instance that served it before hits;
 * a key that moved misses until the new owner has fetched it.
 */

/** A least-recently-used set of keys with a fixed capacity. */
export class LruCache {
  // A Map iterates in insertion order: re-inserting on use keeps the least recent first.
  private readonly keys = new Map<string, true>();

  constructor(
    /** Most keys held; the least recently used is evicted past it. */
    readonly capacity: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be an integer ≥ 1, got ${capacity}`);
  }

  /** Keys held. */
  get size(): number {
    return this.keys.size;
  }

  /** Looks `key` up: true on a hit. Either way the key is now held, as most recently used. */
  access(key: string): boolean {
    const hit = this.keys.delete(key);
    this.keys.set(key, true);
    if (this.keys.size > this.capacity) this.keys.delete(this.keys.keys().next().value!);
    return hit;
  }
}

/** One cache per instance, created cold on first use and lost when the instance goes. */
export class CacheFleet {
  private readonly caches = new Map<string, LruCache>();
  /** Requests that hit. */
  hits = 0;
  /** Requests that missed. */
  misses = 0;

  constructor(
    /** Keys each instance's cache holds. */
    readonly capacityPerInstance: number,
  ) {}

  /** Serves `key` on `instance`: true on a hit. */
  request(instance: string, key: string): boolean {
    let cache = this.caches.get(instance);
    if (cache === undefined) {
      cache = new LruCache(this.capacityPerInstance);
      this.caches.set(instance, cache);
    }
    const hit = cache.access(key);
    if (hit) this.hits++;
    else this.misses++;
    return hit;
  }

  /** Drops one instance's cache (the instance is gone); its next request starts cold. */
  drop(instance: string): void {
    this.caches.delete(instance);
  }

  /** Drops the caches of instances not in `members` (they are gone, and so is their memory). */
  retainOnly(members: Iterable<string>): void {
    const keep = new Set(members);
    for (const id of [...this.caches.keys()]) if (!keep.has(id)) this.caches.delete(id);
  }

  /** hits / requests (0 before any request). */
  get hitRatio(): number {
    const n = this.hits + this.misses;
    return n === 0 ? 0 : this.hits / n;
  }
}
