import { TargetUtilizationAutoscaler } from '../../controllers/autoscalers/target-utilization.js';
import { ControllerLoop } from '../../controllers/port/loop.js';
import { MINUTE, SECOND } from '../../lib/time.js';
import { VirtualRuntime } from '../../sim/virtual-runtime.js';
import type { Row } from '../../sim/world/timeseries-sampler.js';
import type { WorldServiceSpec, WorldSpec } from '../../sim/world/world-spec.js';
import { World } from '../../sim/world/world.js';

/** One service with 6 ready instances of 100 rps (5 slots of 50 ms), 300 rps constant load. */
export function service(overrides: Partial<WorldServiceSpec> = {}): WorldServiceSpec {
  return {
    name: 'web',
    initialReplicas: 6,
    zones: ['zone-a', 'zone-b', 'zone-c'],
    version: 'v1',
    capacity: { rpsPerInstance: 100, serviceTime: { kind: 'exponential', mean: 50_000 }, maxBacklog: 20_000 },
    startupDelay: { kind: 'constant', value: 30 * SECOND },
    drainTime: 30 * SECOND,
    load: [{ shape: 'constant', rps: 300 }],
    ...overrides,
  };
}

/** A 20-minute world around `service()`, fluid unless told otherwise. */
export function spec(overrides: Partial<WorldSpec> = {}, svc: Partial<WorldServiceSpec> = {}): WorldSpec {
  return {
    seed: '1',
    horizon: 20 * MINUTE,
    tick: SECOND,
    sampleEvery: 10 * SECOND,
    sloLatency: 250_000,
    metrics: { scrapeInterval: 15 * SECOND, delay: 0 },
    services: [service(svc)],
    ...overrides,
  };
}

/** What a run produced. */
export interface Outcome {
  readonly world: World;
  readonly rows: Row[];
  readonly events: Row[];
}

/** Builds and starts a world, optionally with a target-utilization autoscaler on `web`. */
export function build(s: WorldSpec, opts: { autoscaler?: boolean } = {}): Outcome {
  const rows: Row[] = [];
  const events: Row[] = [];
  const world = new World(opts.autoscaler ? { ...s, controllers: [...(s.controllers ?? []), 'autoscaler'] } : s, {
    timeseries: { write: (r) => rows.push(r) },
    events: { write: (r) => events.push(r) },
  });
  world.start();
  if (opts.autoscaler) {
    const controller = new TargetUtilizationAutoscaler({
      name: 'autoscaler',
      service: 'web',
      metric: 'cpu_utilization',
      target: 0.6,
      tolerance: 0.1,
      minReplicas: 2,
      maxReplicas: 60,
      scaleUpCooldown: 0,
      scaleDownCooldown: 5 * MINUTE,
    });
    new ControllerLoop(controller, new VirtualRuntime(world.sim, world, world.rng.fork('controller/autoscaler'), 'controller/autoscaler'), 15 * SECOND).start();
  }
  return { world, rows, events };
}

/** Builds, starts and runs a world to its horizon. */
export function run(s: WorldSpec, opts: { autoscaler?: boolean } = {}): Outcome {
  const o = build(s, opts);
  o.world.runToHorizon();
  return o;
}

/** Rows whose time is in [from, to) seconds. */
export function between(rows: readonly Row[], from: number, to: number): Row[] {
  return rows.filter((r) => (r['time_s'] as number) >= from && (r['time_s'] as number) < to);
}

/** Mean of a numeric column (empty cells skipped). */
export function mean(rows: readonly Row[], column: string): number {
  const xs = rows.map((r) => r[column]).filter((v): v is number => typeof v === 'number');
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN;
}

/** Sum of a numeric column. */
export function sum(rows: readonly Row[], column: string): number {
  return rows.reduce((a, r) => a + (typeof r[column] === 'number' ? (r[column] as number) : 0), 0);
}

/** Largest value of a numeric column. */
export function max(rows: readonly Row[], column: string): number {
  return Math.max(...rows.map((r) => r[column]).filter((v): v is number => typeof v === 'number'));
}
