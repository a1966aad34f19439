/**
 * The port between a lease lock and wherever leases are stored: the
 * Kubernetes API server for client-go, a simulated replicated store here.
 */
import type { LeaderElectionRecord } from './lease-record.js';

/** A stored lease: the record plus the store's metadata. */
export interface LeaseObject {
  /** The leader election record (the Lease spec). */
  readonly record: LeaderElectionRecord;
  /** The store's version of this object; an update must name the version it replaces (compare-and-swap). */
  readonly resourceVersion: number;
  /**
   * Fencing token of the current holder's tenure: raised by the store on
   * every successful acquisition by a new holder, never lowered. Absent when
   * the store issues none (client-go's API server issues none).
   */
  readonly fencingToken?: number;
}

/** What the store answered. A request that gets no answer (lost, partitioned) never calls back. */
export type LeaseApiResult =
  | { readonly kind: 'ok'; readonly object: LeaseObject }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'already-exists' }
  | { readonly kind: 'conflict' }
  | { readonly kind: 'error'; readonly reason: string };

/** Drops a pending request's answer: its callback will not be called. */
export type Cancel = () => void;

/**
 * Access to one lease in a store. Calls are asynchronous: the callback runs
 * when the answer arrives (possibly within the call, for an in-memory
 * fake), or never if it is lost. Each returns a `Cancel` that discards the
 * answer, as a cancelled request context does.
 */
export interface LeaseApi {
  /** Reads the lease. */
  get(callback: (result: LeaseApiResult) => void): Cancel;
  /** Creates the lease; `already-exists` if it exists. */
  create(record: LeaderElectionRecord, callback: (result: LeaseApiResult) => void): Cancel;
  /** Replaces the lease if its version is still `resourceVersion`, else `conflict`. */
  update(record: LeaderElectionRecord, resourceVersion: number, callback: (result: LeaseApiResult) => void): Cancel;
}
