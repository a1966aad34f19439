import type { Micros } from '../time.js';

/** Knobs of the registry. */
export interface RegistryOptions {
  /** Time without a heartbeat after which an instance is marked unhealthy. */
  readonly ttl: Micros;
  /** Time without a heartbeat after which it is removed; 3 × ttl by default. */
  readonly removeAfter?: Micros;
}

/** One registered instance, as `discover` returns it. */
export interface RegistryEntry {
  /** Service name. */
  readonly service: string;
  /** Instance id (host:port in the sketch). */
  readonly instance: string;
  /** Free-form metadata given at registration (version, zone ...). */
  readonly metadata: Readonly<Record<string, string>>;
  /** Registry-clock time of the last heartbeat (or registration). */
  readonly lastHeartbeat: Micros;
  /** False once `ttl` passed without a heartbeat, until the next one. */
  readonly healthy: boolean;
}

/** What a sweep changed. */
export interface SweepResult {
  /** Instances newly marked unhealthy, as "service/instance". */
  readonly markedUnhealthy: readonly string[];
  /** Instances removed, as "service/instance". */
  readonly removed: readonly string[];
}

interface MutableEntry {
  readonly service: string;
  readonly instance: string;
  metadata: Readonly<Record<string, string>>;
  lastHeartbeat: Micros;
  healthy: boolean;
}

/**
 * A service registry with TTL heartbeats, after the sketch in the background
 * notes: `register`, `heartbeat`, `discover(name, { healthyOnly })`, and a
 * periodic `sweep` that marks instances unhealthy after one TTL without a
 * heartbeat and removes them after 3 × TTL.
 *
 * All times are on the registry host's own clock, passed in. When heartbeats
 * carry the sender's timestamp and the registry trusts it
 * (`heartbeat(..., sentAt)`), clock skew between hosts shifts every expiry,
 * which is how real registries evict live instances.
 */
export class ServiceRegistry {
  private readonly services = new Map<string, Map<string, MutableEntry>>();
  private readonly ttl: Micros;
  private readonly removeAfter: Micros;

  constructor(options: RegistryOptions) {
    if (!(options.ttl > 0)) throw new RangeError(`ttl must be > 0 µs, got ${options.ttl}`);
    this.ttl = options.ttl;
    this.removeAfter = options.removeAfter ?? 3 * options.ttl;
    if (!(this.removeAfter >= this.ttl)) throw new RangeError(`removeAfter (${this.removeAfter}) must be ≥ ttl (${this.ttl})`);
  }

  /** Registers (or re-registers) an instance as healthy at `now`. */
  register(service: string, instance: string, now: Micros, metadata: Readonly<Record<string, string>> = {}): void {
    let entries = this.services.get(service);
    if (!entries) this.services.set(service, (entries = new Map()));
    entries.set(instance, { service, instance, metadata, lastHeartbeat: now, healthy: true });
  }

  /**
   * Records a heartbeat received at `now`; `sentAt`, when given, is the
   * sender's clock reading and is trusted instead. Returns false for an
   * unknown (e.g. already removed) instance, which must register again.
   */
  heartbeat(service: string, instance: string, now: Micros, sentAt?: Micros): boolean {
    const e = this.services.get(service)?.get(instance);
    if (!e) return false;
    e.lastHeartbeat = sentAt ?? now;
    e.healthy = true;
    return true;
  }

  /** Removes an instance at once (graceful deregistration). */
  deregister(service: string, instance: string): boolean {
    return this.services.get(service)?.delete(instance) ?? false;
  }

  /** Instances of a service in registration order; only healthy ones by default. */
  discover(service: string, options: { readonly healthyOnly?: boolean } = {}): RegistryEntry[] {
    const healthyOnly = options.healthyOnly ?? true;
    const out: RegistryEntry[] = [];
    for (const e of this.services.get(service)?.values() ?? []) if (!healthyOnly || e.healthy) out.push({ ...e });
    return out;
  }

  /** Marks and removes expired instances as of `now`; drops services left empty. */
  sweep(now: Micros): SweepResult {
    const markedUnhealthy: string[] = [];
    const removed: string[] = [];
    for (const [service, entries] of this.services) {
      for (const [id, e] of entries) {
        const silent = now - e.lastHeartbeat;
        if (silent >= this.removeAfter) {
          entries.delete(id);
          removed.push(`${service}/${id}`);
        } else if (silent > this.ttl && e.healthy) {
          e.healthy = false;
          markedUnhealthy.push(`${service}/${id}`);
        }
      }
      if (entries.size === 0) this.services.delete(service);
    }
    return { markedUnhealthy, removed };
  }
}
