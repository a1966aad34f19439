import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { RandomStream, SECOND, runMmcCallbacks, runMmcProcesses } from '../sim/index.js';
import { numberArg, stringArg } from './args.js';
import { runMm1Bare } from './mm1-bare.js';
import { runMm1SimJs } from './mm1-simjs.js';

const STYLES = ['callbacks', 'processes', 'bare', 'simjs'] as const;
type Style = (typeof STYLES)[number];
type Params = Parameters<typeof runMmcCallbacks>[0];

/**
 * M/M/1 on the engine's public API, λ = 0.8/s and μ = 1/s unless given.
 * Options: --customers N (default 200000), --style callbacks|processes|bare|simjs
 * (bare: the same model as one loop over a typed-array heap, the floor;
 * simjs: the same model on SIM.JS 2.0.3, the reference the engine is
 * compared with), --lambda L and --mu M (per second; L < M), --seed S.
 * Reports wall time, throughput, the measured Wq (expect λ/(μ(μ−λ)), 4 s at
 * the defaults), its theoretical value, and the
 * heap retained after the run and a full GC (flat in N: the queue holds only
 * pending events), and the process's RSS.
 *
 * --compare runs every style --rounds R times (default 5) in rotating
 * order, each run in a fresh child process (so one style's JIT feedback and
 * garbage never bill another), and reports each style's median CPU time and
 * the throughput ratios the engine is held to (callbacks vs bare, callbacks
 * and processes vs SIM.JS), each the median of the ratios within a round.
 */
export async function run(argv: string[]): Promise<Record<string, unknown>> {
  const customers = numberArg(argv, 'customers', 200_000);
  const style = stringArg(argv, 'style', 'callbacks');
  if (!(STYLES as readonly string[]).includes(style)) throw new Error(`--style expects ${STYLES.join('|')}, got ${style}`);
  const seed = stringArg(argv, 'seed', '1');
  const lambda = numberArg(argv, 'lambda', 0.8);
  const mu = numberArg(argv, 'mu', 1);
  if (!(lambda > 0 && mu > lambda)) throw new Error(`--lambda and --mu expect 0 < lambda < mu, got ${lambda} and ${mu}`);
  const params = (): Params => ({ meanInterarrival: SECOND / lambda, meanService: SECOND / mu, servers: 1, customers, rng: RandomStream.root(seed) });
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  if (argv.includes('--compare')) return compare(numberArg(argv, 'rounds', 5), { lambda, mu, customers, seed });
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const result = runStyle(style as Style, params());
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

function runStyle(style: Style, p: Params): ReturnType<typeof runMmcCallbacks> | (ReturnType<typeof runMm1Bare> & { fingerprint: string }) {
  switch (style) {
    case 'callbacks':
      return runMmcCallbacks(p);
    case 'processes':
      return runMmcProcesses(p);
    case 'bare':
      return { ...runMm1Bare(p.meanInterarrival, p.meanService, p.customers, p.rng), fingerprint: '' };
    case 'simjs':
      return { ...runMm1SimJs(p.meanInterarrival, p.meanService, p.customers, p.rng), fingerprint: '' };
  }
}

/** Every style, `rounds` times in rotating order, each in a child process; medians of CPU time and of the per-round ratios. */
function compare(rounds: number, shown: { lambda: number; mu: number; customers: number; seed: string }): Record<string, unknown> {
  if (!(Number.isInteger(rounds) && rounds >= 1)) throw new Error(`--rounds expects an integer ≥ 1, got ${rounds}`);
  const cpu = new Map<Style, number[]>(STYLES.map((s) => [s, []]));
  const wq = new Map<Style, unknown>();
  const common = ['--customers', String(shown.customers), '--lambda', String(shown.lambda), '--mu', String(shown.mu), '--seed', shown.seed];
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < STYLES.length; k++) {
      const style = STYLES[(r + k) % STYLES.length]!;
      const result = inChild(['--style', style, ...common]);
      cpu.get(style)!.push(result['cpu_s'] as number);
      wq.set(style, result['wq']);
    }
  }
  // Throughput of `fast` relative to `slow` in each round (CPU time of slow over fast), then the median.
  const ratio = (fast: Style, slow: Style) => {
    const each = cpu.get(slow)!.map((t, i) => t / cpu.get(fast)![i]!);
    return { median: Number(median(each).toFixed(2)), min: Number(Math.min(...each).toFixed(2)), max: Number(Math.max(...each).toFixed(2)) };
  };
  const out: Record<string, unknown> = { benchmark: 'mm1', mode: 'compare', lambda: shown.lambda, mu: shown.mu, customers: shown.customers, rounds };
  for (const style of STYLES) {
    const t = median(cpu.get(style)!);
    out[`${style}_cpu_s`] = Number(t.toFixed(4));
    out[`${style}_customers_per_cpu_s`] = Math.round(shown.customers / t);
    out[`${style}_wq`] = wq.get(style);
  }
  for (const [name, fast, slow] of [
    ['callbacks_vs_bare', 'callbacks', 'bare'],
    ['callbacks_vs_simjs', 'callbacks', 'simjs'],
    ['processes_vs_simjs', 'processes', 'simjs'],
  ] as const) {
    const r = ratio(fast, slow);
    out[name] = r.median;
    out[`${name}_range`] = `${r.min}–${r.max}`;
  }
  return out;
}

function inChild(args: string[]): Record<string, unknown> {
  const cli = join(fileURLToPath(new URL('.', import.meta.url)), 'cli.js');
  const r = spawnSync(process.execPath, [cli, 'mm1', ...args, '--json'], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`bench mm1 ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
