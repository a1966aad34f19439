import type { Cancel } from '../../controllers/port/lease-api.js';
import type { Transport } from './transport.js';

/** Request counts of a replicated store. */
export interface StoreStats {
  /** Requests submitted by clients. */
  requests: number;
  /** Requests that reached a majority and were applied to the state. */
  committed: number;
  /** Messages the store's protocol sent (requests to replicas and replies). */
  messages: number;
}

/**
 * A replicated store with a majority quorum, MODELLED rather than
 * implemented (no Raft code runs):
 *
 * - A client on host `from` sends its request to every replica over the
 *   network. The request commits at the moment the majority-th copy arrives
 *   (⌊n/2⌋+1 replicas): that instant is its linearization point, where the
 *   operation (a read, or a compare-and-swap on a resourceVersion) runs
 *   against the single logical state. The replica that completed the
 *   majority sends the answer back. So a request commits only when a
 *   majority of replicas is reachable from the client's host, takes about
 *   the round trip to the majority-th nearest replica, and a lost answer
 *   leaves the client not knowing whether its write happened, as in real
 *   systems.
 * - Reads go through the same quorum (linearizable reads, as etcd's
 *   default, not stale reads from one replica).
 *
 * Not modelled: Raft's leader and the extra hop through it, terms and
 * elections, log replication and lagging followers, disk writes, replica
 * crashes (a crashed replica is a host nobody can reach), request
 * batching. Replicas store nothing themselves; the state lives in the
 * operations' closures (see `LeaseTable`).
 */
export class ReplicatedStore {
  /** Replicas that must receive a request for it to commit. */
  readonly quorum: number;
  /** Request counts. */
  readonly stats: StoreStats = { requests: 0, committed: 0, messages: 0 };

  constructor(
    private readonly transport: Transport,
    /** Hosts of the replicas. */
    readonly replicas: readonly string[],
  ) {
    if (replicas.length === 0) throw new RangeError('a replicated store needs at least one replica');
    if (new Set(replicas).size !== replicas.length) throw new RangeError(`replica hosts must be distinct, got ${replicas.join(', ')}`);
    this.quorum = Math.floor(replicas.length / 2) + 1;
  }

  /**
   * Submits `operation` from a client on `from`. It runs exactly once, at the
   * linearization point, if a majority of replicas receives the request;
   * `reply` runs on `from` when the answer arrives. The returned `Cancel`
   * drops the answer (the operation may still commit).
   */
  submit<T>(from: string, operation: () => T, reply: (result: T) => void): Cancel {
    this.stats.requests++;
    let received = 0;
    let committed = false;
    let cancelled = false;
    for (const replica of this.replicas) {
      this.stats.messages++;
      this.transport.send(from, replica, () => {
        received++;
        if (committed || received < this.quorum) return;
        committed = true;
        this.stats.committed++;
        const result = operation();
        this.stats.messages++;
        this.transport.send(replica, from, () => {
          if (!cancelled) reply(result);
        });
      });
    }
    return () => {
      cancelled = true;
    };
  }
}
