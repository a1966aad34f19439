import type { Action, Decision } from '../../controllers/port/actions.js';
import type { MetricSample, ObservedState, ServiceView } from '../../controllers/port/observations.js';
import type { ApplyOutcome } from '../../controllers/port/runtime.js';
import type { Micros } from '../../controllers/port/time.js';
import { MINUTE, SECOND } from '../../controllers/port/time.js';
import type { DistributionSpec } from '../distribution.js';
import { sampler } from '../distribution.js';
import { eventLabel } from '../event-label.js';
import { RandomStream } from '../random.js';
import { Simulation } from '../simulation.js';
import { Cluster } from './cluster.js';
import type { FluidCapacity } from './fluid-service.js';
import { FluidService } from './fluid-service.js';
import type { LoadFunction, LoadShapeSpec } from './load.js';
import { sumOf } from './load.js';
import type { MetricsPipelineSpec } from './metrics-pipeline.js';
import { MetricsPipeline } from './metrics-pipeline.js';
import type { RunSummary } from './run-metrics.js';
import { RunMetrics, round } from './run-metrics.js';

/** One service of the world. */
export interface WorldServiceSpec {
  /** Service name. */
  readonly name: string;
  /** Ready instances at t = 0. */
  readonly initialReplicas: number;
  /** Zones instances are spread over. */
  readonly zones: readonly string[];
  /** Version new instances run. */
  readonly version: string;
  /** Per-instance capacity. */
  readonly capacity: FluidCapacity;
  /** Start-up delay of a new instance, µs. */
  readonly startupDelay: DistributionSpec;
  /** Offered load, summed over the shapes. */
  readonly load: readonly LoadShapeSpec[];
}

/** Everything the world needs, in engine units (µs). */
export interface WorldSpec {
  /** Root seed. */
  readonly seed: string;
  /** Virtual time the run covers. */
  readonly horizon: Micros;
  /** Data-plane step. */
  readonly tick: Micros;
  /** Interval of time-series rows. */
  readonly sampleEvery: Micros;
  /** Latency SLO on mean latency. */
  readonly sloLatency: Micros;
  /** How long a draining instance lingers. */
  readonly drainTime: Micros;
  /** Metrics pipeline. */
  readonly metrics: MetricsPipelineSpec;
  /** Services, in declaration order. */
  readonly services: readonly WorldServiceSpec[];
}

/** A row of an output table. */
export type Row = Readonly<Record<string, string | number>>;

/** Where the world streams rows; the experiment layer writes them to CSV. */
export interface RowSink {
  write(row: Row): void;
}

/**
 * Same-time ordering inside the world (lower first): the data plane moves,
 * then metrics are scraped, then the sampler records, so a scrape or a row at
 * time t includes the tick that ends at t. Controllers' timers use 0.
 */
export const PRIORITY = { dataPlane: -2, scrape: -1, sample: 1 } as const;

/** Names of the time-series columns, in order. */
export const TIMESERIES_COLUMNS = [
  'time_s', 'service', 'load_rps', 'capacity_rps', 'ready', 'desired', 'live', 'utilization', 'backlog', 'latency_ms', 'served', 'dropped',
] as const;

/** Names of the event-log columns, in order. */
export const EVENT_COLUMNS = ['time_s', 'controller', 'type', 'action', 'target', 'from', 'to', 'reason'] as const;

interface ServiceRuntime {
  readonly spec: WorldServiceSpec;
  readonly fluid: FluidService;
  readonly load: LoadFunction;
  window: { arrived: number; served: number; dropped: number; util: number; latency: number; load: number; n: number };
}

/**
 * The simulated world: a cluster of services under load (fluid mode), a
 * metrics pipeline, and the bookkeeping that turns a run into time series,
 * an event log and a summary. Controllers reach it only through a runtime
 * adapter (`observe`, `apply`, `log`).
 */
export class World {
  /** The engine that drives everything. */
  readonly sim: Simulation;
  /** Root random stream; every component forks its own. */
  readonly rng: RandomStream;
  private readonly cluster: Cluster;
  private readonly pipeline: MetricsPipeline;
  private readonly services: ServiceRuntime[];
  private readonly metrics: RunMetrics;
  private readonly tickLabel = eventLabel('tick', 'data-plane');
  private readonly sampleLabel = eventLabel('sample', 'sampler');

  constructor(
    readonly spec: WorldSpec,
    private readonly sinks: { readonly timeseries: RowSink; readonly events: RowSink },
  ) {
    this.sim = new Simulation({ checkpointEvery: MINUTE });
    this.rng = RandomStream.root(spec.seed);
    this.metrics = new RunMetrics(10 * MINUTE);
    const startup = new Map(spec.services.map((s) => [s.name, sampler(s.startupDelay, this.rng.fork(`startup/${s.name}`))]));
    this.cluster = new Cluster(this.sim, (name) => startup.get(name)!, spec.drainTime, {
      onStateChange: (inst) => {
        if (inst.state === 'terminated' || inst.state === 'crashed') this.metrics.removed((inst.endedAt ?? this.sim.now) - inst.createdAt);
      },
    });
    this.pipeline = new MetricsPipeline(this.sim, spec.metrics, PRIORITY.scrape);
    this.services = spec.services.map((s) => {
      this.cluster.addService({ name: s.name, initialReplicas: s.initialReplicas, zones: s.zones, version: s.version });
      return { spec: s, fluid: new FluidService(s.capacity), load: sumOf(s.load), window: emptyWindow() };
    });
  }

  /** Starts the data plane, the pipeline and the sampler. Controllers are started by the caller. */
  start(): void {
    this.pipeline.start();
    this.sim.after(this.spec.tick, () => this.tick(), this.tickLabel, PRIORITY.dataPlane);
    this.sim.after(this.spec.sampleEvery, () => this.sample(), this.sampleLabel, PRIORITY.sample);
  }

  /** Runs to the horizon and returns the summary. */
  runToHorizon(): RunSummary {
    this.sim.run({ until: this.spec.horizon });
    return this.metrics.finish(this.spec.horizon);
  }

  /** A read-only snapshot for a controller whose host clock reads `now`. */
  observe(now: Micros): ObservedState {
    const services = new Map<string, ServiceView>();
    for (const { spec } of this.services) {
      const cpu = this.pipeline.latest(`${spec.name}/cpu_utilization`);
      const rps = this.pipeline.latest(`${spec.name}/rps`);
      const instances = this.cluster.views(spec.name);
      const instanceMetrics: Record<string, Record<string, MetricSample | undefined>> = {};
      // Fluid mode spreads work evenly, so every ready instance reports the service's utilization.
      for (const i of instances) if (i.state === 'ready' && cpu && i.readyAt !== undefined && i.readyAt <= cpu.measuredAt) instanceMetrics[i.id] = { cpu_utilization: cpu };
      services.set(spec.name, {
        name: spec.name,
        desiredReplicas: this.cluster.desired(spec.name),
        instances,
        metrics: { cpu_utilization: cpu, rps },
        instanceMetrics,
      });
    }
    return { now, services };
  }

  /** Applies a controller's action. */
  apply(controller: string, action: Action): ApplyOutcome {
    switch (action.kind) {
      case 'scale': {
        const from = this.cluster.desired(action.service);
        this.cluster.scale(action.service, action.replicas);
        this.metrics.scaled(from, action.replicas);
        this.logRow(controller, 'action', 'scale', action.service, from, action.replicas, action.reason);
        return 'applied';
      }
      default:
        this.logRow(controller, 'rejected', action.kind, 'service' in action ? action.service : action.instance, '', '', `unsupported by this world: ${action.reason}`);
        return 'rejected';
    }
  }

  /** Records a controller decision. */
  log(decision: Decision): void {
    this.logRow(decision.controller, 'decision', decision.outcome, '', '', '', decision.reason);
  }

  private logRow(controller: string, type: string, action: string, target: string, from: number | string, to: number | string, reason: string): void {
    this.sinks.events.write({ time_s: seconds(this.sim.now), controller, type, action, target, from, to, reason });
  }

  private tick(): void {
    const dt = this.spec.tick;
    const now = this.sim.now;
    for (const s of this.services) {
      const name = s.spec.name;
      const offered = s.load(now - dt);
      const ready = this.cluster.count(name, 'ready');
      const t = s.fluid.tick(dt, offered, ready);
      this.pipeline.observe(`${name}/cpu_utilization`, t.utilization, dt);
      this.pipeline.observe(`${name}/rps`, t.arrived / (dt / SECOND), dt);
      const live = this.cluster.live(name).length;
      const underProvisioned = offered > ready * s.spec.capacity.rpsPerInstance;
      this.metrics.tick(now, dt, { ...t, underProvisioned, live, ready }, this.spec.sloLatency);
      const w = s.window;
      w.arrived += t.arrived;
      w.served += t.served;
      w.dropped += t.dropped;
      w.util += t.utilization;
      w.latency += Number.isFinite(t.latency) ? t.latency : 0;
      w.load += offered;
      w.n++;
    }
    if (now + dt <= this.spec.horizon) this.sim.after(dt, () => this.tick(), this.tickLabel, PRIORITY.dataPlane);
  }

  private sample(): void {
    const now = this.sim.now;
    for (const s of this.services) {
      const name = s.spec.name;
      const w = s.window;
      const n = Math.max(1, w.n);
      const ready = this.cluster.count(name, 'ready');
      this.sinks.timeseries.write({
        time_s: seconds(now),
        service: name,
        load_rps: round(w.load / n, 3),
        capacity_rps: round(ready * s.spec.capacity.rpsPerInstance, 3),
        ready,
        desired: this.cluster.desired(name),
        live: this.cluster.live(name).length,
        utilization: round(w.util / n, 4),
        backlog: round(s.fluid.backlog, 3),
        latency_ms: round(w.latency / n / 1000, 3),
        served: round(w.served, 3),
        dropped: round(w.dropped, 3),
      });
      s.window = emptyWindow();
    }
    if (now + this.spec.sampleEvery <= this.spec.horizon) this.sim.after(this.spec.sampleEvery, () => this.sample(), this.sampleLabel, PRIORITY.sample);
  }
}

function emptyWindow() {
  return { arrived: 0, served: 0, dropped: 0, util: 0, latency: 0, load: 0, n: 0 };
}

function seconds(t: Micros): number {
  return t / SECOND;
}
