import type { InstanceState } from '../../controllers/port/observations.js';
import type { Micros } from '../../lib/time.js';
import type { Sampler } from '../distribution.js';
import { sampler } from '../distribution.js';
import { eventLabel } from '../engine/event-label.js';
import type { RandomStream } from '../../lib/random.js';
import type { Simulation } from '../engine/simulation.js';
import type { KeyRouter } from '../../lib/cache/cache-replay.js';
import { ArrivalProcess } from './arrival-process.js';
import { KeyedCaches } from './keyed-caches.js';
import type { Cluster, Instance } from './cluster.js';
import type { SampleValues, ServicePlane, ServiceScrape } from './data-plane.js';
import { LoadBalancer } from './load-balancer.js';
import type { LoadSource } from './load-source.js';
import type { RequestServerHost } from './request-server.js';
import { RequestServer } from './request-server.js';
import { ReadyCapacity, baseLoadOf } from './ready-capacity.js';
import type { ReadyJournal } from './ready-journal.js';
import { ServiceCounters } from './service-counters.js';
import type { ServiceModel } from './service-model.js';
import type { VersionTally } from './service-counters.js';
import type { VersionProfile } from './version-profile.js';

/** What the plane keeps on each server: its version's behaviour and served tally. */
interface ServerContext {
  /** The version's profile. */
  readonly profile: VersionProfile;
  /** The version's served tally. */
  readonly tally: VersionTally;
}

/** A request server of this plane. */
type Server = RequestServer<ServerContext>;

/** The streams a request-level plane draws from, each forked by name from the world's root. */
export interface RequestPlaneStreams {
  /** Service times (`service/<name>`). */
  readonly service: RandomStream;
  /** Routing draws (`route/<name>`). */
  readonly route: RandomStream;
  /** Bad-version error draws (`errors/<name>`). */
  readonly errors: RandomStream;
  /** Request keys, for a service with caches (`keys/<name>`). */
  readonly keys: RandomStream;
}

/**
 * A service's data plane at request level: every request is an arrival event
 * (one thinned Poisson process per load source), a routing decision by the
 * load balancer over the endpoints it knows, a FIFO queue and a slot on one
 * instance, and a completion event. Latencies are recorded exactly.
 *
 * A request routed to an endpoint that is no longer ready (the balancer's
 * view lags the cluster) is a stale route: counted, and failed, never lost.
 *
 * A service with a `cache` gives every request a key and every instance an
 * LRU cache (KeyedCaches). Once a controller has set a routing table, a
 * request goes to the instance its key maps to, bypassing the balancer; a
 * table naming an instance that is not ready makes a stale route too.
 */
export class RequestPlane implements ServicePlane, RequestServerHost<ServerContext> {
  readonly counters = new ServiceCounters();
  private readonly lb: LoadBalancer<Server>;
  private readonly servers = new WeakMap<Instance, Server>();
  /** Live servers by instance id, for routing by key. */
  private readonly serversById = new Map<string, Server>();
  private readonly caches: KeyedCaches | undefined;
  private readonly live = new Set<Server>();
  private readonly processes: ArrivalProcess[];
  private readonly drawServiceTime: Sampler;
  private readonly profiles = new Map<string, VersionProfile>();
  private slotBusy = 0;
  private slotCapacity = 0;
  private lastIntegration: Micros;
  private arrivalsSinceScrape = 0;
  private readonly readyCapacity: ReadyCapacity;
  private routedCapacity = { clusterRev: -1, lbRev: -1, rps: 0 };
  /** Requests waiting in any instance's queue. */
  private waiting = 0;
  /** Waiting requests past which arrivals that would wait are dropped (`capacity.maxBacklog`). */
  private readonly maxBacklog: number;
  private readonly arrive = (): void => this.route();
  private readonly serverOf = (inst: Instance): Server | undefined => this.servers.get(inst);

  constructor(
    /** The engine. */
    readonly sim: Simulation,
    private readonly name: string,
    private readonly model: ServiceModel,
    private readonly cluster: Cluster,
    private readonly sources: readonly LoadSource[],
    private readonly streams: RequestPlaneStreams,
    horizon: Micros,
  ) {
    this.lastIntegration = sim.now;
    this.maxBacklog = model.spec.capacity.maxBacklog;
    this.readyCapacity = new ReadyCapacity(cluster, name, model);
    this.lb = new LoadBalancer<Server>(
      model.spec.balancer ?? 'round-robin',
      streams.route,
      (s) => s.instance.version,
      (s) => s.outstanding,
    );
    this.drawServiceTime = sampler(model.serviceTime, streams.service);
    this.processes = sources.map(
      (s, i) => new ArrivalProcess(sim, s, s.rng.fork('arrivals'), eventLabel('arrival', `load/${name}/${i}`), this.arrive, horizon),
    );
    this.counters.noteVersion(model.spec.version);
    this.caches = model.spec.cache ? new KeyedCaches(model.spec.cache, streams.keys, sim.now) : undefined;
  }

  get routesByKey(): boolean {
    return this.caches !== undefined;
  }

  setRouting(table: KeyRouter): void {
    if (!this.caches) throw new Error(`service ${this.name} has no request keys to route by`);
    this.caches.setTable(table);
  }

  cacheCounts(): { readonly hits: number; readonly lookups: number } | undefined {
    return this.caches ? { hits: this.caches.hits, lookups: this.caches.lookups } : undefined;
  }

  extraMetrics(now: Micros): Readonly<Record<string, number | null>> {
    return this.caches ? this.caches.metrics(now) : {};
  }

  start(): void {
    for (const p of this.processes) p.start();
  }

  tick(): void {
    this.integrate();
    // Draining instances that went idle without a completion to notice it (e.g. drained while idle).
    for (const s of this.live) if (s.instance.state === 'draining' && s.outstanding === 0) this.cluster.finishDrain(s.instance);
  }

  queued(): number {
    let n = 0;
    for (const s of this.live) n += s.queued;
    return n;
  }

  inFlight(): number {
    let n = 0;
    for (const s of this.live) n += s.outstanding;
    return n;
  }

  baseLoad(t: Micros): number {
    return baseLoadOf(this.sources, t);
  }

  /**
   * Capacity the balancer can use: the ready instances among the endpoints it
   * knows, so an instance the registry evicted (or has not yet published)
   * counts for nothing. A keyed service routes by its table instead, so its
   * capacity is every ready instance.
   */
  capacityRps(): number {
    if (this.caches) return this.readyCapacity.rps();
    const clusterRev = this.cluster.revision;
    const lbRev = this.lb.revision;
    if (this.routedCapacity.clusterRev !== clusterRev || this.routedCapacity.lbRev !== lbRev) {
      const eps = this.lb.endpoints;
      const instances: Instance[] = new Array<Instance>(eps.length);
      for (let k = 0; k < eps.length; k++) instances[k] = eps[k]!.instance;
      this.routedCapacity = { clusterRev, lbRev, rps: this.model.readyCapacity(instances) };
    }
    return this.routedCapacity.rps;
  }

  onInstanceChange(inst: Instance, from: InstanceState): void {
    this.counters.noteVersion(inst.version);
    if (inst.state === 'ready' && from !== 'ready') {
      let server = this.servers.get(inst);
      if (!server) {
        const context: ServerContext = { profile: this.profile(inst.version), tally: this.counters.tally(inst.version) };
        server = new RequestServer(inst, this.model.concurrency, this.model.queueLimit, this, eventLabel('complete', inst.id), context);
        this.servers.set(inst, server);
        this.serversById.set(inst.id, server);
        this.live.add(server);
      }
      this.integrate();
      this.slotCapacity += server.concurrency;
    } else if (from === 'ready' && inst.state !== 'ready') {
      this.integrate();
      this.slotCapacity -= this.model.concurrency;
    }
    if (inst.state === 'crashed' || inst.state === 'terminated') {
      const server = this.servers.get(inst);
      if (server) {
        this.counters.failed += server.kill();
        this.lb.loadChanged(server);
        this.live.delete(server);
        this.serversById.delete(inst.id);
      }
      this.caches?.forget(inst.id);
    }
  }

  setEndpoints(endpoints: readonly Instance[]): void {
    const servers: Server[] = [];
    for (const e of endpoints) {
      const s = this.servers.get(e);
      if (s) servers.push(s);
    }
    this.lb.setEndpoints(servers);
  }

  syncEndpoints(journal: ReadyJournal, version: number): void {
    this.lb.syncEndpoints(journal, version, this.serverOf);
  }

  setWeights(weights: Readonly<Record<string, number>> | undefined): void {
    this.lb.setWeights(weights);
    for (const v of Object.keys(weights ?? {})) this.counters.noteVersion(v);
  }

  trafficWeights(): Readonly<Record<string, number>> | undefined {
    return this.lb.trafficWeightsRecord();
  }

  onLoadChanged(): void {
    for (const p of this.processes) p.reset();
  }

  scrape(instances: readonly Instance[]): ServiceScrape {
    const sampled: Instance[] = [];
    const samples: SampleValues[] = [];
    for (const i of instances) {
      const s = this.servers.get(i);
      if (!s) continue;
      sampled.push(i);
      samples.push(s.takeSample());
    }
    const arrivals = this.arrivalsSinceScrape;
    this.arrivalsSinceScrape = 0;
    return { instances: sampled, samples, arrivals };
  }

  // RequestServerHost

  serviceTime(server: Server, extra: Micros): Micros {
    const inst = server.instance;
    const p = server.context.profile;
    return Math.max(0, Math.round(this.drawServiceTime() * inst.slowdown * p.slowdown + p.latency + extra));
  }

  completed(server: Server, arrivedAt: Micros): void {
    this.lb.loadChanged(server);
    const latency = this.sim.now - arrivedAt;
    const p = server.context.profile;
    if (p.errorRate > 0 && this.streams.errors.next() < p.errorRate) {
      this.counters.failed++;
      server.noteOutcome(true, latency);
      return;
    }
    this.counters.addServedTo(server.context.tally, 1, latency);
    this.counters.window.record(latency);
    this.counters.tickLatencies.record(latency);
    server.noteOutcome(false, latency);
  }

  busyChanged(_server: Server, delta: number): void {
    this.integrate();
    this.slotBusy += delta;
  }

  waitingChanged(delta: number): void {
    this.waiting += delta;
  }

  idle(server: Server): void {
    if (server.instance.state === 'draining') this.cluster.finishDrain(server.instance);
  }

  private route(): void {
    const c = this.counters;
    c.arrived++;
    this.arrivalsSinceScrape++;
    const caches = this.caches;
    if (caches === undefined) {
      this.deliver(this.lb.pick(), 0);
      return;
    }
    const key = caches.nextKey();
    const table = caches.table;
    let server: Server | undefined;
    if (table === undefined) {
      server = this.lb.pick();
    } else if (table.members.length > 0) {
      server = this.serversById.get(caches.ownerOf(key));
      if (server === undefined) {
        // The table names an instance that never became ready or is gone.
        c.staleRoutes++;
        c.failed++;
        return;
      }
    }
    if (server === undefined || server.dead || server.instance.state !== 'ready' || server.full) {
      this.deliver(server, 0);
      return;
    }
    this.deliver(server, caches.lookup(server.instance.id, key, this.sim.now));
  }

  /** Hands one request to `server` (undefined: nowhere to route, dropped), with `extra` µs of service. */
  private deliver(server: Server | undefined, extra: Micros): void {
    const c = this.counters;
    if (server === undefined) {
      c.dropped++;
      return;
    }
    if (server.dead || server.instance.state !== 'ready') {
      c.staleRoutes++;
      c.failed++;
      return;
    }
    // The service-wide backlog limit, as fluid mode's maxBacklog: a request that would wait beyond it is dropped.
    if (this.waiting >= this.maxBacklog && server.saturated) {
      c.dropped++;
      return;
    }
    if (server.offer(this.sim.now, extra)) this.lb.loadChanged(server);
    else c.dropped++;
  }

  private integrate(): void {
    const now = this.sim.now;
    const dt = now - this.lastIntegration;
    if (dt > 0) {
      this.counters.busy += this.slotBusy * dt;
      this.counters.capacity += this.slotCapacity * dt;
      this.lastIntegration = now;
    }
  }

  private profile(version: string): VersionProfile {
    let p = this.profiles.get(version);
    if (!p) {
      p = this.model.profile(version);
      this.profiles.set(version, p);
    }
    return p;
  }
}
