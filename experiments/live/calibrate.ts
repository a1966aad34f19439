import type { CsvRow } from '../../reports/csv-read.js';

/** A fitted duration distribution, in the experiment file's form. */
type FittedDuration = { readonly kind: 'constant'; readonly value: string } | { readonly kind: 'lognormal'; readonly median: string; readonly sigma: number };

/** What `ctrlsim calibrate` fitted from a live run, with the evidence each fit rests on. */
export interface Calibration {
  /** Service time of one request; null when the run had no windows to fit it from. */
  readonly serviceTime: FittedDuration | null;
  /** Mean service time (ms) and how many served requests it rests on. */
  readonly serviceTimeEvidence: { readonly meanMs: number; readonly requests: number } | null;
  /** Worker start-up delay (created → ready); null when no worker started during the run. */
  readonly startupDelay: FittedDuration | null;
  /** Start-up delays observed, s. */
  readonly startupSamples: readonly number[];
  /** Metric delay for the simulator's pipeline; null when observed.csv has no service rps. */
  readonly metricDelay: string | null;
  /** The lag (s) between served requests and the rps controllers saw that fit best, and its residual. */
  readonly metricLag: { readonly lagS: number; readonly rmse: number } | null;
}

const ms = (x: number): string => `${Math.round(x * 10) / 10}ms`;
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * Mean service time from utilization and throughput, which queueing does
 * not bias: a worker's utilization is busy time over capacity, so
 * E[S] = Σ(utilization × ready) × concurrency × window / Σ served, over
 * windows with both. The shape (lognormal σ) comes from the latency spread
 * p95/p50 in the least-loaded quarter of windows, where queueing adds least;
 * it still adds some, so σ is an upper estimate.
 */
export function fitServiceTime(rows: readonly CsvRow[], windowS: number, concurrency: number): Pick<Calibration, 'serviceTime' | 'serviceTimeEvidence'> {
  let busy = 0;
  let served = 0;
  const spread: Array<{ u: number; sigma: number }> = [];
  for (const r of rows) {
    const u = num(r['utilization']);
    const ready = num(r['ready']);
    const s = num(r['served']);
    if (u === undefined || ready === undefined || s === undefined || s === 0) continue;
    busy += u * ready * concurrency * windowS;
    served += s;
    const p50 = num(r['p50_ms']);
    const p95 = num(r['p95_ms']);
    if (p50 && p95 && p95 >= p50) spread.push({ u, sigma: Math.log(p95 / p50) / 1.6449 });
  }
  if (served === 0) return { serviceTime: null, serviceTimeEvidence: null };
  const meanMs = (busy / served) * 1000;
  spread.sort((a, b) => a.u - b.u);
  const calm = spread
    .slice(0, Math.max(1, Math.ceil(spread.length / 4)))
    .map((x) => x.sigma)
    .sort((a, b) => a - b);
  const sigma = calm.length ? Math.round(calm[Math.floor(calm.length / 2)]! * 100) / 100 : 0;
  const serviceTime: FittedDuration =
    sigma > 0.01 ? { kind: 'lognormal', median: ms(meanMs / Math.exp((sigma * sigma) / 2)), sigma } : { kind: 'constant', value: ms(meanMs) };
  return { serviceTime, serviceTimeEvidence: { meanMs: Math.round(meanMs * 10) / 10, requests: served } };
}

/** Start-up delay from the lifecycle rows: created → ready per worker, fitted as a lognormal (geometric mean, σ of logs). */
export function fitStartupDelay(events: readonly CsvRow[]): Pick<Calibration, 'startupDelay' | 'startupSamples'> {
  const created = new Map<string, number>();
  const samples: number[] = [];
  for (const e of events) {
    if (e['type'] !== 'lifecycle') continue;
    const t = num(e['time_s']);
    const id = String(e['target']);
    if (t === undefined) continue;
    if (e['action'] === 'created') created.set(id, t);
    if (e['action'] === 'ready' && created.has(id)) samples.push(Math.round((t - created.get(id)!) * 1000) / 1000);
  }
  if (samples.length === 0) return { startupDelay: null, startupSamples: [] };
  const logs = samples.map(Math.log);
  const mu = logs.reduce((a, b) => a + b, 0) / logs.length;
  const sd = logs.length > 1 ? Math.sqrt(logs.reduce((a, b) => a + (b - mu) ** 2, 0) / (logs.length - 1)) : 0;
  const median = Math.exp(mu) * 1000;
  const startupDelay: FittedDuration =
    sd > 0.01 ? { kind: 'lognormal', median: ms(median), sigma: Math.round(sd * 100) / 100 } : { kind: 'constant', value: ms(median) };
  return { startupDelay, startupSamples: samples };
}

/**
 * Metric delay: the lag L (0–30 s, 0.25 s steps) at which the rps
 * controllers saw (observed.csv) best matches the served rate clients
 * measured (timeseries.csv), by least squares. The simulator's pipeline
 * averages each scrape interval and holds the value until the next scrape,
 * which by itself lags about one scrape interval; the rest is its `delay`:
 * delay = max(0, L − scrapeInterval).
 */
export function fitMetricDelay(
  rows: readonly CsvRow[],
  observed: readonly CsvRow[],
  windowS: number,
  scrapeIntervalS: number,
): Pick<Calibration, 'metricDelay' | 'metricLag'> {
  // Served rate over each window, placed at the window's middle.
  const served = rows.filter((r) => num(r['served']) !== undefined).map((r) => ({ t: num(r['time_s'])! - windowS / 2, v: num(r['served'])! / windowS }));
  const seen = observed.filter((o) => o['metric'] === 'rps' && o['instance'] === '').map((o) => ({ t: num(o['time_s'])!, v: num(o['value'])! }));
  if (served.length < 3 || seen.length < 3) return { metricDelay: null, metricLag: null };
  const at = (t: number): number | undefined => {
    if (t < served[0]!.t || t > served[served.length - 1]!.t) return undefined;
    let i = 0;
    while (served[i + 1] && served[i + 1]!.t < t) i++;
    const a = served[i]!;
    const b = served[i + 1] ?? a;
    return b.t === a.t ? a.v : a.v + ((b.v - a.v) * (t - a.t)) / (b.t - a.t);
  };
  let best = { lagS: 0, rmse: Number.POSITIVE_INFINITY };
  for (let lag = 0; lag <= 30; lag += 0.25) {
    let sum = 0;
    let n = 0;
    for (const o of seen) {
      const v = at(o.t - lag);
      if (v === undefined) continue;
      sum += (o.v - v) ** 2;
      n++;
    }
    // Demand most of the samples, so a long lag cannot win by dropping the step.
    if (n >= seen.length * 0.6 && Math.sqrt(sum / n) < best.rmse) best = { lagS: lag, rmse: Math.sqrt(sum / n) };
  }
  if (!Number.isFinite(best.rmse)) return { metricDelay: null, metricLag: null };
  const delay = Math.max(0, best.lagS - scrapeIntervalS);
  return { metricDelay: `${Math.round(delay * 1000)}ms`, metricLag: { lagS: best.lagS, rmse: Math.round(best.rmse * 1000) / 1000 } };
}
