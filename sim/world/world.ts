import type { Action, Decision } from '../../controllers/port/actions.js';
import type { InstanceState, ObservedState } from '../../controllers/port/observations.js';
import type { ApplyOutcome } from '../../controllers/port/runtime.js';
import type { Micros } from '../../lib/time.js';
import { MINUTE, SECOND } from '../../lib/time.js';
import { InvariantViolation } from '../engine/errors.js';
import { sampler } from '../distribution.js';
import { eventLabel } from '../engine/event-label.js';
import { HostClock } from '../network/host-clock.js';
import { Network } from '../network/network.js';
import { UnknownHostError } from '../network/topology.js';
import { RandomStream } from '../../lib/random.js';
import { Simulation } from '../engine/simulation.js';
import type { WorldPort } from '../virtual-runtime.js';
import { Churn } from './churn.js';
import type { Instance } from './cluster.js';
import { Cluster } from './cluster.js';
import type { ServicePlane } from './data-plane.js';
import { Faults } from './faults.js';
import { FluidPlane } from './fluid-plane.js';
import { BUILTIN_HOSTS, controllerHost, worldTopology } from './hosts.js';
import type { LoadFactor } from './load-source.js';
import { LoadSource } from './load-source.js';
import { MetricsPipeline } from './metrics-pipeline.js';
import { ApiServer } from './api-server.js';
import { Observations } from './observations.js';
import { RegistryHost } from './registry-host.js';
import { RequestPlane } from './request-plane.js';
import type { RunSummary } from './run-metrics.js';
import { RunMetrics } from './run-metrics.js';
import type { TickInput } from './run-metrics.js';
import { Scenario } from './scenario.js';
import type { MutableCounters } from './service-counters.js';
import { ZERO_COUNTERS } from './service-counters.js';
import { ServiceModel } from './service-model.js';
import type { RowSink } from './timeseries-sampler.js';
import { TimeseriesSampler } from './timeseries-sampler.js';
import type { ChurnSpec, Fidelity, WorldSpec } from './world-spec.js';

export type { Row, RowSink } from './timeseries-sampler.js';
export { TIMESERIES_COLUMNS } from './timeseries-sampler.js';
export type { Fidelity, WorldSpec } from './world-spec.js';

/** Active-probe period when a service gives none: Kubernetes' default periodSeconds. */
export const DEFAULT_PROBE_PERIOD: Micros = 10 * SECOND;

/**
 * Same-time ordering inside the world (lower first): the data plane moves
 * over the tick that ends now, then scenario faults apply, then metrics are
 * scraped, then controllers' timers run (0), then the sampler records, so a
 * scrape or a row at time t includes the tick that ends at t.
 */
const PRIORITY = { dataPlane: -2, fault: -1.5, scrape: -1, sample: 1 } as const;

/** Names of the event-log columns, in order. */
export const EVENT_COLUMNS = ['time_s', 'controller', 'type', 'action', 'target', 'from', 'to', 'reason'] as const;

/** Request accounting of one service at one instant: arrived = served + dropped + failed + inFlight. */
export interface Accounting {
  /** Requests offered so far. */
  readonly arrived: number;
  /** Served successfully. */
  readonly served: number;
  /** Dropped (queue full, no endpoint). */
  readonly dropped: number;
  /** Failed (bad version, stale route, lost with a dead instance). */
  readonly failed: number;
  /** Of the failed, those routed to an endpoint that was no longer ready. */
  readonly staleRoutes: number;
  /** Queued or in service now. */
  readonly inFlight: number;
}

/** One service at run time. */
interface ServiceRuntime {
  /** Service name. */
  readonly name: string;
  /** Its capacity arithmetic. */
  readonly model: ServiceModel;
  /** Its data plane (fluid or request-level). */
  readonly plane: ServicePlane;
  /** Multiplier on its offered load (scale-load). */
  readonly factor: LoadFactor;
  /** Totals as of the previous tick (overwritten in place). */
  readonly lastTick: MutableCounters;
}

/**
 * The simulated world: a cluster of services under load, at fluid or request
 * fidelity, a network of named hosts carrying metrics and endpoint updates,
 * per-host clocks, churn and a scenario of faults, and the bookkeeping that
 * turns a run into time series, an event log and a summary. Controllers
 * reach it only through a runtime adapter (`observe`, `apply`, `log`).
 *
 * Every random stream is a named fork of the root: `startup/<service>`,
 * `load/<service>/<i>` (and its `arrivals`, `mmpp`, `poisson` forks),
 * `service/<service>`, `route/<service>`, `errors/<service>`,
 * `crash/<instance>`, `scenario/...`, `network/<from>><to>`.
 */
export class World implements WorldPort {
  /** The engine that drives everything. */
  readonly sim: Simulation;
  /** Root random stream; every component forks its own. */
  readonly rng: RandomStream;
  /** The network between hosts. */
  readonly network: Network;
  /** Services and instances. */
  readonly cluster: Cluster;
  /** Fault verbs, for code inside a simulation. */
  readonly faults: Faults;
  /** The data-plane fidelity. */
  readonly fidelity: Fidelity;
  private readonly services: ServiceRuntime[];
  private readonly byName: Map<string, ServiceRuntime>;
  private readonly pipeline: MetricsPipeline;
  private readonly metrics: RunMetrics;
  private readonly sampler: TimeseriesSampler;
  private readonly scenario: Scenario;
  private readonly churn: Churn;
  private readonly registry: RegistryHost | undefined;
  private readonly clocks = new Map<string, HostClock>();
  private readonly observations: Observations;
  private readonly api: ApiServer;
  private readonly tickLabel = eventLabel('tick', 'data-plane');
  private readonly sampleLabel = eventLabel('sample', 'sampler');
  private readonly resyncLabel = eventLabel('resync', BUILTIN_HOSTS.registry);
  private readonly tickFn = (): void => this.tick();
  private readonly sampleFn = (): void => this.sample();
  /** Scratch for the per-tick summary input, reused so a tick allocates nothing. */
  private readonly tickStats: { -readonly [K in keyof TickInput]: TickInput[K] } = {
    arrived: 0,
    served: 0,
    dropped: 0,
    failed: 0,
    utilization: 0,
    latency: 0,
    underProvisioned: false,
    offered: 0,
    capacity: 0,
    live: 0,
    ready: 0,
  };

  constructor(
    readonly spec: WorldSpec,
    private readonly sinks: { readonly timeseries: RowSink; readonly events: RowSink },
  ) {
    this.sim = new Simulation({ checkpointEvery: MINUTE });
    this.rng = RandomStream.root(spec.seed);
    this.fidelity = spec.fidelity ?? 'fluid';
    this.metrics = new RunMetrics(
      10 * MINUTE,
      { from: spec.analysis?.warmup ?? 0, ...(spec.analysis?.window !== undefined ? { to: (spec.analysis.warmup ?? 0) + spec.analysis.window } : {}) },
      () => this.sim.now,
      spec.sloTarget,
    );

    const controllers = spec.controllers ?? [];
    const zones = [...new Set(spec.services.flatMap((s) => s.zones))];
    const net = spec.network ?? {};
    const topology = worldTopology({ controllers, zones, regions: net.regions ?? {}, hosts: net.hosts ?? [] });
    this.network = new Network(
      this.sim,
      { ...topology, defaultLatency: net.defaultLatency ?? { kind: 'constant', value: 0 }, defaultLoss: net.defaultLoss ?? 0, links: net.links ?? [] },
      this.rng.fork('network'),
    );
    for (const [name, clock] of Object.entries(spec.clocks ?? {})) {
      for (const host of this.network.topology.resolve([name])) this.clocks.set(host, new HostClock(clock));
    }

    const startup = new Map(spec.services.map((s) => [s.name, sampler(s.startupDelay, this.rng.fork(`startup/${s.name}`))]));
    const drainTimes = new Map(spec.services.map((s) => [s.name, s.drainTime ?? spec.drainTime ?? 30 * SECOND]));
    this.cluster = new Cluster(
      this.sim,
      { startupDelay: (name) => startup.get(name)!, drainTime: (name) => drainTimes.get(name)! },
      { onStateChange: (inst, from) => this.onStateChange(inst, from) },
    );

    this.services = spec.services.map((s) => {
      const model = new ServiceModel(s);
      const factor: LoadFactor = { value: 1 };
      const sources = s.load.map((l, i) => new LoadSource(l, this.rng.fork(`load/${s.name}/${i}`), factor));
      const plane: ServicePlane =
        this.fidelity === 'request'
          ? new RequestPlane(
              this.sim,
              s.name,
              model,
              this.cluster,
              sources,
              {
                service: this.rng.fork(`service/${s.name}`),
                route: this.rng.fork(`route/${s.name}`),
                errors: this.rng.fork(`errors/${s.name}`),
                keys: this.rng.fork(`keys/${s.name}`),
              },
              spec.horizon,
            )
          : new FluidPlane(s.name, model, this.cluster, sources, this.rng.fork(`route/${s.name}`));
      return { name: s.name, model, plane, factor, lastTick: { ...ZERO_COUNTERS } };
    });
    this.byName = new Map(this.services.map((s) => [s.name, s]));

    const churnSpecs = new Map<string, ChurnSpec>();
    for (const s of spec.services) if (s.churn) churnSpecs.set(s.name, s.churn);
    this.churn = new Churn(this.sim, this.cluster, this.rng, churnSpecs, spec.horizon, (inst) =>
      this.logRow('churn', 'fault', 'crash', inst.id, '', '', `random crash (mtbf) after ${(this.sim.now - inst.createdAt) / SECOND}s`),
    );

    this.faults = new Faults({
      cluster: this.cluster,
      network: this.network,
      restartDelay: (service) => churnSpecs.get(service)?.restartDelay ?? 0,
      setLoadFactor: (service, f) => this.setLoadFactor(service, f),
      clocks: (name) => this.network.topology.resolve([name]).map((h) => this.clockFor(h)),
      log: (action, target, detail) => this.logRow('scenario', 'fault', action, target, '', '', detail),
    });

    this.registry = this.makeRegistry();
    for (const s of spec.services) {
      this.cluster.addService({ name: s.name, initialReplicas: s.initialReplicas, zones: s.zones, version: s.version });
    }

    this.pipeline = new MetricsPipeline(
      this.sim,
      this.network,
      spec.metrics,
      {
        services: () => this.cluster.serviceNames(),
        scrape: (service) => this.byName.get(service)!.plane.scrape(this.cluster.live(service).filter((i) => i.state === 'ready')),
        readyMark: () => this.cluster.readyMark,
      },
      controllers.map(controllerHost),
      PRIORITY.scrape,
    );
    const registry = this.registry;
    const planes = new Map(this.services.map((s) => [s.name, s.plane]));
    this.sampler = new TimeseriesSampler(sinks.timeseries, this.cluster, planes, this.fidelity, registry && ((service) => registry.counts(service)));
    this.scenario = new Scenario(this.sim, this.faults, spec.scenario ?? [], this.rng, PRIORITY.fault);
    this.observations = new Observations({
      now: () => this.sim.now,
      network: this.network,
      cluster: this.cluster,
      pipeline: this.pipeline,
      services: this.services,
      probePeriods: new Map(spec.services.map((s) => [s.name, s.probePeriod ?? DEFAULT_PROBE_PERIOD])),
    });
    this.api = new ApiServer({
      network: this.network,
      cluster: this.cluster,
      planes,
      scaled: (from, to) => this.metrics.scaled(from, to),
      log: (...row) => this.logRow(...row),
    });
  }

  /** The heartbeat registry, when the spec runs one (the world must exist before instances register). */
  private makeRegistry(): RegistryHost | undefined {
    const r = this.spec.network?.registry;
    if (!r) return undefined;
    return new RegistryHost(
      this.sim,
      this.network,
      this.cluster,
      r,
      (h) => this.clocks.get(h),
      (service, endpoints) => this.sendEndpoints(service, endpoints),
      this.spec.horizon,
      (action, target, detail) => this.logRow(BUILTIN_HOSTS.registry, 'registry', action, target, '', '', detail),
    );
  }

  /** Starts the data plane, the pipeline, the registry, the scenario and the sampler. Controllers are started by the caller. */
  start(): void {
    this.pipeline.start();
    for (const s of this.services) s.plane.start();
    this.scenario.start();
    this.sim.after(this.spec.tick, this.tickFn, this.tickLabel, PRIORITY.dataPlane);
    this.sim.after(this.spec.sampleEvery, this.sampleFn, this.sampleLabel, PRIORITY.sample);
    const resync = this.spec.network?.resyncEvery ?? 10 * SECOND;
    if (this.registry) this.registry.start();
    else if (resync > 0) this.sim.after(resync, () => this.resync(resync), this.resyncLabel);
  }

  /** Runs to the horizon and returns the summary. */
  runToHorizon(): RunSummary {
    this.sim.run({ until: this.spec.horizon });
    let staleRoutes = 0;
    for (const s of this.services) staleRoutes += s.plane.counters.staleRoutes;
    return this.metrics.finish(this.spec.horizon, { staleRoutes, falseEvictions: this.registry?.falseEvictions ?? 0 });
  }

  /**
   * Per-service metrics beyond the fixed summary, as `<service>.<metric>`:
   * only services with a feature that measures something extra report here.
   */
  serviceMetrics(): Record<string, number | null> {
    const out: Record<string, number | null> = {};
    for (const { name, plane } of this.services) {
      for (const [metric, value] of Object.entries(plane.extraMetrics(this.sim.now))) out[`${name}.${metric}`] = value;
    }
    return out;
  }

  /** The run's root seed. */
  get seed(): string {
    return this.spec.seed;
  }

  /** Request accounting of a service now. */
  accounting(service: string): Accounting {
    const s = this.runtime(service);
    const c = s.plane.counters;
    return { arrived: c.arrived, served: c.served, dropped: c.dropped, failed: c.failed, staleRoutes: c.staleRoutes, inFlight: s.plane.inFlight() };
  }

  /** The clock of a host, if the spec gave it one. */
  clockOf(host: string): HostClock | undefined {
    return this.clocks.get(host);
  }

  /**
   * A read-only snapshot as seen from `host`, stamped `now` on the host's
   * clock (see `Observations.observe`).
   */
  observe(now: Micros, host?: string): ObservedState {
    return this.observations.observe(now, host);
  }

  /** Applies a controller's action, sent from its host to the `api` host (see `ApiServer.apply`). */
  apply(controller: string, action: Action): ApplyOutcome {
    return this.api.apply(controller, action);
  }

  /** Records a controller decision. */
  log(decision: Decision): void {
    this.logRow(decision.controller, 'decision', decision.outcome, '', '', '', decision.reason);
  }

  private logRow(controller: string, type: string, action: string, target: string, from: number | string, to: number | string, reason: string): void {
    this.sinks.events.write({ time_s: this.sim.now / SECOND, controller, type, action, target, from, to, reason });
  }

  private runtime(service: string): ServiceRuntime {
    const s = this.byName.get(service);
    if (!s) throw new Error(`unknown service ${service}`);
    return s;
  }

  private clockFor(host: string): HostClock {
    let c = this.clocks.get(host);
    if (!c) {
      if (!this.network.topology.has(host)) throw new UnknownHostError(host, this.network.topology.names());
      this.clocks.set(host, (c = new HostClock()));
    }
    return c;
  }

  private setLoadFactor(service: string, factor: number): void {
    const s = this.runtime(service);
    s.factor.value = factor;
    s.plane.onLoadChanged();
  }

  private onStateChange(inst: Instance, from: InstanceState): void {
    const s = this.byName.get(inst.service);
    if (!s) return;
    s.plane.onInstanceChange(inst, from);
    if (from === 'pending') this.churn.onCreated(inst);
    if (inst.state === 'terminated' || inst.state === 'crashed') this.metrics.removed((inst.endedAt ?? this.sim.now) - inst.createdAt);
    if (this.registry) this.registry.onStateChange(inst, from);
    else if (inst.state === 'ready' || from === 'ready') this.publishEndpoints(inst.service);
  }

  /** The ideal registry tells the load balancer a service's ready endpoints, over the network. */
  private publishEndpoints(service: string): void {
    // The update names a version of the ready journal: O(1) to send, O(changes) to apply.
    const s = this.runtime(service);
    const journal = this.cluster.readyJournal(service);
    const version = journal.version;
    this.network.send(BUILTIN_HOSTS.registry, BUILTIN_HOSTS.lb, () => s.plane.syncEndpoints(journal, version));
  }

  private sendEndpoints(service: string, endpoints: readonly Instance[]): void {
    const s = this.runtime(service);
    this.network.send(BUILTIN_HOSTS.registry, BUILTIN_HOSTS.lb, () => s.plane.setEndpoints(endpoints));
  }

  private resync(every: Micros): void {
    for (const s of this.services) this.publishEndpoints(s.name);
    if (this.sim.now + every <= this.spec.horizon) this.sim.after(every, () => this.resync(every), this.resyncLabel);
  }

  private tick(): void {
    const dt = this.spec.tick;
    const now = this.sim.now;
    const t = this.tickStats;
    for (const s of this.services) {
      s.plane.tick(now, dt);
      const c = s.plane.counters;
      const l = s.lastTick;
      const served = c.served - l.served;
      const capacity = c.capacity - l.capacity;
      t.arrived = c.arrived - l.arrived;
      t.served = served;
      t.dropped = c.dropped - l.dropped;
      t.utilization = capacity > 0 ? (c.busy - l.busy) / capacity : 0;
      t.latency = served > 0 ? (c.latencySum - l.latencySum) / served : s.plane.inFlight() > 0.5 ? Number.POSITIVE_INFINITY : 0;
      t.failed = c.failed - l.failed;
      t.offered = s.plane.baseLoad(now - dt);
      t.capacity = s.plane.capacityRps();
      t.underProvisioned = t.offered > t.capacity;
      t.live = this.cluster.live(s.name).length;
      t.ready = this.cluster.count(s.name, 'ready');
      c.copyInto(l);
      // At request level every served request's latency goes to the run-level percentiles; fluid mode has none.
      if (this.fidelity === 'request') t.requestLatencies = c.tickLatencies;
      this.metrics.tick(now, dt, t, this.spec.sloLatency);
      c.tickLatencies.reset();
    }
    if (now + dt <= this.spec.horizon) this.sim.after(dt, this.tickFn, this.tickLabel, PRIORITY.dataPlane);
  }

  private sample(): void {
    const now = this.sim.now;
    for (const s of this.services) this.checkAccounting(s.name);
    this.sampler.sample(now);
    if (now + this.spec.sampleEvery <= this.spec.horizon) this.sim.after(this.spec.sampleEvery, this.sampleFn, this.sampleLabel, PRIORITY.sample);
  }

  /** Every request is served, dropped, failed or in flight; anything else is a bug that stops the run. */
  private checkAccounting(service: string): void {
    const a = this.accounting(service);
    const gap = a.arrived - (a.served + a.dropped + a.failed + a.inFlight);
    if (Math.abs(gap) > 1e-6 * Math.max(1, a.arrived)) {
      throw new InvariantViolation(
        `${service}: arrived ${a.arrived} ≠ served ${a.served} + dropped ${a.dropped} + failed ${a.failed} + in flight ${a.inFlight}`,
        this.sim.now,
        this.spec.seed,
      );
    }
  }
}
