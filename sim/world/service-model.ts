import type { Micros } from '../../lib/time.js';
import { SECOND } from '../../lib/time.js';
import type { DistributionSpec } from '../distribution.js';
import { meanOf } from '../distribution.js';
import type { Instance } from './cluster.js';
import type { VersionProfile } from './version-profile.js';
import { HEALTHY_VERSION } from './version-profile.js';
import type { WorldServiceSpec } from './world-spec.js';

/** Default FIFO limit of one instance in request-level mode. */
export const DEFAULT_QUEUE_LIMIT = 1000;

/**
 * The capacity arithmetic of one service, shared by both fidelities so they
 * agree: an instance's effective service time is the nominal one times its
 * own slowdown and its version's, plus the version's extra latency; its
 * capacity scales down by the same ratio.
 */
export class ServiceModel {
  /** Mean nominal service time, µs. */
  readonly meanServiceTime: Micros;
  /** The service-time distribution request-level mode draws from. */
  readonly serviceTime: DistributionSpec;
  /** Requests one instance serves at once. */
  readonly concurrency: number;
  /** Waiting requests one instance holds at most (request-level). */
  readonly queueLimit: number;
  /** Nominal requests per second of one instance. */
  readonly rpsPerInstance: number;
  private readonly profiles: ReadonlyMap<string, VersionProfile>;

  constructor(readonly spec: WorldServiceSpec) {
    const st = spec.capacity.serviceTime;
    this.serviceTime = typeof st === 'number' ? { kind: 'constant', value: st } : st;
    this.meanServiceTime = meanOf(this.serviceTime);
    this.rpsPerInstance = spec.capacity.rpsPerInstance;
    this.concurrency = spec.capacity.concurrency ?? Math.max(1, Math.round((this.rpsPerInstance * this.meanServiceTime) / SECOND));
    this.queueLimit = spec.capacity.queueLimit ?? DEFAULT_QUEUE_LIMIT;
    this.profiles = new Map(Object.entries(spec.versions ?? {}));
  }

  /** How a version behaves. */
  profile(version: string): VersionProfile {
    return this.profiles.get(version) ?? HEALTHY_VERSION;
  }

  /** Mean service time of a request on `inst`, µs. */
  instanceServiceTime(inst: Instance): number {
    const p = this.profile(inst.version);
    return this.meanServiceTime * inst.slowdown * p.slowdown + p.latency;
  }

  /** Requests per second `inst` serves at full utilization. */
  instanceCapacity(inst: Instance): number {
    const s = this.instanceServiceTime(inst);
    return s > 0 ? (this.rpsPerInstance * this.meanServiceTime) / s : this.rpsPerInstance;
  }

  /** Capacity of the ready instances among `instances`, rps. */
  readyCapacity(instances: readonly Instance[]): number {
    let c = 0;
    for (let k = 0; k < instances.length; k++) {
      const i = instances[k]!;
      if (i.state === 'ready')
        c += i.slowdown === 1 && i.version === this.spec.version && !this.profiles.has(i.version) ? this.rpsPerInstance : this.instanceCapacity(i);
    }
    return c;
  }
}
