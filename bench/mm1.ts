import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { RandomStream, SECOND, runMmcCallbacks, runMmcProcesses } from '../sim/index.js';
import { numberArg, stringArg } from './args.js';
import { runMm1Bare } from './mm1-bare.js';

/**
 * M/M/1 on the engine's public API, λ = 0.8/s and μ = 1/s unless given.
 * Options: --customers N (default 200000), --style callbacks|processes|bare
 * (bare: the same model as one loop over a typed-array heap, the floor),
 * --lambda L and --mu M (per second; L < M), --seed S.
 * Reports wall time, throughput, the measured Wq (expect λ/(μ(μ−λ)), 4 s at
 * the defaults), its theoretical value, and the
 * heap retained after the run and a full GC (flat in N: the queue holds only
 * pending events), and the process's RSS.
 */
export async function run(argv: string[]): Promise<Record<string, unknown>> {
  const customers = numberArg(argv, 'customers', 200_000);
  const style = stringArg(argv, 'style', 'callbacks');
  if (style !== 'callbacks' && style !== 'processes' && style !== 'bare') throw new Error(`--style expects callbacks|processes|bare, got ${style}`);
  const seed = stringArg(argv, 'seed', '1');
  const lambda = numberArg(argv, 'lambda', 0.8);
  const mu = numberArg(argv, 'mu', 1);
  if (!(lambda > 0 && mu > lambda)) throw new Error(`--lambda and --mu expect 0 < lambda < mu, got ${lambda} and ${mu}`);
  const params = { meanInterarrival: SECOND / lambda, meanService: SECOND / mu, servers: 1, customers, rng: RandomStream.root(seed) };
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const result =
    style === 'callbacks'
      ? runMmcCallbacks(params)
      : style === 'processes'
        ? runMmcProcesses(params)
        : { ...runMm1Bare(params.meanInterarrival, params.meanService, customers, params.rng), fingerprint: '' };
  const wallS = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  gc();
  const retainedMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  return {
    benchmark: 'mm1',
    style,
    lambda,
    mu,
    customers: result.customers,
    events: result.events,
    wall_s: Number(wallS.toFixed(4)),
    cpu_s: Number(cpuS.toFixed(4)),
    customers_per_cpu_s: Math.round(result.customers / cpuS),
    customers_per_s: Math.round(result.customers / wallS),
    events_per_s: Math.round(result.events / wallS),
    wq: Number((result.meanWait / SECOND).toFixed(4)),
    wq_theory: Number((lambda / (mu * (mu - lambda))).toFixed(4)),
    w: Number((result.meanSojourn / SECOND).toFixed(4)),
    peak_rss_mb: Math.round(process.memoryUsage().rss / 2 ** 20),
    retained_heap_mb: Number(retainedMb.toFixed(2)),
    fingerprint: result.fingerprint,
  };
}
