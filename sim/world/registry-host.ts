import type { InstanceState } from '../../controllers/port/observations.js';
import type { Micros } from '../../lib/time.js';
import { ServiceRegistry } from '../../lib/registry/service-registry.js';
import { eventLabel } from '../engine/event-label.js';
import type { HostClock } from '../network/host-clock.js';
import type { Network } from '../network/network.js';
import type { Simulation } from '../engine/simulation.js';
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

/** Writes one registry row to the event log: the action, the instance, and why. */
export type RegistryLog = (action: 'mark-unhealthy' | 'remove' | 'return', instance: string, detail: string) => void;

/** Endpoint counts of one service in the registry. */
export interface RegistryCounts {
  /** Entries registered, healthy or not. */
  readonly registered: number;
  /** Healthy entries: what the registry publishes to the balancer. */
  readonly healthy: number;
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
 *
 * The registry writes an event row when it marks an instance unhealthy,
 * removes it, and publishes it healthy again (`return`).
 */
export class RegistryHost {
  /** The registry's state. */
  readonly registry: ServiceRegistry;
  private readonly known = new Map<string, Instance>();
  /**
   * Instances in an eviction episode: marked unhealthy and not yet published
   * healthy again. An episode starts at the first mark and ends at the first
   * sweep that finds the instance healthy, so a skewed clock that re-marks it
   * after every heartbeat still makes one episode.
   */
  private readonly evicted = new Map<string, { readonly service: string; readonly since: Micros }>();
  private falseEpisodes = 0;
  private readonly label = eventLabel('heartbeat', BUILTIN_HOSTS.registry);
  private readonly round = (): void => this.heartbeatRound();
  private readonly removeAfter: Micros;

  constructor(
    private readonly sim: Simulation,
    private readonly network: Network,
    private readonly cluster: Cluster,
    private readonly spec: RegistrySpec,
    private readonly clockOf: (host: string) => HostClock | undefined,
    /** Delivers a service's endpoints to the load balancer (the caller sends them over the network). */
    private readonly publish: (service: string, endpoints: readonly Instance[]) => void,
    private readonly horizon: Micros,
    /** Where registry rows of the event log go. */
    private readonly log: RegistryLog = () => {},
  ) {
    this.removeAfter = spec.removeAfter ?? 3 * spec.ttl;
    this.registry = new ServiceRegistry({ ttl: spec.ttl, removeAfter: this.removeAfter });
  }

  /**
   * Eviction episodes of live, ready instances: times the registry stopped
   * publishing an instance that was serving, counted once per episode (from
   * the first mark to the sweep that finds it healthy again).
   */
  get falseEvictions(): number {
    return this.falseEpisodes;
  }

  /** Registered and healthy entries of a service now. */
  counts(service: string): RegistryCounts {
    const all = this.registry.discover(service, { healthyOnly: false });
    let healthy = 0;
    for (const e of all) if (e.healthy) healthy++;
    return { registered: all.length, healthy };
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
        this.evicted.delete(inst.id);
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
      const id = key.slice(key.indexOf('/') + 1);
      if (this.evicted.has(id)) continue;
      const inst = this.known.get(id);
      const serving = inst?.state === 'ready';
      this.evicted.set(id, { service: key.slice(0, key.indexOf('/')), since: this.sim.now });
      if (serving) this.falseEpisodes++;
      this.log(
        'mark-unhealthy',
        id,
        `no heartbeat within ttl ${seconds(this.spec.ttl)}s; the instance is ${inst?.state ?? 'gone'}${serving ? ' (live and ready: a false eviction)' : ''}`,
      );
    }
    for (const key of swept.removed) {
      const id = key.slice(key.indexOf('/') + 1);
      const inst = this.known.get(id);
      this.known.delete(id);
      // A dead instance never returns, so its episode ends here; a live one's lasts until it registers again.
      if (inst?.state !== 'ready') this.evicted.delete(id);
      this.log('remove', id, `no heartbeat within removeAfter ${seconds(this.removeAfter)}s; the instance is ${inst?.state ?? 'gone'}`);
    }
    for (const service of this.cluster.serviceNames()) this.publishService(service);
    if (this.sim.now + this.spec.heartbeatEvery <= this.horizon) this.sim.after(this.spec.heartbeatEvery, this.round, this.label);
  }

  private publishService(service: string): void {
    const endpoints: Instance[] = [];
    for (const e of this.registry.discover(service)) {
      const inst = this.known.get(e.instance);
      if (!inst) continue;
      endpoints.push(inst);
      const episode = this.evicted.get(e.instance);
      if (episode) {
        this.evicted.delete(e.instance);
        this.log('return', e.instance, `healthy again after ${seconds(this.sim.now - episode.since)}s unpublished`);
      }
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

function seconds(t: Micros): string {
  return String(Math.round(t / 1000) / 1000);
}
