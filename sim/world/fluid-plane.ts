import type { InstanceState } from '../../controllers/port/observations.js';
import type { Micros } from '../../lib/time.js';
import { SECOND } from '../../lib/time.js';
import type { RandomStream } from '../../lib/random.js';
import type { Cluster, Instance } from './cluster.js';
import type { SampleValues, ServicePlane, ServiceScrape } from './data-plane.js';
import { FluidService } from './fluid-service.js';
import { LoadBalancer } from './load-balancer.js';
import type { LoadSource } from './load-source.js';
import { baseLoadOf } from './ready-capacity.js';
import type { ReadyJournal } from './ready-journal.js';
import { RepeatedSum } from './repeated-sum.js';
import { HEALTHY_VERSION } from './version-profile.js';
import { ServiceCounters } from './service-counters.js';
import type { ServiceModel } from './service-model.js';

/** A version pool's capacity arithmetic, valid for one (cluster, balancer) revision pair. */
interface PoolSums {
  /** Cluster revision the sums were computed at. */
  clusterRev: number;
  /** Balancer revision the sums were computed at. */
  lbRev: number;
  /** Known endpoints no longer ready. */
  stale: number;
  /** Ready capacity, rps. */
  capacity: number;
  /** Mean effective service time of the ready endpoints, µs. */
  serviceTime: number;
  /** Ready endpoints. */
  ready: number;
}

/** One version's totals since the last scrape, shared out evenly to its instances' samples. */
interface VersionAccumulator {
  /** Requests served (busy capacity). */
  busy: number;
  /** Requests the version's capacity could have served. */
  capacity: number;
  /** Requests completed, served or failed. */
  requests: number;
  /** Requests that failed. */
  errors: number;
  /** Σ latency of served requests, µs. */
  latencySum: number;
}

/**
 * A service's data plane in fluid mode: per tick, offered load is split
 * across versions (by traffic weights, else by known endpoints, as a
 * round-robin balancer would), the share routed to endpoints that are no
 * longer ready fails as stale routes, and each version's pool of ready
 * endpoints is one fluid queue. Instances within a pool share work
 * evenly, so a slow instance lowers the pool's capacity rather than
 * building its own queue (request-level mode shows that).
 */
export class FluidPlane implements ServicePlane {
  readonly counters = new ServiceCounters();
  private readonly queues = new Map<string, FluidService>();
  private readonly lb: LoadBalancer<Instance>;
  private readonly acc = new Map<string, VersionAccumulator>();
  private arrivalsSinceScrape = 0;
  private readonly shareScratch = new Map<string, number>();
  private readonly pools = new Map<string, PoolSums>();
  /** The balancer's known endpoints, while they follow the ready journal (undefined after a full list: sums then scan). */
  private known: Set<Instance> | undefined = new Set();
  /** Per version, how many known endpoints are ready now. */
  private readonly knownReady = new Map<string, number>();
  /** Per version, Σ service time and Σ capacity of n nominal-speed endpoints, as the scan adds them. */
  private readonly nominalSums = new Map<string, { readonly time: RepeatedSum; readonly capacity: RepeatedSum }>();
  private readonly onKnownChange = (e: Instance, add: boolean): void => {
    this.known?.[add ? 'add' : 'delete'](e);
    if (e.state === 'ready') this.bumpKnownReady(e.version, add ? 1 : -1);
  };
  private readonly identity = (i: Instance): Instance => i;
  private routedCapacity = { clusterRev: -1, lbRev: -1, rps: 0 };
  /** True when some source draws Poisson arrival counts. */
  private readonly poissonNoise: boolean;
  /** Σ rpsPerInstance over n ready endpoints, added as the scan adds them. */
  private readonly nominalCapacity: RepeatedSum;

  constructor(
    private readonly name: string,
    private readonly model: ServiceModel,
    private readonly cluster: Cluster,
    private readonly sources: readonly LoadSource[],
    routeRng: RandomStream,
  ) {
    this.lb = new LoadBalancer<Instance>(
      model.spec.balancer ?? 'round-robin',
      routeRng,
      (i) => i.version,
      () => 0,
    );
    this.nominalCapacity = new RepeatedSum(model.rpsPerInstance);
    this.counters.noteVersion(model.spec.version);
    this.poissonNoise = sources.some((s) => s.spec.noise?.kind === 'poisson');
  }

  start(): void {}

  tick(now: Micros, dt: Micros): void {
    const seconds = dt / SECOND;
    const c = this.counters;
    let arrived = 0;
    // Poisson-drawn arrivals also carry the expected count, which the pool's queueing formula wants (see FluidService).
    let expected = 0;
    for (const s of this.sources) {
      arrived += s.fluidArrivals(now - dt, dt);
      if (this.poissonNoise) expected += (s.rate(now - dt) * dt) / SECOND;
    }
    c.arrived += arrived;
    this.arrivalsSinceScrape += arrived;

    // Shares by version: the weights if set, else each version's count of known endpoints.
    const shares = this.shareScratch;
    shares.clear();
    let routed = 0;
    const weights = this.lb.trafficWeights;
    if (weights) {
      for (const [v, w] of weights) {
        shares.set(v, w);
        routed += w;
      }
    } else {
      for (const [v, pool] of this.lb.versionPools()) {
        shares.set(v, pool.endpoints.length);
        routed += pool.endpoints.length;
      }
    }
    if (routed === 0 && arrived > 0) c.dropped += arrived;
    for (const [v, share] of shares) {
      const offered = routed > 0 ? (arrived * share) / routed : 0;
      this.tickVersion(v, offered, dt, seconds, this.poissonNoise ? (routed > 0 ? (expected * share) / routed : 0) : undefined);
    }
    // Versions no longer routed to still work off their backlog.
    for (const [v, q] of this.queues) if (!shares.has(v) && q.backlog > 0) this.tickVersion(v, 0, dt, seconds, this.poissonNoise ? 0 : undefined);
  }

  /** One version's pool for one tick; `expected` is its offered count before Poisson sampling, when that noise is on. */
  private tickVersion(v: string, offered: number, dt: Micros, seconds: number, expected: number | undefined): void {
    const c = this.counters;
    const eps = this.lb.endpointsOf(v);
    const profile = this.model.profile(v);
    const sums = this.poolSums(v);
    const stale = sums.stale;
    const cap = sums.capacity;
    let toQueue = offered;
    if (eps.length === 0) {
      c.dropped += offered;
      toQueue = 0;
    } else if (stale > 0) {
      const lost = (offered * stale) / eps.length;
      c.failed += lost;
      c.staleRoutes += lost;
      toQueue -= lost;
    }
    // As at request level, each ready instance holds at most queueLimit waiting requests (and the pool at most maxBacklog).
    const expectedRps = expected === undefined ? undefined : (expected * (toQueue / Math.max(offered, 1e-300))) / seconds;
    const r = this.queue(v).tick(dt, toQueue / seconds, cap, sums.serviceTime, this.model.concurrency, expectedRps, this.model.queueLimit * sums.ready);
    const errors = r.served * profile.errorRate;
    const ok = r.served - errors;
    c.failed += errors;
    c.dropped += r.dropped;
    const latencySum = ok > 0 && Number.isFinite(r.latency) ? ok * r.latency : 0;
    c.addServed(v, ok, latencySum);
    c.busy += r.served;
    c.capacity += r.canServe;
    const a = this.accumulator(v);
    a.busy += r.served;
    a.capacity += r.canServe;
    a.requests += r.served;
    a.errors += errors;
    a.latencySum += latencySum;
  }

  queued(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.backlog;
    return n;
  }

  inFlight(): number {
    return this.queued();
  }

  baseLoad(t: Micros): number {
    return baseLoadOf(this.sources, t);
  }

  /**
   * Capacity the balancer can use: the ready instances among the endpoints it
   * knows, so an instance the registry evicted (or has not yet published)
   * counts for nothing, as it serves nothing.
   */
  capacityRps(): number {
    const clusterRev = this.cluster.revision;
    const lbRev = this.lb.revision;
    if (this.routedCapacity.clusterRev !== clusterRev || this.routedCapacity.lbRev !== lbRev) {
      this.routedCapacity = { clusterRev, lbRev, rps: this.routedReadyCapacity() };
    }
    return this.routedCapacity.rps;
  }

  /**
   * The balancer's ready capacity: counted from the journal-fed ready counts when every
   * ready instance runs at nominal speed (each adds rpsPerInstance), scanned otherwise.
   */
  private routedReadyCapacity(): number {
    const spec = this.model.spec.version;
    if (this.known && this.cluster.offNominalReady(this.name) === 0 && this.model.profile(spec) === HEALTHY_VERSION) {
      return this.nominalCapacity.at(this.knownReady.get(spec) ?? 0);
    }
    return this.model.readyCapacity(this.lb.endpoints);
  }

  onInstanceChange(instance: Instance, from: InstanceState): void {
    this.counters.noteVersion(instance.version);
    const wasReady = from === 'ready';
    const isReady = instance.state === 'ready';
    if (wasReady !== isReady && this.known?.has(instance)) this.bumpKnownReady(instance.version, isReady ? 1 : -1);
  }

  setEndpoints(endpoints: readonly Instance[]): void {
    this.known = undefined;
    this.lb.setEndpoints(endpoints);
  }

  syncEndpoints(journal: ReadyJournal, version: number): void {
    if (!this.known) {
      this.known = new Set();
      this.knownReady.clear();
    }
    this.lb.syncEndpoints(journal, version, this.identity, this.onKnownChange);
  }

  private bumpKnownReady(version: string, by: number): void {
    this.knownReady.set(version, (this.knownReady.get(version) ?? 0) + by);
  }

  setWeights(weights: Readonly<Record<string, number>> | undefined): void {
    this.lb.setWeights(weights);
    for (const v of Object.keys(weights ?? {})) this.counters.noteVersion(v);
  }

  trafficWeights(): Readonly<Record<string, number>> | undefined {
    return this.lb.trafficWeightsRecord();
  }

  onLoadChanged(): void {}

  /** Fluid mode has rates, not requests, so no keys: experiments refuse a `cache` with fluid fidelity. */
  readonly routesByKey = false;

  setRouting(): void {
    throw new Error('fluid mode routes no requests by key');
  }

  cacheCounts(): undefined {
    return undefined;
  }

  extraMetrics(): Readonly<Record<string, number | null>> {
    return {};
  }

  /** Every ready instance of a version gets the version's totals shared out evenly: one sample object per version, none per instance. */
  scrape(instances: readonly Instance[]): ServiceScrape {
    const readyByVersion = new Map<string, number>();
    let version: string | undefined;
    let count = 0;
    for (let k = 0; k < instances.length; k++) {
      const v = instances[k]!.version;
      if (v !== version) {
        if (version !== undefined) readyByVersion.set(version, (readyByVersion.get(version) ?? 0) + count);
        version = v;
        count = 0;
      }
      count++;
    }
    if (version !== undefined) readyByVersion.set(version, (readyByVersion.get(version) ?? 0) + count);
    const perVersion = new Map<string, SampleValues>();
    for (const [v, n] of readyByVersion) {
      const a = this.acc.get(v);
      perVersion.set(v, {
        utilization: a && a.capacity > 0 ? a.busy / a.capacity : 0,
        requests: a ? a.requests / n : 0,
        errors: a ? a.errors / n : 0,
        latencySum: a ? a.latencySum / n : 0,
      });
    }
    this.acc.clear();
    const arrivals = this.arrivalsSinceScrape;
    this.arrivalsSinceScrape = 0;
    return { instances, perVersion, arrivals };
  }

  /** Stale count, capacity and mean service time of a version's known endpoints, recomputed only when the cluster or the balancer changed. */
  private poolSums(v: string): PoolSums {
    const clusterRev = this.cluster.revision;
    const lbRev = this.lb.revision;
    let sums = this.pools.get(v);
    if (sums && sums.clusterRev === clusterRev && sums.lbRev === lbRev) return sums;
    const eps = this.lb.endpointsOf(v);
    const profile = this.model.profile(v);
    const meanS = this.model.meanServiceTime;
    const rpsNominal = this.model.rpsPerInstance;
    if (this.known && this.cluster.slowReady(this.name) === 0) {
      // Every ready endpoint runs at nominal speed, so each adds the same terms the scan below would.
      const ready = this.knownReady.get(v) ?? 0;
      let terms = this.nominalSums.get(v);
      if (!terms) {
        const s = meanS * profile.slowdown + profile.latency;
        terms = { time: new RepeatedSum(s), capacity: new RepeatedSum(s > 0 ? (rpsNominal * meanS) / s : rpsNominal) };
        this.nominalSums.set(v, terms);
      }
      sums = {
        clusterRev,
        lbRev,
        stale: eps.length - ready,
        capacity: terms.capacity.at(ready),
        serviceTime: ready > 0 ? terms.time.at(ready) / ready : meanS + profile.latency,
        ready,
      };
      this.pools.set(v, sums);
      return sums;
    }
    let stale = 0;
    let cap = 0;
    let st = 0;
    let ready = 0;
    for (let k = 0; k < eps.length; k++) {
      const e = eps[k]!;
      if (e.state !== 'ready') {
        stale++;
        continue;
      }
      // ServiceModel.instanceServiceTime / instanceCapacity, inlined: the version's profile is the pool's.
      const s = meanS * e.slowdown * profile.slowdown + profile.latency;
      ready++;
      st += s;
      cap += s > 0 ? (rpsNominal * meanS) / s : rpsNominal;
    }
    sums = { clusterRev, lbRev, stale, capacity: cap, serviceTime: ready > 0 ? st / ready : meanS + profile.latency, ready };
    this.pools.set(v, sums);
    return sums;
  }

  private queue(version: string): FluidService {
    let q = this.queues.get(version);
    if (!q) {
      q = new FluidService(this.model.spec.capacity.maxBacklog);
      this.queues.set(version, q);
    }
    return q;
  }

  private accumulator(version: string): VersionAccumulator {
    let a = this.acc.get(version);
    if (!a) {
      a = { busy: 0, capacity: 0, requests: 0, errors: 0, latencySum: 0 };
      this.acc.set(version, a);
    }
    return a;
  }
}
