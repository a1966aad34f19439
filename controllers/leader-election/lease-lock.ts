/**
 * client-go's `resourcelock.LeaseLock`: a lease lock that remembers the last
 * object it read or wrote, and updates with that object's version.
 */
import type { Cancel, LeaseApi, LeaseApiResult, LeaseObject } from '../port/lease-api.js';
import type { LeaderElectionRecord } from '../port/lease-record.js';
import { rawRecord } from '../port/lease-record.js';

/** Outcome of a lock operation. */
export type LockResult =
  | {
      readonly kind: 'ok';
      /** The record now stored. */
      readonly record: LeaderElectionRecord;
      /** Its raw form (see `rawRecord`). */
      readonly raw: string;
    }
  | { readonly kind: 'not-found' }
  | {
      /** Any other failure: a conflict, an existing lease on create, a store error, an uninitialized lock. */
      readonly kind: 'error';
      readonly reason: string;
    };

/** The verbs a lock sends to the store, for tests that count API interactions. */
export type LockVerb = 'get' | 'create' | 'update';

/**
 * A lease lock held under `identity`. `update` sends the version of the
 * object last read or written (the cached lease), so a write based on a stale
 * read fails with a conflict; before any read or write it fails at once
 * without calling the store, as upstream's "lease not initialized, call get
 * or create first".
 */
export class LeaseLock {
  private cached: LeaseObject | undefined;

  constructor(
    /** Who takes the lease when this lock writes. Must not be empty. */
    readonly identity: string,
    private readonly api: LeaseApi,
  ) {}

  /** The object last read or written, if any. */
  get cachedObject(): LeaseObject | undefined {
    return this.cached;
  }

  /**
   * The fencing token of the cached object when this lock's identity holds it
   * there: what a leader attaches to its actions.
   */
  get fencingToken(): number | undefined {
    const c = this.cached;
    return c && c.record.holderIdentity === this.identity ? c.fencingToken : undefined;
  }

  /** Reads the lease and caches it. */
  get(callback: (result: LockResult) => void): Cancel {
    return this.api.get((r) => callback(this.remember(r)));
  }

  /** Creates the lease and caches it. */
  create(record: LeaderElectionRecord, callback: (result: LockResult) => void): Cancel {
    return this.api.create(record, (r) => callback(this.remember(r)));
  }

  /** Writes `record` over the cached object's version and caches the result. */
  update(record: LeaderElectionRecord, callback: (result: LockResult) => void): Cancel {
    const c = this.cached;
    if (!c) {
      callback({ kind: 'error', reason: 'lease not initialized, call get or create first' });
      return () => {};
    }
    return this.api.update(record, c.resourceVersion, (r) => callback(this.remember(r)));
  }

  private remember(r: LeaseApiResult): LockResult {
    switch (r.kind) {
      case 'ok':
        this.cached = r.object;
        return { kind: 'ok', record: r.object.record, raw: rawRecord(r.object.record) };
      case 'not-found':
        return { kind: 'not-found' };
      case 'already-exists':
        return { kind: 'error', reason: 'lease already exists' };
      case 'conflict':
        return { kind: 'error', reason: 'conflict: the lease was modified since it was read' };
      case 'error':
        return { kind: 'error', reason: r.reason };
    }
  }
}
