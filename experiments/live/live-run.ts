import type { Action } from '../../controllers/port/actions.js';
import type { AsyncObserver, LoopFailure, LoopRecorder } from '../../controllers/port/async-realtime-loop.js';
import { AsyncRealtimeLoop } from '../../controllers/port/async-realtime-loop.js';
import type { ObservedState, ServiceView } from '../../controllers/port/observations.js';
import type { ApplyOutcome } from '../../controllers/port/runtime.js';
import type { Micros } from '../../lib/time.js';
import { MILLISECOND, SECOND } from '../../lib/time.js';
import { RandomStream } from '../../lib/random.js';
import { sumOf } from '../../sim/world/load.js';
import type { Row, RowSink } from '../../sim/world/world.js';
import type { Experiment } from '../config/experiment-schema.js';
import type { LiveSpec } from '../config/live-schema.js';
import { toWorldSpec } from '../config/to-world.js';
import type { ControllerModules } from '../runner/controller-factory.js';
import { buildController } from '../runner/controller-factory.js';
import { LoadGenerator } from './load-generator.js';
import type { LiveTarget } from './live-target.js';
import { PrometheusSource } from './prometheus-source.js';
import { WallClock } from '../runner/host-clock.js';

/** Columns of observed.csv: every metric sample a controller was handed, for calibration. */
export const OBSERVED_COLUMNS = ['time_s', 'service', 'instance', 'metric', 'value'] as const;

/** Where a live run streams its rows. */
export interface LiveSinks {
  /** timeseries.csv rows (the simulator's columns). */
  readonly timeseries: RowSink;
  /** events.csv rows: decisions, actions, failures and worker lifecycle. */
  readonly events: RowSink;
  /** observed.csv rows. */
  readonly observed: RowSink;
}

/** What a live run reports at the end. */
export interface LiveOutcome {
  /** Wall time of time zero, ISO 8601. */
  readonly startedAt: string;
  /** Wall time the run ended, ISO 8601. */
  readonly endedAt: string;
  /** Seconds of wall time the run covered. */
  readonly seconds: number;
  /** Why it ended. */
  readonly ended: 'duration' | 'interrupted';
}

/** Options of `runLive`. */
export interface LiveRunOptions {
  /** The validated experiment (its `live` section must be set). */
  readonly experiment: Experiment;
  /** Builds the target its `live.actuate` names (the process pool, or Kubernetes). */
  readonly target: (now: () => Micros, onLifecycle: (row: Row) => void) => LiveTarget;
  /** Seed of the load generator's arrivals. */
  readonly seed: number;
  /** Bring-your-own controller modules, loaded beforehand. */
  readonly modules?: ControllerModules;
  /** Aborting ends the run early, cleanly (Ctrl-C). */
  readonly signal?: AbortSignal;
  /** Overrides `live.duration`. */
  readonly duration?: Micros;
}

/**
 * Runs an experiment's controllers for real: each controller on an
 * `AsyncRealtimeLoop` over the wall clock, observing its services through
 * the live target (instances, desired replicas) and Prometheus (metrics),
 * acting through the target. Every `sampleEvery` it writes one time-series
 * row per service with the simulator's columns; with `live.load.enabled` a
 * seeded open-loop generator offers each service its `load` shapes and the
 * rows carry what clients saw (counts, exact percentiles). Time zero is
 * when the initial workers are ready. Ends after the duration or when
 * `signal` aborts, then stops the loops (waiting for in-flight reconciles),
 * the generators and the target.
 */
export async function runLive(options: LiveRunOptions, sinks: LiveSinks): Promise<LiveOutcome> {
  const exp = options.experiment;
  const live = exp.live as LiveSpec;
  const clock = new WallClock();
  let t0 = 0;
  let recording = false;
  const rel = (t: Micros): number => Math.round((t - t0) / MILLISECOND) / 1000;
  const event = (row: Row): void => {
    if (recording) sinks.events.write(row);
  };
  const target = options.target(
    () => clock.now(),
    (row) => event({ ...row, time_s: rel(Number(row['time_s'])) }),
  );
  const prometheus = new PrometheusSource(live.observe);
  const names = exp.services.map((s) => s.name);
  const lastSeen = new Map<string, ServiceView>();

  const observer: AsyncObserver = {
    async observe(now, signal): Promise<ObservedState> {
      const services = new Map<string, ServiceView>();
      for (const name of names) {
        const [state, m] = await Promise.all([target.read(name, signal), prometheus.observe(name, now, signal)]);
        const view: ServiceView = {
          name,
          desiredReplicas: state.desiredReplicas,
          instances: state.instances,
          metrics: m.metrics,
          instanceMetrics: m.instanceMetrics,
        };
        services.set(name, view);
        lastSeen.set(name, view);
        for (const [metric, s] of Object.entries(m.metrics)) sinks.observed.write({ time_s: rel(now), service: name, instance: '', metric, value: s.value });
        for (const [instance, ms] of Object.entries(m.instanceMetrics)) {
          for (const [metric, s] of Object.entries(ms)) sinks.observed.write({ time_s: rel(now), service: name, instance, metric, value: s.value });
        }
      }
      return { now, services };
    },
  };
  const actuator = {
    async apply(controller: string, action: Action, signal: AbortSignal): Promise<ApplyOutcome> {
      const from = action.kind === 'scale' ? (lastSeen.get(action.service)?.desiredReplicas ?? '') : '';
      const outcome = await target.apply(controller, action, signal);
      if (action.kind === 'scale' && outcome === 'applied') {
        const seen = lastSeen.get(action.service);
        if (seen) lastSeen.set(action.service, { ...seen, desiredReplicas: action.replicas });
      }
      event({
        time_s: rel(clock.now()),
        controller,
        type: outcome === 'applied' ? 'action' : 'rejected',
        action: action.kind,
        target: targetOf(action),
        from,
        to: action.kind === 'scale' ? action.replicas : '',
        reason: action.reason,
      });
      return outcome;
    },
  };
  const recorder: LoopRecorder = {
    decision: (d) =>
      event({ time_s: rel(d.at), controller: d.controller, type: 'decision', action: d.outcome, target: '', from: '', to: '', reason: d.reason }),
    applied: () => {}, // written by the actuator wrapper, which knows the replica count before
    failure: (f: LoopFailure) =>
      event({
        time_s: rel(f.at),
        controller: f.controller,
        type: 'error',
        action: `${f.operation}-${f.tier}`,
        target: f.action ? targetOf(f.action) : '',
        from: '',
        to: '',
        reason: f.retryIn !== undefined ? `${f.message}; retry in ${f.retryIn / MILLISECOND} ms` : f.message,
      }),
  };

  const generators = new Map<string, LoadGenerator>();
  const loops: Array<[AsyncRealtimeLoop, Micros]> = [];
  try {
    await target.start(Object.fromEntries(exp.services.map((s) => [s.name, s.initialReplicas])));
    t0 = clock.now();
    recording = true;
    const since = (): Micros => clock.now() - t0;

    if (live.load.enabled) {
      const world = toWorldSpec(exp, options.seed);
      for (const s of world.services) {
        generators.set(s.name, new LoadGenerator(sumOf(s.load), () => target.readyEndpoints?.(s.name) ?? [], since, options.seed, s.name, live.load.timeout));
      }
    }

    const rootRng = RandomStream.root(options.seed);
    for (const [name, spec] of Object.entries(exp.controllers)) {
      if (spec.kind === 'module' && !spec.enabled) continue;
      const { controller, syncPeriod } = buildController(name, spec, options.modules);
      const rng = rootRng.fork(`controller/${name}`);
      loops.push([
        new AsyncRealtimeLoop(controller, clock, observer, actuator, recorder, { syncPeriod, observeTimeout: live.timeout, applyTimeout: live.timeout }, () =>
          rng.next(),
        ),
        syncPeriod,
      ]);
    }
    const sampler = new LiveSampler(exp, target, generators, sinks.timeseries, rel, lastSeen, live.timeout);
    for (const g of generators.values()) g.start();
    // Each controller first reconciles one sync period in, as in the simulator.
    for (const [l, syncPeriod] of loops) l.start(syncPeriod);

    const duration = options.duration ?? live.duration ?? exp.horizon;
    let pendingSample: Promise<void> = Promise.resolve();
    const ended = await new Promise<'duration' | 'interrupted'>((resolve, reject) => {
      // Rows fall on a fixed grid (t0 + k × sampleEvery), so slow reads never accumulate drift.
      let k = 1;
      const tick = (): void => {
        const now = clock.now();
        pendingSample = sampler.sample(now).catch(reject);
        if (now - t0 >= duration) return resolve('duration');
        k++;
        samplerTimer = clock.setTimer(Math.min(t0 + k * exp.sampleEvery, t0 + duration) - clock.now(), tick);
      };
      let samplerTimer = clock.setTimer(exp.sampleEvery, tick);
      const interrupt = (): void => {
        clock.clearTimer(samplerTimer);
        resolve('interrupted');
      };
      // Ctrl-C while the first workers were starting counts too.
      if (options.signal?.aborted) interrupt();
      options.signal?.addEventListener('abort', interrupt);
      for (const [l] of loops) l.done.catch(reject);
    });
    await pendingSample;
    await Promise.all(loops.map(([l]) => l.stop()));
    await Promise.all([...generators.values()].map((g) => g.stop()));
    const endedAt = clock.wallNow();
    return { startedAt: clock.wallAt(t0), endedAt, seconds: rel(clock.now()), ended };
  } finally {
    // Also on a failure: stop every loop and generator so no timer outlives the run, then the target.
    await Promise.all(loops.map(([l]) => l.stop()));
    await Promise.all([...generators.values()].map((g) => g.stop()));
    recording = false;
    await target.shutdown();
  }
}

/** Where an action points, for the events table. */
function targetOf(action: Action): string {
  return 'service' in action ? action.service : action.instance;
}

/**
 * Writes one time-series row per service per sample: instance counts from
 * the target, utilization from the last observed per-instance metrics, and
 * with a load generator what clients saw over the window.
 */
class LiveSampler {
  constructor(
    private readonly exp: Experiment,
    private readonly target: LiveTarget,
    private readonly generators: ReadonlyMap<string, LoadGenerator>,
    private readonly sink: RowSink,
    private readonly rel: (t: Micros) => number,
    private readonly lastSeen: ReadonlyMap<string, ServiceView>,
    /** Longest a read of the target may take (the live section's timeout). */
    private readonly readTimeout: Micros,
  ) {}

  async sample(now: Micros): Promise<void> {
    for (const s of this.exp.services) {
      const state = await this.target.read(s.name, AbortSignal.timeout(this.readTimeout / MILLISECOND));
      const ready = state.instances.filter((i) => i.state === 'ready').length;
      const live = state.instances.length;
      const seen = this.lastSeen.get(s.name);
      const utils = state.instances
        .filter((i) => i.state === 'ready')
        .map((i) => seen?.instanceMetrics[i.id]?.['cpu_utilization']?.value)
        .filter((v): v is number => v !== undefined);
      const w = this.generators.get(s.name)?.takeWindow();
      const windowS = this.exp.sampleEvery / SECOND;
      const lat = w ? [...w.latenciesMs].sort((a, b) => a - b) : [];
      const mean = lat.length ? lat.reduce((a, b) => a + b, 0) / lat.length : '';
      this.sink.write({
        time_s: this.rel(now),
        service: s.name,
        load_rps: w ? round(w.arrived / windowS) : (seen?.metrics['rps']?.value ?? ''),
        capacity_rps: ready * s.capacity.rpsPerInstance,
        ready,
        desired: state.desiredReplicas,
        live,
        utilization: utils.length ? round(utils.reduce((a, b) => a + b, 0) / utils.length) : '',
        backlog: '',
        latency_ms: mean === '' ? (w ? '' : (seen?.metrics['latency_ms']?.value ?? '')) : round(mean),
        served: w ? w.served : '',
        dropped: w ? w.dropped : '',
        p50_ms: quantile(lat, 0.5),
        p95_ms: quantile(lat, 0.95),
        p99_ms: quantile(lat, 0.99),
        arrived: w ? w.arrived : '',
        errors: w ? w.errors : '',
        stale_routes: '',
        in_flight: w ? w.inFlight : '',
        served_by_version: w ? `v1:${w.served}` : '',
        cache_hit_ratio: '',
      });
    }
  }
}

/** Nearest-rank quantile of sorted values, '' when empty. */
function quantile(sorted: readonly number[], q: number): number | '' {
  if (sorted.length === 0) return '';
  return round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
