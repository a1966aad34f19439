import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { TargetUtilizationAutoscaler } from '../controllers/autoscalers/target-utilization.js';
import { HashringController } from '../controllers/hashring/hashring-controller.js';
import { ControllerLoop } from '../controllers/port/loop.js';
import { HOUR, MINUTE, SECOND } from '../lib/time.js';
import { CsvFileSink } from '../experiments/output/csv-sink.js';
import { VirtualRuntime } from '../sim/virtual-runtime.js';
import { EVENT_COLUMNS, TIMESERIES_COLUMNS, World } from '../sim/world/world.js';
import type { WorldSpec } from '../sim/world/world-spec.js';
import { numberArg, stringArg } from './args.js';

/**
 * The world at scale, each case in a fresh child process so its peak RSS is
 * its own:
 * - `fluid`: a 24-hour day in fluid mode, diurnal load (500–5500 rps) with
 *   Poisson noise, up to 200 instances at 50 rps each, random crashes
 *   (exponential MTBF 6 h), a target-utilization autoscaler. Target < 1 s.
 * - `request`: 1 hour at request level, 500 rps (≈1.8 M requests), 10+
 *   instances of 5 slots, exponential 50 ms service time, the autoscaler.
 *   Target < 5 s.
 * - `keyed`: the request case with every request keyed (50,000 Zipf keys)
 *   and served from per-instance LRU caches of 3,000 keys, routed by a
 *   hashring controller's ring (100 vnodes): the cost of keyed routing.
 * Each case also runs at a quarter of its horizon: a heap retained after a
 * full GC that does not grow with the horizon (and a peak RSS that grows
 * only by V8's heap sizing) shows the time series is streamed (to a CSV file
 * in a temporary directory), not held. `*_cpu_s` is the child's CPU time,
 * steadier than wall time on a busy machine.
 *
 * Options: --seed S (default 1), --hours H (fluid horizon, default 24),
 * --request-hours H (default 1), --rps R (request rate, default 500).
 * Internal: --case fluid|request runs one case in this process.
 */
export async function run(argv: string[]): Promise<Record<string, unknown>> {
  const seed = stringArg(argv, 'seed', '1');
  const one = stringArg(argv, 'case', '');
  if (one !== '') return runCase(one, numberArg(argv, 'hours', 24), numberArg(argv, 'rps', 500), seed);

  const hours = numberArg(argv, 'hours', 24);
  const requestHours = numberArg(argv, 'request-hours', 1);
  const rps = numberArg(argv, 'rps', 500);
  const child = (c: string, h: number) => inChild(['--case', c, '--hours', String(h), '--rps', String(rps), '--seed', seed]);
  const fluid = child('fluid', hours);
  const fluidShort = child('fluid', hours / 4);
  const request = child('request', requestHours);
  const requestShort = child('request', requestHours / 4);
  const keyed = child('keyed', requestHours);
  return {
    benchmark: 'scenario',
    fluid_hours: hours,
    fluid_wall_s: fluid['wall_s'],
    fluid_cpu_s: fluid['cpu_s'],
    fluid_events: fluid['events'],
    fluid_peak_instances: fluid['peak_instances'],
    fluid_crashes: fluid['crashes'],
    fluid_rows: fluid['rows'],
    fluid_peak_rss_mb: fluid['peak_rss_mb'],
    [`fluid_peak_rss_mb_at_${hours / 4}h`]: fluidShort['peak_rss_mb'],
    fluid_retained_heap_mb: fluid['retained_heap_mb'],
    [`fluid_retained_heap_mb_at_${hours / 4}h`]: fluidShort['retained_heap_mb'],
    request_hours: requestHours,
    request_rps: rps,
    request_wall_s: request['wall_s'],
    request_cpu_s: request['cpu_s'],
    request_requests: request['requests'],
    request_events: request['events'],
    requests_per_s: request['requests_per_s'],
    request_peak_rss_mb: request['peak_rss_mb'],
    [`request_peak_rss_mb_at_${requestHours / 4}h`]: requestShort['peak_rss_mb'],
    request_retained_heap_mb: request['retained_heap_mb'],
    [`request_retained_heap_mb_at_${requestHours / 4}h`]: requestShort['retained_heap_mb'],
    keyed_wall_s: keyed['wall_s'],
    keyed_cpu_s: keyed['cpu_s'],
    keyed_requests_per_s: keyed['requests_per_s'],
    keyed_cache_hit_ratio: keyed['cache_hit_ratio'],
    fingerprints: `${fluid['fingerprint']} ${request['fingerprint']} ${keyed['fingerprint']}`,
  };
}

function inChild(args: string[]): Record<string, unknown> {
  const cli = join(fileURLToPath(new URL('.', import.meta.url)), 'cli.js');
  const r = spawnSync(process.execPath, [cli, 'scenario', ...args, '--json'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench scenario ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

/** Heap still in use after a full GC with the world alive, MB over the pre-run baseline. */
function retainedMb(gc: () => void, before: number, world: World): number {
  gc();
  const mb = (process.memoryUsage().heapUsed - before) / 2 ** 20;
  void world.sim.now; // keeps the world reachable through the measurement
  return Number(mb.toFixed(2));
}

function fluidSpec(hours: number, seed: string): WorldSpec {
  return {
    seed,
    horizon: hours * HOUR,
    tick: SECOND,
    sampleEvery: 10 * SECOND,
    sloLatency: 250_000,
    fidelity: 'fluid',
    metrics: { scrapeInterval: 15 * SECOND, delay: 30 * SECOND },
    controllers: ['autoscaler'],
    services: [
      {
        name: 'web',
        initialReplicas: 20,
        zones: ['zone-a', 'zone-b', 'zone-c'],
        version: 'v1',
        capacity: { rpsPerInstance: 50, serviceTime: 80_000, maxBacklog: 50_000 },
        startupDelay: { kind: 'lognormal', median: 45 * SECOND, sigma: 0.4 },
        churn: { mtbf: { kind: 'exponential', mean: 6 * HOUR }, restartDelay: 20 * SECOND },
        load: [{ shape: 'diurnal', mean: 3000, amplitude: 2500, period: 24 * HOUR, phase: 6 * HOUR, noise: { kind: 'poisson' } }],
      },
    ],
  };
}

function requestSpec(hours: number, rps: number, seed: string): WorldSpec {
  return {
    seed,
    horizon: hours * HOUR,
    tick: SECOND,
    sampleEvery: 10 * SECOND,
    sloLatency: 250_000,
    fidelity: 'request',
    metrics: { scrapeInterval: 15 * SECOND, delay: 15 * SECOND },
    controllers: ['autoscaler'],
    services: [
      {
        name: 'web',
        initialReplicas: Math.max(1, Math.ceil(rps / 60)),
        zones: ['zone-a', 'zone-b', 'zone-c'],
        version: 'v1',
        capacity: { rpsPerInstance: 100, serviceTime: { kind: 'exponential', mean: 50_000 }, maxBacklog: 10_000 },
        startupDelay: { kind: 'lognormal', median: 40 * SECOND, sigma: 0.3 },
        balancer: 'least-outstanding',
        load: [{ shape: 'constant', rps }],
      },
    ],
  };
}

function keyedSpec(hours: number, rps: number, seed: string): WorldSpec {
  const base = requestSpec(hours, rps, seed);
  const web = base.services[0]!;
  return {
    ...base,
    controllers: ['autoscaler', 'router'],
    services: [{ ...web, cache: { keys: 50_000, zipf: 0.9, capacity: 3_000, missPenalty: 10_000, window: MINUTE, warmup: 5 * MINUTE } }],
  };
}

function runCase(which: string, hours: number, rps: number, seed: string): Record<string, unknown> {
  if (which !== 'fluid' && which !== 'request' && which !== 'keyed') throw new Error(`--case expects fluid|request|keyed, got ${which}`);
  const spec = which === 'fluid' ? fluidSpec(hours, seed) : which === 'request' ? requestSpec(hours, rps, seed) : keyedSpec(hours, rps, seed);
  const dir = mkdtempSync(join(tmpdir(), 'ctrlsim-bench-'));
  try {
    const timeseries = new CsvFileSink(join(dir, 'timeseries.csv'), TIMESERIES_COLUMNS);
    const events = new CsvFileSink(join(dir, 'events.csv'), EVENT_COLUMNS);
    let crashes = 0;
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const cpuBefore = process.cpuUsage();
    const start = performance.now();
    const world = new World(spec, {
      timeseries,
      events: {
        write(row) {
          if (row['action'] === 'crash') crashes++;
          events.write(row);
        },
      },
    });
    let peakInstances = 0;
    world.start();
    const autoscaler = new TargetUtilizationAutoscaler({
      name: 'autoscaler',
      service: 'web',
      metric: 'cpu_utilization',
      target: 0.65,
      tolerance: 0.1,
      minReplicas: 5,
      maxReplicas: 200,
      scaleUpCooldown: 0,
      scaleDownCooldown: 10 * MINUTE,
    });
    new ControllerLoop(autoscaler, new VirtualRuntime(world.sim, world, world.rng.fork('controller/autoscaler'), 'controller/autoscaler'), 15 * SECOND).start();
    if (which === 'keyed') {
      const router = new HashringController({ name: 'router', service: 'web', table: { algorithm: 'ring', vnodes: 100 } });
      new ControllerLoop(router, new VirtualRuntime(world.sim, world, world.rng.fork('controller/router'), 'controller/router'), 5 * SECOND).start();
    }
    // Run in hour-long slices to track the fleet's peak size without touching the hot path.
    for (let t = HOUR; ; t += HOUR) {
      world.sim.run({ until: Math.min(t, spec.horizon) });
      peakInstances = Math.max(peakInstances, world.cluster.live('web').length);
      if (t >= spec.horizon) break;
    }
    const summary = world.runToHorizon();
    const wallS = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    timeseries.close();
    events.close();
    return {
      case: which,
      hours,
      wall_s: Number(wallS.toFixed(3)),
      cpu_s: Number(((cpu.user + cpu.system) / 1e6).toFixed(3)),
      events: world.sim.processed,
      requests: summary.arrived_requests,
      requests_per_s: Math.round(summary.arrived_requests / wallS),
      peak_instances: peakInstances,
      crashes,
      rows: timeseries.count,
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      retained_heap_mb: retainedMb(gc, heapBefore, world),
      cache_hit_ratio: world.serviceMetrics()['web.cache_hit_ratio'] ?? null,
      fingerprint: world.sim.fingerprint,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
