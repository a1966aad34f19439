/**
 * Per-instance caches keyed by request key, to measure what routing does to
 * cache hit ratios: a key routed to the instance that served it before hits;
 * a key that moved misses until the new owner has fetched it.
 */

/**
 * A least-recently-used set of keys with a fixed capacity. Slots form a
 * doubly linked list in typed arrays (most recent at the head), and a Map
 * finds a key's slot, so a lookup or an eviction is O(1) with no allocation
 * once the cache is full.
 */
export class LruCache<K = string> {
  private readonly slotOf = new Map<K, number>();
  private readonly keyAt: K[] = [];
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private head = -1;
  private tail = -1;

  constructor(
    /** Most keys held; the least recently used is evicted past it. */
    readonly capacity: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be an integer ≥ 1, got ${capacity}`);
    this.prev = new Int32Array(capacity);
    this.next = new Int32Array(capacity);
  }

  /** Keys held. */
  get size(): number {
    return this.slotOf.size;
  }

  /** Looks `key` up: true on a hit. Either way the key is now held, as most recently used. */
  access(key: K): boolean {
    const found = this.slotOf.get(key);
    if (found !== undefined) {
      if (found !== this.head) {
        this.unlink(found);
        this.pushFront(found);
      }
      return true;
    }
    let slot: number;
    if (this.keyAt.length < this.capacity) {
      slot = this.keyAt.length;
      this.keyAt.push(key);
    } else {
      slot = this.tail;
      this.slotOf.delete(this.keyAt[slot]!);
      this.unlink(slot);
      this.keyAt[slot] = key;
    }
    this.slotOf.set(key, slot);
    this.pushFront(slot);
    return false;
  }

  private unlink(slot: number): void {
    const p = this.prev[slot]!;
    const n = this.next[slot]!;
    if (p >= 0) this.next[p] = n;
    else this.head = n;
    if (n >= 0) this.prev[n] = p;
    else this.tail = p;
  }

  private pushFront(slot: number): void {
    this.prev[slot] = -1;
    this.next[slot] = this.head;
    if (this.head >= 0) this.prev[this.head] = slot;
    this.head = slot;
    if (this.tail < 0) this.tail = slot;
  }
}

/** One cache per instance, created cold on first use and lost when the instance goes. */
export class CacheFleet<K = string> {
  private readonly caches = new Map<string, LruCache<K>>();
  /** Requests that hit. */
  hits = 0;
  /** Requests that missed. */
  misses = 0;

  constructor(
    /** Keys each instance's cache holds. */
    readonly capacityPerInstance: number,
  ) {}

  /** Serves `key` on `instance`: true on a hit. */
  request(instance: string, key: K): boolean {
    let cache = this.caches.get(instance);
    if (cache === undefined) {
      cache = new LruCache<K>(this.capacityPerInstance);
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
