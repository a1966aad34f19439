/**
 * client-go's `resourcelock.LeaderElectionRecord`: what the lease says.
 */
import type { Micros } from '../../lib/time.js';

/**
 * The leader election record a lease holds (client-go's
 * `LeaderElectionRecord`, as a Lease spec stores it). Times are the writer's
 * wall clock: electors never compare them with their own clock, they only
 * notice that the record changed.
 */
export interface LeaderElectionRecord {
  /** Identity of the holder; empty when nobody holds the lease (never acquired, or released). */
  readonly holderIdentity: string;
  /** How long, in whole seconds, others must wait after last seeing the record change before taking over. */
  readonly leaseDurationSeconds: number;
  /** Wall time (µs) at which the current holder acquired the lease, on the holder's clock. */
  readonly acquireTime: Micros;
  /** Wall time (µs) of the holder's last renewal, on the holder's clock. */
  readonly renewTime: Micros;
  /** How many times the lease changed hands. */
  readonly leaderTransitions: number;
}

/** Go's zero value of the record: nobody holds it, nothing was ever written. */
export const EMPTY_RECORD: LeaderElectionRecord = {
  holderIdentity: '',
  leaseDurationSeconds: 0,
  acquireTime: 0,
  renewTime: 0,
  leaderTransitions: 0,
};

/** A record with the given fields and Go zero values elsewhere. */
export function leaderElectionRecord(fields: Partial<LeaderElectionRecord> = {}): LeaderElectionRecord {
  return { ...EMPTY_RECORD, ...fields };
}

/**
 * The record's raw form, which client-go compares byte for byte to decide
 * whether the record changed since it last looked (`observedRawRecord`). Any
 * renewal changes `renewTime`, so a live holder always changes the raw form.
 */
export function rawRecord(record: LeaderElectionRecord): string {
  // Fixed field order, as Go's json.Marshal of the struct.
  return JSON.stringify([record.holderIdentity, record.leaseDurationSeconds, record.acquireTime, record.renewTime, record.leaderTransitions]);
}
