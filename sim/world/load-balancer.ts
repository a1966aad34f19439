import type { RandomStream } from '../../lib/random.js';
import type { Instance } from './cluster.js';
import { LoadBuckets } from './load-buckets.js';
import type { ReadyJournal } from './ready-journal.js';

/** How the load balancer picks among the endpoints of a pool. */
export type RoutingPolicy = 'round-robin' | 'least-outstanding' | 'random';

/** The routing policies. */
export const ROUTING_POLICIES = ['round-robin', 'least-outstanding', 'random'] as const;

/** Endpoints the balancer picks among, with its rotation. */
interface Pool<T> {
  /** The endpoints, in update order. */
  endpoints: T[];
  /** Each endpoint's instance ordinal, ascending, when the pool follows a ready journal (empty otherwise). */
  keys: number[];
  /** Round-robin position, also the start of least-outstanding scans so ties rotate. */
  next: number;
  /** Least-outstanding only: the endpoints' positions grouped by load, built at the first pick after the endpoints changed. */
  loads?: LoadBuckets | undefined;
  /** Least-outstanding only: each endpoint's position, alongside `loads`. */
  positions?: Map<T, number> | undefined;
}

/**
 * A service's load balancer: the endpoints it knows (which may lag the
 * cluster: they arrive as updates over the network, so a crashed instance
 * can still be picked, a stale route) and per-version traffic weights set by
 * `shift-traffic`. Without weights every known endpoint is one pool; with
 * weights a version is drawn first, then an endpoint of that version.
 *
 * Policies: round-robin (no draws), random (seeded draws), least-outstanding
 * (fewest requests queued or in service; ties go to the first after the
 * previous pick).
 */
export class LoadBalancer<T> {
  private all: Pool<T> = { endpoints: [], keys: [], next: 0 };
  /** The ready-journal version the endpoints match, or NaN once a full list replaced them. */
  private synced = 0;
  private byVersion = new Map<string, Pool<T>>();
  private weights: { readonly version: string; readonly upTo: number }[] | undefined;
  private rawWeights: ReadonlyMap<string, number> | undefined;
  private rev = 0;

  /** Increases with every endpoint update. */
  get revision(): number {
    return this.rev;
  }

  constructor(
    /** The picking policy. */
    readonly policy: RoutingPolicy,
    /** Draws for `random` and for weighted version choice (`route/<service>`). */
    private readonly rng: RandomStream,
    private readonly versionOf: (endpoint: T) => string,
    private readonly outstanding: (endpoint: T) => number,
  ) {}

  /** The endpoints known now, in the order the update listed them. */
  get endpoints(): readonly T[] {
    return this.all.endpoints;
  }

  /** Known endpoints grouped by version, versions in the order the update first listed them. */
  versionPools(): IterableIterator<[string, { readonly endpoints: readonly T[] }]> {
    return this.byVersion.entries();
  }

  /** Known endpoints of one version. */
  endpointsOf(version: string): readonly T[] {
    return this.byVersion.get(version)?.endpoints ?? [];
  }

  /** Current weights as percentages by version, or undefined when traffic follows endpoints. */
  get trafficWeights(): ReadonlyMap<string, number> | undefined {
    return this.rawWeights;
  }

  /** The same weights as a plain object, as controllers observe them. */
  trafficWeightsRecord(): Readonly<Record<string, number>> | undefined {
    return this.rawWeights ? Object.fromEntries(this.rawWeights) : undefined;
  }

  /**
   * Tells the balancer that `endpoint`'s outstanding count changed. Under
   * least-outstanding routing the caller must report every change (a
   * request offered, completed, or lost with the endpoint), since picks read
   * loads from an index rather than scanning.
   */
  loadChanged(endpoint: T): void {
    if (this.policy !== 'least-outstanding') return;
    // Only indexed pools track loads; version pools are picked from (and indexed) only under weights.
    const versionPool = this.weights ? this.byVersion.get(this.versionOf(endpoint)) : undefined;
    if (!this.all.loads && !versionPool?.loads) return;
    const load = this.outstanding(endpoint);
    updateLoad(this.all, endpoint, load);
    if (versionPool) updateLoad(versionPool, endpoint, load);
  }

  /** Replaces the known endpoints (an update from the registry). Round-robin positions carry over. */
  setEndpoints(endpoints: readonly T[]): void {
    this.rev++;
    this.synced = Number.NaN;
    this.all = { endpoints: [...endpoints], keys: [], next: this.all.next };
    const next = new Map<string, Pool<T>>();
    for (const e of endpoints) {
      const v = this.versionOf(e);
      let pool = next.get(v);
      if (!pool) {
        pool = { endpoints: [], keys: [], next: this.byVersion.get(v)?.next ?? 0 };
        next.set(v, pool);
      }
      pool.endpoints.push(e);
    }
    this.byVersion = next;
  }

  /**
   * Moves the known endpoints to version `to` of a service's ready journal:
   * the same endpoints, order, pools and rotation positions as
   * `setEndpoints` with that version's ready instances (oldest first, each
   * mapped by `map`; an instance that maps to undefined is left out), at a
   * cost of O(log n) per change since the last update rather than O(n).
   * `onChange` hears each endpoint that joins or leaves.
   */
  syncEndpoints(journal: ReadyJournal, to: number, map: (inst: Instance) => T | undefined, onChange?: (endpoint: T, add: boolean) => void): void {
    let from = this.synced;
    if (to === from) return;
    this.rev++;
    if (Number.isNaN(from)) {
      // After a full replacement the pools carry no keys: rebuild from the empty set, keeping rotations.
      for (const e of this.all.endpoints) onChange?.(e, false);
      this.all = { endpoints: [], keys: [], next: this.all.next };
      for (const pool of this.byVersion.values()) {
        pool.endpoints = [];
        pool.keys = [];
        pool.loads = undefined;
      }
      from = 0;
    }
    journal.replay(from, to, (inst, add) => {
      const e = map(inst);
      if (e === undefined) return;
      const v = this.versionOf(e);
      let pool = this.byVersion.get(v);
      if (add) {
        if (!pool) this.byVersion.set(v, (pool = { endpoints: [], keys: [], next: 0 }));
        if (insertByKey(this.all, e, inst.ordinal)) {
          insertByKey(pool, e, inst.ordinal);
          this.all.loads = undefined;
          pool.loads = undefined;
          onChange?.(e, true);
        }
      } else if (removeByKey(this.all, inst.ordinal)) {
        this.all.loads = undefined;
        if (pool) {
          removeByKey(pool, inst.ordinal);
          pool.loads = undefined;
        }
        onChange?.(e, false);
      }
    });
    this.synced = to;
    // As setEndpoints: versions without endpoints go (their rotation with them), and versions
    // are listed in the order of their oldest endpoint.
    let ordered = true;
    let prev = -Infinity;
    for (const [v, pool] of this.byVersion) {
      if (pool.endpoints.length === 0) {
        this.byVersion.delete(v);
        continue;
      }
      if (pool.keys[0]! < prev) ordered = false;
      prev = pool.keys[0]!;
    }
    if (!ordered) this.byVersion = new Map([...this.byVersion].sort((a, b) => a[1].keys[0]! - b[1].keys[0]!));
  }

  /** Sets per-version weights (percentages summing to 100), or clears them with undefined. */
  setWeights(weights: Readonly<Record<string, number>> | undefined): void {
    if (!weights) {
      this.weights = undefined;
      this.rawWeights = undefined;
      return;
    }
    // Version pools' load indexes went unmaintained while no weights were set.
    for (const pool of this.byVersion.values()) pool.loads = undefined;
    this.rawWeights = new Map(Object.entries(weights));
    let upTo = 0;
    const list: { version: string; upTo: number }[] = [];
    for (const [version, w] of Object.entries(weights)) {
      if (w <= 0) continue;
      upTo += w;
      list.push({ version, upTo });
    }
    this.weights = list;
  }

  /** The version a request goes to under the weights, or undefined without weights. */
  pickVersion(): string | undefined {
    const w = this.weights;
    if (!w) return undefined;
    if (w.length === 0) return '';
    const total = w[w.length - 1]!.upTo;
    const u = this.rng.next() * total;
    for (const e of w) if (u < e.upTo) return e.version;
    return w[w.length - 1]!.version;
  }

  /** Builds a pool's load index from the endpoints' outstanding counts now: O(n), once per endpoint change. */
  private indexLoads(pool: Pool<T>): LoadBuckets | undefined {
    const eps = pool.endpoints;
    const counts = new Array<number>(eps.length);
    const positions = new Map<T, number>();
    for (let i = 0; i < eps.length; i++) {
      counts[i] = this.outstanding(eps[i]!);
      positions.set(eps[i]!, i);
    }
    // A list naming an endpoint twice (a full update can) cannot be indexed by endpoint, nor loads that are
    // not whole request counts: scan those.
    if (positions.size !== eps.length || !LoadBuckets.accepts(counts)) return undefined;
    const loads = new LoadBuckets(counts);
    pool.loads = loads;
    pool.positions = positions;
    return loads;
  }

  /** The least-outstanding pick by scanning from `start`: the rule the index reproduces. */
  private scanLeast(pool: Pool<T>, start: number): T | undefined {
    const eps = pool.endpoints;
    const n = eps.length;
    let best = start;
    let bestLoad = this.outstanding(eps[start]!);
    for (let k = 1; k < n && bestLoad > 0; k++) {
      const i = (start + k) % n;
      const load = this.outstanding(eps[i]!);
      if (load < bestLoad) {
        best = i;
        bestLoad = load;
      }
    }
    pool.next = best + 1;
    return eps[best];
  }

  /** Picks an endpoint for one request; undefined when the chosen pool is empty. */
  pick(): T | undefined {
    const version = this.pickVersion();
    const pool = version === undefined ? this.all : this.byVersion.get(version);
    if (!pool) return undefined;
    const eps = pool.endpoints;
    const n = eps.length;
    if (n === 0) return undefined;
    switch (this.policy) {
      case 'round-robin': {
        const i = pool.next % n;
        pool.next = i + 1;
        return eps[i];
      }
      case 'random':
        return eps[Math.floor(this.rng.next() * n)];
      case 'least-outstanding': {
        // The first endpoint from the rotation's start, wrapping, whose load is the pool's least:
        // what a scan from the start keeping the first strict minimum (and stopping at 0) picks.
        const start = pool.next % n;
        // A short scan beats keeping an index up to date on every request.
        if (n <= SCAN_BELOW) return this.scanLeast(pool, start);
        const loads = pool.loads ?? this.indexLoads(pool);
        if (loads === undefined) return this.scanLeast(pool, start);
        const best = loads.firstLeast(start);
        pool.next = best + 1;
        return eps[best];
      }
    }
  }
}

/** Pools with at most this many endpoints are scanned for least-outstanding, not indexed. */
const SCAN_BELOW = 64;

/** Sets an indexed endpoint's load; a pool not yet indexed reads loads when it is. */
function updateLoad<T>(pool: Pool<T>, endpoint: T, load: number): void {
  if (!pool.loads) return;
  const i = pool.positions!.get(endpoint);
  if (i !== undefined) pool.loads.set(i, load);
}

/** Inserts `e` at its key's place in a key-ordered pool; false if the key is already there. */
function insertByKey<T>(pool: Pool<T>, e: T, key: number): boolean {
  const keys = pool.keys;
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  if (keys[lo] === key) return false;
  if (lo === keys.length) {
    keys.push(key);
    pool.endpoints.push(e);
  } else {
    keys.splice(lo, 0, key);
    pool.endpoints.splice(lo, 0, e);
  }
  return true;
}

/** Removes the endpoint with `key` from a key-ordered pool; false if absent. */
function removeByKey<T>(pool: Pool<T>, key: number): boolean {
  const keys = pool.keys;
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  if (keys[lo] !== key) return false;
  keys.splice(lo, 1);
  pool.endpoints.splice(lo, 1);
  return true;
}
