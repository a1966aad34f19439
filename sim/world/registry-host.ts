import type { InstanceState } from '../../controllers/port/observations.js';
import type { Micros } from '../../controllers/port/time.js';
import { ServiceRegistry } from '../../controllers/registry/service-registry.js';
import { eventLabel } from '../event-label.js';
import type { HostClock } from '../network/host-clock.js';
import type { Network } from '../network/network.js';
import type { Simulation } from '../simulation.js';
import type { Cluster, Instance } from './cluster.js';
import { BUILTIN_HOSTS } from './hosts.js';

/** A heartbeat-driven registry on the `registry` host. */
export interface RegistrySpec {
  /** Silence after which the registry marks an instance unhealthy (and the balancer stops routing to it). */
  readonly ttl: Micros;
  /** How often each zone sends its ready instances' heartbeats, and the registry sweeps. */
  readonly heartbeatEvery: Micros;
  /** Silence after which an instance is removed (default 3 × ttl). */
  readonly removeAfter?: Micros;
  /** Trust the sender's wall-clock timestamp in heartbeats (skewed senders then expire early or late). */
  readonly trustSenderClock?: boolean;
}

/**
 * The `registry` host running `ServiceRegistry` (TTL heartbeats): instances
 * register when they become ready and deregister when they drain, each zone
 * sends one batch of heartbeats for its ready instances every
 * `heartbeatEvery`, all over the network; the registry sweeps on its own
 * clock and publishes each service's healthy entries to the load balancer.
 *
 * So a partition between a zone and the registry evicts live instances
 * after the TTL (their capacity goes unused), and a crashed instance stays
 * routable until its TTL runs out (stale routes), as with real registries.
 */
export class RegistryHost {
  /** The registry's state. */
  readonly registry: ServiceRegistry;
  private readonly known = new Map<string, Instance>();
  private evictedWhileReady = 0;
  private readonly label = eventLabel('heartbeat', BUILTIN_HOSTS.registry);
  private readonly round = (): void => this.heartbeatRound();

  constructor(
    private readonly sim: Simulation,
    private readonly network: Network,
    private readonly cluster: Cluster,
    private readonly spec: RegistrySpec,
    private readonly clockOf: (host: string) => HostClock | undefined,
    /** Delivers a service's endpoints to the load balancer (the caller sends them over the network). */
    private readonly publish: (service: string, endpoints: readonly Instance[]) => void,
    private readonly horizon: Micros,
  ) {
    this.registry = new ServiceRegistry({ ttl: spec.ttl, ...(spec.removeAfter !== undefined ? { removeAfter: spec.removeAfter } : {}) });
  }

  /** Times a sweep marked a ready, live instance unhealthy: evictions the instance did nothing to deserve. */
  get falseEvictions(): number {
    return this.evictedWhileReady;
  }

  /** Starts the heartbeat rounds. */
  start(): void {
    this.sim.after(this.spec.heartbeatEvery, this.round, this.label);
  }

  /** An instance changed state: ready ones register, draining ones deregister (crashed ones just fall silent). */
  onStateChange(inst: Instance, from: InstanceState): void {
    if (inst.state === 'ready' && from !== 'ready') {
      this.network.send(inst.zone, BUILTIN_HOSTS.registry, () => {
        this.known.set(inst.id, inst);
        this.registry.register(inst.service, inst.id, this.registryNow(), { version: inst.version, zone: inst.zone });
        this.publishService(inst.service);
      });
    } else if (from === 'ready' && (inst.state === 'draining' || inst.state === 'terminated')) {
      this.network.send(inst.zone, BUILTIN_HOSTS.registry, () => {
        if (this.registry.deregister(inst.service, inst.id)) this.known.delete(inst.id);
        this.publishService(inst.service);
      });
    }
  }

  private heartbeatRound(): void {
    const byZone = new Map<string, Instance[]>();
    for (const service of this.cluster.serviceNames()) {
      for (const i of this.cluster.live(service)) {
        if (i.state !== 'ready') continue;
        let list = byZone.get(i.zone);
        if (!list) byZone.set(i.zone, (list = []));
        list.push(i);
      }
    }
    for (const [zone, instances] of byZone) {
      const sentAt = this.spec.trustSenderClock ? this.wallOf(zone) : undefined;
      this.network.send(zone, BUILTIN_HOSTS.registry, () => {
        const now = this.registryNow();
        for (const i of instances) {
          if (!this.registry.heartbeat(i.service, i.id, now, sentAt)) {
            // Removed while silent (a partition): it registers again, as Eureka clients do.
            this.known.set(i.id, i);
            this.registry.register(i.service, i.id, sentAt ?? now, { version: i.version, zone: i.zone });
          }
        }
      });
    }
    const swept = this.registry.sweep(this.registryNow());
    for (const key of swept.markedUnhealthy) {
      if (this.known.get(key.slice(key.indexOf('/') + 1))?.state === 'ready') this.evictedWhileReady++;
    }
    for (const key of swept.removed) this.known.delete(key.slice(key.indexOf('/') + 1));
    for (const service of this.cluster.serviceNames()) this.publishService(service);
    if (this.sim.now + this.spec.heartbeatEvery <= this.horizon) this.sim.after(this.spec.heartbeatEvery, this.round, this.label);
  }

  private publishService(service: string): void {
    const endpoints: Instance[] = [];
    for (const e of this.registry.discover(service)) {
      const inst = this.known.get(e.instance);
      if (inst) endpoints.push(inst);
    }
    this.publish(service, endpoints);
  }

  /** The registry host's clock reading used for TTLs: wall time when trusting senders' wall timestamps, else monotonic. */
  private registryNow(): Micros {
    const c = this.clockOf(BUILTIN_HOSTS.registry);
    if (!c) return this.sim.now;
    return this.spec.trustSenderClock ? c.wall(this.sim.now) : c.monotonic(this.sim.now);
  }

  private wallOf(host: string): Micros {
    return this.clockOf(host)?.wall(this.sim.now) ?? this.sim.now;
  }
}
