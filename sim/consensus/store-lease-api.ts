import type { Cancel, LeaseApi, LeaseApiResult } from '../../controllers/port/lease-api.js';
import type { LeaderElectionRecord } from '../../controllers/port/lease-record.js';
import type { LeaseTable } from './lease-table.js';
import type { ReplicatedStore } from './replicated-store.js';

/**
 * One lease of a `LeaseTable`, reached from a client host through a
 * `ReplicatedStore`: every call is a quorum request over the network, so it
 * commits only if a majority of replicas is reachable from `host`, and its
 * answer may be late or lost.
 */
export class StoreLeaseApi implements LeaseApi {
  constructor(
    private readonly store: ReplicatedStore,
    private readonly table: LeaseTable,
    /** The lease's key. */
    readonly key: string,
    /** The client's host. */
    readonly host: string,
  ) {}

  get(callback: (r: LeaseApiResult) => void): Cancel {
    return this.store.submit(this.host, () => this.table.get(this.key), callback);
  }

  create(record: LeaderElectionRecord, callback: (r: LeaseApiResult) => void): Cancel {
    return this.store.submit(this.host, () => this.table.create(this.key, record), callback);
  }

  update(record: LeaderElectionRecord, resourceVersion: number, callback: (r: LeaseApiResult) => void): Cancel {
    return this.store.submit(this.host, () => this.table.update(this.key, record, resourceVersion), callback);
  }
}
