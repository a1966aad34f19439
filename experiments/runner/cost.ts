import type { Experiment } from '../config/experiment-schema.js';
import { formatBytes } from '../config/bounded-read.js';
import type { LoadedExperiment } from '../config/load.js';
import { locatingErrors } from '../config/load.js';
import { ConfigError } from '../schema/config-error.js';

/**
 * What a run will cost, estimated from its config alone before anything
 * runs: engine events, CSV rows and bytes written. The figures are upper
 * estimates within a small factor (the built-in examples come in at 1.3–1.8× of
 * their measured counts), so a config that would take hours or fill a disk is
 * refused in milliseconds.
 */
export interface RunCost {
  /** Engine events: data-plane ticks, samples, scrapes and controller syncs (× 1.5 for their deliveries), two per instance the service may reach, and two per request at request fidelity. */
  readonly events: number;
  /** Rows of timeseries.csv and events.csv together. */
  readonly rows: number;
  /** Bytes of the CSVs, at about 200 bytes a time-series row and 120 an event row. */
  readonly bytes: number;
}

/** Limits a run is checked against before it starts (and, for events and bytes, while it runs). */
export interface CostLimits {
  /** Most engine events one run may process. */
  readonly maxEvents: number;
  /** Most bytes one run may write. */
  readonly maxOutput: number;
}

/** Default limits: 100 million events (minutes of work), 1 GiB of output. `--max-events` and `--max-output` raise them. */
export const DEFAULT_LIMITS: CostLimits = { maxEvents: 100_000_000, maxOutput: 1024 ** 3 };

const TIMESERIES_ROW_BYTES = 200;
const EVENT_ROW_BYTES = 120;
const DEFAULT_SYNC = 15_000_000;

/** The highest rate one load shape reaches (its noise's burst factor included). */
function peakRps(load: Experiment['services'][number]['load'][number]): number {
  const burst = typeof load.noise === 'object' && load.noise.kind === 'mmpp' ? load.noise.factor : 1;
  switch (load.shape) {
    case 'constant':
      return load.rps * burst;
    case 'step':
      return Math.max(...load.steps.map((s) => s.rps)) * burst;
    case 'ramp':
      return Math.max(load.from, load.to) * burst;
    case 'diurnal':
      return (load.mean + load.amplitude) * burst;
    case 'spike':
      return load.rps * burst;
    case 'trace':
      return load.points.reduce((m, p) => Math.max(m, p.rps), 0) * load.scale * burst;
  }
}

/** Estimates a run's cost from its validated config. */
export function estimateRunCost(exp: Experiment): RunCost {
  const h = exp.horizon;
  const services = exp.services.length;
  const controllers = Object.values(exp.controllers);
  const per = (period: number) => h / period;
  const ticks = per(exp.tick) * services;
  const samples = per(exp.sampleEvery) * services;
  const scrapes = per(exp.metrics.scrapeInterval);
  let syncs = 0;
  for (const c of controllers) {
    const sync = (c as { syncPeriod?: unknown }).syncPeriod;
    syncs += per(typeof sync === 'number' && sync > 0 ? sync : DEFAULT_SYNC);
  }
  let instances = 0;
  let requests = 0;
  for (const s of exp.services) {
    const ceilings = controllers
      .filter((c) => c.service === s.name)
      .map((c) => (c as { maxReplicas?: unknown }).maxReplicas)
      .filter((m): m is number => typeof m === 'number');
    instances += Math.max(s.initialReplicas, ...ceilings);
    if (exp.fidelity === 'request') requests += s.load.reduce((sum, l) => sum + peakRps(l), 0) * (h / 1e6);
  }
  // The periodic work comes with its deliveries and timers (about 1.15 events per tick, sample, scrape or sync in the examples); 1.5 keeps the estimate above.
  const events = 1.5 * (ticks + samples + scrapes + syncs) + 2 * instances + 2 * requests;
  const rows = samples + syncs;
  return { events: Math.ceil(events), rows: Math.ceil(rows), bytes: Math.ceil(samples * TIMESERIES_ROW_BYTES + syncs * EVENT_ROW_BYTES) };
}

/** A count in a short form: 1.2e+10 for huge ones, digits grouped for the rest. */
export function formatCount(n: number): string {
  return n >= 1e12 || !Number.isFinite(n) ? n.toPrecision(3) : Math.round(n).toLocaleString('en-US');
}

/**
 * Refuses a run whose estimate exceeds the limits, before any work: a
 * `ConfigError` (exit 2) on `field` that gives the estimate and the flag that
 * raises the limit. `label` names the run in the message ("sweep point 3").
 */
export function checkRunCost(cost: RunCost, limits: CostLimits, field = 'horizon', label = 'this run'): void {
  const what =
    cost.rows === 0 && cost.bytes === 0
      ? `${label}: about ${formatCount(cost.events)} events`
      : `${label}: about ${formatCount(cost.events)} events, ${formatCount(cost.rows)} rows, ${formatBytes(cost.bytes)} of CSV`;
  if (!(cost.events <= limits.maxEvents)) {
    throw new ConfigError(
      field,
      `a run of at most ${formatCount(limits.maxEvents)} events (shorten the horizon, lengthen tick or sampleEvery, lower the load or replicas, or raise the limit with --max-events)`,
      what,
    );
  }
  if (!(cost.bytes <= limits.maxOutput)) {
    throw new ConfigError(
      field,
      `a run writing at most ${formatBytes(limits.maxOutput)} (lengthen sampleEvery, shorten the horizon, or raise the limit with --max-output)`,
      what,
    );
  }
}

/** Parses `--max-events` / `--max-output` values (integers; the output limit also takes 2GiB, 500MB ...). */
export function parseLimits(maxEvents: unknown, maxOutput: unknown): CostLimits {
  let events = DEFAULT_LIMITS.maxEvents;
  if (maxEvents !== undefined) {
    const n = Number(maxEvents);
    if (!Number.isSafeInteger(n) || n < 1) throw new ConfigError('--max-events', 'an integer ≥ 1', JSON.stringify(maxEvents));
    events = n;
  }
  let output = DEFAULT_LIMITS.maxOutput;
  if (maxOutput !== undefined) {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)?\s*$/i.exec(String(maxOutput));
    const unit = (m?.[2] ?? 'B').toLowerCase();
    const scale: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4 };
    const bytes = m ? Math.floor(Number(m[1]) * scale[unit]!) : NaN;
    if (!Number.isSafeInteger(bytes) || bytes < 1)
      throw new ConfigError('--max-output', 'a size such as 2GiB, 500MB or 1000000 (bytes)', JSON.stringify(maxOutput));
    output = bytes;
  }
  return { maxEvents: events, maxOutput: output };
}

/** Estimates and checks a loaded experiment file's run, the refusal located at the horizon line of its file. Returns the estimate. */
export function checkLoadedCost(loaded: LoadedExperiment, limits: CostLimits): RunCost {
  const cost = estimateRunCost(loaded.experiment);
  const check = () => checkRunCost(cost, limits);
  if (loaded.text !== undefined) locatingErrors(loaded.text, loaded.file, check);
  else check();
  return cost;
}
