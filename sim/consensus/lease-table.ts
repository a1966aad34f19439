import type { LeaseApiResult, LeaseObject } from '../../controllers/port/lease-api.js';
import type { LeaderElectionRecord } from '../../controllers/port/lease-record.js';
import type { Micros } from '../../lib/time.js';

/** One holder's tenure of a lease: from an acquisition to the next one by someone else. */
export interface Tenure {
  /** The fencing token issued for the tenure. */
  readonly token: number;
  /** Who acquired the lease. */
  readonly holder: string;
  /** True (simulation) time of the acquiring write. */
  readonly acquiredAt: Micros;
  /** True time of the holder's last successful write in the tenure (its latest renewal, or the acquisition): its lease term runs to this plus the lease duration. */
  readonly renewedAt: Micros;
}

/** A tenure as the table keeps it: its last renewal moves on while the holder renews. */
type OpenTenure = { -readonly [K in keyof Tenure]: Tenure[K] };

/**
 * The leases' logical state inside a replicated store: objects with a
 * store-wide resourceVersion, compare-and-swap updates, and fencing tokens.
 *
 * A fencing token is raised on every write that gives the lease to a new
 * non-empty holder (an acquisition), never on a renewal or a release, and
 * never lowered: so it names one tenure, and a larger token is always a
 * later tenure. Every acquisition is logged as a `Tenure`, the ground truth
 * against which "was this leader deposed?" is measured; a write that keeps
 * the holder (a renewal) moves the current tenure's `renewedAt`, the ground
 * truth for "when did its lease term end?".
 */
export class LeaseTable {
  private readonly objects = new Map<string, LeaseObject>();
  private readonly tenureLog = new Map<string, OpenTenure[]>();
  private revision = 0;

  constructor(
    /** True time, for the tenure log. */
    private readonly clock: () => Micros,
  ) {}

  /** Reads a lease. */
  get(key: string): LeaseApiResult {
    const o = this.objects.get(key);
    return o ? { kind: 'ok', object: o } : { kind: 'not-found' };
  }

  /** Creates a lease unless it exists. */
  create(key: string, record: LeaderElectionRecord): LeaseApiResult {
    if (this.objects.has(key)) return { kind: 'already-exists' };
    return this.write(key, record, undefined);
  }

  /** Replaces a lease if it is still at `resourceVersion`. */
  update(key: string, record: LeaderElectionRecord, resourceVersion: number): LeaseApiResult {
    const old = this.objects.get(key);
    if (!old) return { kind: 'not-found' };
    if (old.resourceVersion !== resourceVersion) return { kind: 'conflict' };
    return this.write(key, record, old);
  }

  /** The current fencing token of a lease (0 before the first acquisition). */
  token(key: string): number {
    return this.objects.get(key)?.fencingToken ?? 0;
  }

  /** The current holder of a lease ("" if none). */
  holder(key: string): string {
    return this.objects.get(key)?.record.holderIdentity ?? '';
  }

  /** Every tenure of a lease so far, oldest first (the current one's `renewedAt` moves on with later renewals). */
  tenures(key: string): readonly Tenure[] {
    return this.tenureLog.get(key) ?? [];
  }

  private write(key: string, record: LeaderElectionRecord, old: LeaseObject | undefined): LeaseApiResult {
    const oldHolder = old?.record.holderIdentity ?? '';
    let token = old?.fencingToken ?? 0;
    if (record.holderIdentity !== '' && record.holderIdentity !== oldHolder) {
      token++;
      let log = this.tenureLog.get(key);
      if (!log) this.tenureLog.set(key, (log = []));
      const now = this.clock();
      log.push({ token, holder: record.holderIdentity, acquiredAt: now, renewedAt: now });
    } else if (record.holderIdentity !== '') {
      const current = this.tenureLog.get(key)?.at(-1);
      if (current) current.renewedAt = this.clock();
    }
    const object: LeaseObject = { record, resourceVersion: ++this.revision, fencingToken: token };
    this.objects.set(key, object);
    return { kind: 'ok', object };
  }
}
