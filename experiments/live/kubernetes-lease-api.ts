import type { CoordinationV1Api, V1Lease } from '@kubernetes/client-node';
import { ApiException, V1MicroTime } from '@kubernetes/client-node';
import type { Cancel, LeaseApi, LeaseApiResult, LeaseObject } from '../../controllers/port/lease-api.js';
import type { LeaderElectionRecord } from '../../controllers/port/lease-record.js';
import { MILLISECOND } from '../../lib/time.js';

/**
 * The leader election port's `LeaseApi` on a `coordination.k8s.io/v1`
 * Lease, so the same `LeaseLock` and `LeaderElector` the simulator tests
 * against client-go's vectors take a real lease. The API server's
 * resourceVersion is opaque text; the port's is a number, so versions are
 * numbered here in the order they are seen and mapped back on update.
 * HTTP 404 is `not-found`, 409 on create `already-exists`, 409 on replace
 * `conflict`; anything else is `error` (the elector retries).
 */
export class KubernetesLeaseApi implements LeaseApi {
  private readonly versions = new Map<number, string>();
  private nextVersion = 1;

  constructor(
    private readonly api: CoordinationV1Api,
    private readonly namespace: string,
    private readonly name: string,
  ) {}

  get(callback: (result: LeaseApiResult) => void): Cancel {
    return this.call(() => this.api.readNamespacedLease({ name: this.name, namespace: this.namespace }), callback, 'get');
  }

  create(record: LeaderElectionRecord, callback: (result: LeaseApiResult) => void): Cancel {
    return this.call(() => this.api.createNamespacedLease({ namespace: this.namespace, body: this.lease(record) }), callback, 'create');
  }

  update(record: LeaderElectionRecord, resourceVersion: number, callback: (result: LeaseApiResult) => void): Cancel {
    const rv = this.versions.get(resourceVersion);
    if (rv === undefined) {
      callback({ kind: 'conflict' });
      return () => {};
    }
    return this.call(() => this.api.replaceNamespacedLease({ name: this.name, namespace: this.namespace, body: this.lease(record, rv) }), callback, 'update');
  }

  /** The Lease object for a record (times are µs of wall time → MicroTime). */
  private lease(r: LeaderElectionRecord, resourceVersion?: string): V1Lease {
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: this.name, namespace: this.namespace, ...(resourceVersion !== undefined ? { resourceVersion } : {}) },
      spec: {
        holderIdentity: r.holderIdentity,
        leaseDurationSeconds: r.leaseDurationSeconds,
        acquireTime: new V1MicroTime(r.acquireTime / MILLISECOND),
        renewTime: new V1MicroTime(r.renewTime / MILLISECOND),
        leaseTransitions: r.leaderTransitions,
      },
    };
  }

  private toObject(lease: V1Lease): LeaseObject {
    const s = lease.spec ?? {};
    const version = this.nextVersion++;
    this.versions.set(version, lease.metadata?.resourceVersion ?? '');
    return {
      record: {
        holderIdentity: s.holderIdentity ?? '',
        leaseDurationSeconds: s.leaseDurationSeconds ?? 0,
        acquireTime: s.acquireTime ? s.acquireTime.getTime() * MILLISECOND : 0,
        renewTime: s.renewTime ? s.renewTime.getTime() * MILLISECOND : 0,
        leaderTransitions: s.leaseTransitions ?? 0,
      },
      resourceVersion: version,
    };
  }

  private call(request: () => Promise<V1Lease>, callback: (result: LeaseApiResult) => void, verb: 'get' | 'create' | 'update'): Cancel {
    let cancelled = false;
    request().then(
      (lease) => cancelled || callback({ kind: 'ok', object: this.toObject(lease) }),
      (e: unknown) => {
        if (cancelled) return;
        const code = e instanceof ApiException ? e.code : undefined;
        if (code === 404) callback({ kind: 'not-found' });
        else if (code === 409) callback({ kind: verb === 'create' ? 'already-exists' : 'conflict' });
        else callback({ kind: 'error', reason: `${verb} lease ${this.namespace}/${this.name}: ${code ?? ''} ${(e as Error).message}`.trim() });
      },
    );
    return () => {
      cancelled = true;
    };
  }
}
