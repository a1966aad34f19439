import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TargetUtilizationAutoscaler } from '../controllers/autoscalers/target-utilization.js';
import { ControllerLoop } from '../controllers/port/loop.js';
import { HOUR, MINUTE, SECOND } from '../lib/time.js';
import { VirtualRuntime } from '../sim/virtual-runtime.js';
import type { Row, RowSink } from '../sim/world/world.js';
import { World } from '../sim/world/world.js';
import type { WorldSpec } from '../sim/world/world-spec.js';
import { numberArg, stringArg } from './args.js';

/**
 * How the world's cost grows with fleet size and request rate:
 * `npm run bench -- scale [--fleets 100,1000,10000] [--rates 500,5000,20000]
 * [--hours 24] [--minutes 10] [--rho 0.83] [--seed S] --json`; `--fleets none`
 * or `--rates none` skips that half.
 *
 * - fleet cases: a 24-hour fluid day sized to the fleet N: diurnal load
 *   (mean 20·N rps, amplitude 10·N, Poisson noise) at 50 rps per instance,
 *   random crashes (exponential MTBF 6 h, so ≈ 4·N crashes a day), a
 *   target-utilization autoscaler between N/5 and N instances (the fleet
 *   peaks near N).
 * - rate cases: 10 minutes at request level, R rps against a fixed pool of
 *   5-slot instances (50 ms exponential service) sized for utilization ρ
 *   (`--rho`, default 0.83; above 1 every endpoint stays busy),
 *   least-outstanding routing.
 *
 * Each case runs in a fresh child process, so its peak RSS is its own, and
 * reports wall time, the child's CPU time (steadier on a shared machine) and
 * peak RSS. The fitted exponent is the least-squares slope of log CPU time
 * over log size: 1 is linear. Outputs go to counting sinks, not files, so
 * the case times the simulation.
 */
export async function run(argv: string[]): Promise<Record<string, unknown>> {
  const seed = stringArg(argv, 'seed', '1');
  const one = stringArg(argv, 'case', '');
  const hours = numberArg(argv, 'hours', 24);
  const minutes = numberArg(argv, 'minutes', 10);
  const rho = numberArg(argv, 'rho', 0.83);
  if (one !== '') return runCase(one, numberArg(argv, 'size', 0), hours, minutes, rho, seed);

  const fleets = listArg(argv, 'fleets', [100, 1_000, 10_000]);
  const rates = listArg(argv, 'rates', [500, 5_000, 20_000]);
  const common = ['--hours', String(hours), '--minutes', String(minutes), '--rho', String(rho), '--seed', seed];
  const out: Record<string, unknown> = { benchmark: 'scale', hours, minutes, rho };
  const fleetCpu: number[] = [];
  for (const n of fleets) {
    const r = inChild(['--case', 'fleet', '--size', String(n), ...common]);
    fleetCpu.push(r['cpu_s'] as number);
    for (const k of ['wall_s', 'cpu_s', 'peak_rss_mb', 'events', 'peak_instances', 'crashes']) out[`fleet_${n}_${k}`] = r[k];
  }
  out['fleet_exponent'] = exponent(fleets, fleetCpu);
  const rateCpu: number[] = [];
  for (const rps of rates) {
    const r = inChild(['--case', 'rate', '--size', String(rps), ...common]);
    rateCpu.push(r['cpu_s'] as number);
    for (const k of ['wall_s', 'cpu_s', 'peak_rss_mb', 'events', 'events_per_cpu_s', 'instances']) out[`rate_${rps}_${k}`] = r[k];
  }
  out['rate_exponent'] = exponent(rates, rateCpu);
  return out;
}

/** Least-squares slope of log y over log x, to two decimals; null with fewer than two sizes. */
export function exponent(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  if (n < 2) return null;
  const lx = xs.map(Math.log);
  const ly = ys.map((y) => Math.log(Math.max(y, 1e-6)));
  const mx = lx.reduce((a, b) => a + b, 0) / n;
  const my = ly.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (lx[i]! - mx) * (ly[i]! - my);
    sxx += (lx[i]! - mx) ** 2;
  }
  return Number((sxy / sxx).toFixed(2));
}

function listArg(argv: readonly string[], name: string, fallback: number[]): number[] {
  const raw = stringArg(argv, name, '');
  if (raw === '') return fallback;
  if (raw === 'none') return [];
  const list = raw.split(',').map(Number);
  if (list.some((v) => !(Number.isFinite(v) && v > 0))) throw new Error(`--${name} expects positive numbers separated by commas, got ${raw}`);
  return list;
}

function inChild(args: string[]): Record<string, unknown> {
  const cli = join(fileURLToPath(new URL('.', import.meta.url)), 'cli.js');
  const r = spawnSync(process.execPath, [cli, 'scale', ...args, '--json'], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`bench scale ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

/** The fluid day for a fleet of about `n` instances at its peak. */
export function fleetSpec(n: number, hours: number, seed: string): WorldSpec {
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
        initialReplicas: Math.ceil(n / 2),
        zones: ['zone-a', 'zone-b', 'zone-c'],
        version: 'v1',
        capacity: { rpsPerInstance: 50, serviceTime: 80_000, maxBacklog: 1_000 * n },
        startupDelay: { kind: 'lognormal', median: 45 * SECOND, sigma: 0.4 },
        churn: { mtbf: { kind: 'exponential', mean: 6 * HOUR }, restartDelay: 20 * SECOND },
        load: [{ shape: 'diurnal', mean: 20 * n, amplitude: 10 * n, period: 24 * HOUR, phase: 6 * HOUR, noise: { kind: 'poisson' } }],
      },
    ],
  };
}

/** Ten minutes (by default) at request level: `rps` against a fixed pool sized for utilization `rho`. */
export function rateSpec(rps: number, minutes: number, rho: number, seed: string): WorldSpec {
  const slots = 5;
  const meanService = 50_000;
  const instances = Math.max(1, Math.round((rps * meanService) / SECOND / slots / rho));
  return {
    seed,
    horizon: minutes * MINUTE,
    tick: SECOND,
    sampleEvery: 10 * SECOND,
    sloLatency: 250_000,
    fidelity: 'request',
    metrics: { scrapeInterval: 15 * SECOND, delay: 15 * SECOND },
    services: [
      {
        name: 'web',
        initialReplicas: instances,
        zones: ['zone-a', 'zone-b', 'zone-c'],
        version: 'v1',
        capacity: { rpsPerInstance: 100, serviceTime: { kind: 'exponential', mean: meanService }, concurrency: slots, maxBacklog: 100 },
        startupDelay: { kind: 'constant', value: 40 * SECOND },
        balancer: 'least-outstanding',
        load: [{ shape: 'constant', rps }],
      },
    ],
  };
}

/** Counts rows without keeping them. */
class CountingSink implements RowSink {
  count = 0;
  crashes = 0;
  write(row: Row): void {
    this.count++;
    if (row['action'] === 'crash') this.crashes++;
  }
}

function runCase(which: string, size: number, hours: number, minutes: number, rho: number, seed: string): Record<string, unknown> {
  if (which !== 'fleet' && which !== 'rate') throw new Error(`--case expects fleet|rate, got ${which}`);
  if (!(size > 0)) throw new Error(`--size expects a positive number, got ${size}`);
  const spec = which === 'fleet' ? fleetSpec(size, hours, seed) : rateSpec(size, minutes, rho, seed);
  const timeseries = new CountingSink();
  const events = new CountingSink();
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const world = new World(spec, { timeseries, events });
  world.start();
  if (which === 'fleet') {
    const autoscaler = new TargetUtilizationAutoscaler({
      name: 'autoscaler',
      service: 'web',
      metric: 'cpu_utilization',
      target: 0.65,
      tolerance: 0.1,
      minReplicas: Math.ceil(size / 5),
      maxReplicas: size,
      scaleUpCooldown: 0,
      scaleDownCooldown: 10 * MINUTE,
    });
    new ControllerLoop(autoscaler, new VirtualRuntime(world.sim, world, world.rng.fork('controller/autoscaler'), 'controller/autoscaler'), 15 * SECOND).start();
  }
  let peak = 0;
  // Hour-long slices track the fleet's peak without touching the hot path.
  for (let t = Math.min(HOUR, spec.horizon); ; t = Math.min(t + HOUR, spec.horizon)) {
    world.sim.run({ until: t });
    peak = Math.max(peak, world.cluster.live('web').length);
    if (t >= spec.horizon) break;
  }
  world.runToHorizon();
  const wallS = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  return {
    case: which,
    size,
    wall_s: Number(wallS.toFixed(3)),
    cpu_s: Number(cpuS.toFixed(3)),
    events: world.sim.processed,
    events_per_cpu_s: Math.round(world.sim.processed / cpuS),
    peak_instances: peak,
    instances: spec.services[0]!.initialReplicas,
    crashes: events.crashes,
    rows: timeseries.count,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    fingerprint: world.sim.fingerprint,
  };
}
