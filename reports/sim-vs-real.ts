import type { TopLevelSpec } from 'vega-lite';
import type { CsvRow } from './csv-read.js';
import type { Stat } from './html.js';
import { renderPage } from './html.js';

/** One run's rows, as its run directory holds them. */
export interface RunRows {
  /** timeseries.csv rows. */
  readonly timeseries: readonly CsvRow[];
  /** events.csv rows. */
  readonly events: readonly CsvRow[];
}

/** A scale action: when, from how many replicas, to how many. */
interface ScaleMove {
  readonly time_s: number;
  readonly from: number;
  readonly to: number;
}

/** How far a simulated run is from the live run it was calibrated on. */
export interface SimRealGap {
  /** Fraction of live sample times at which the simulated desired replica count is within ±1 of the live one. */
  readonly replicasWithinOne: number;
  /** Largest |simulated − live| desired replica count over the live sample times. */
  readonly maxReplicaGap: number;
  /** Scale actions that changed the replica count, live and simulated. */
  readonly liveScaleActions: number;
  readonly simScaleActions: number;
  /** Per live scale action, |Δt| (s) to the nearest simulated one in the same direction (null when the simulation has none in that direction). */
  readonly decisionGapsS: readonly (number | null)[];
  /** The same, with each live action's time and direction, for bounds that differ by direction. */
  readonly decisions: readonly { readonly time_s: number; readonly direction: 'up' | 'down'; readonly gapS: number | null }[];
  /** Largest of `decisionGapsS` (null if any is null or there are none). */
  readonly maxDecisionGapS: number | null;
  /** Mean latency (ms) over served requests, live and simulated. */
  readonly liveMeanLatencyMs: number | null;
  readonly simMeanLatencyMs: number | null;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The scale actions of an events table that changed the replica count, in time order. */
function scaleMoves(events: readonly CsvRow[]): ScaleMove[] {
  return events
    .filter((e) => e['type'] === 'action' && e['action'] === 'scale' && num(e['from']) !== undefined && num(e['from']) !== num(e['to']))
    .map((e) => ({ time_s: num(e['time_s'])!, from: num(e['from'])!, to: num(e['to'])! }));
}

/** Served-weighted mean latency of a time series, ms. */
function meanLatency(rows: readonly CsvRow[]): number | null {
  let w = 0;
  let sum = 0;
  for (const r of rows) {
    const l = num(r['latency_ms']);
    const s = num(r['served']);
    if (l === undefined || !s) continue;
    sum += l * s;
    w += s;
  }
  return w > 0 ? Math.round((sum / w) * 10) / 10 : null;
}

/**
 * Compares a simulated run with the live run it reproduces: replica counts
 * at each live sample time (the simulated row at or before it), decision
 * times (each live scale action against the nearest simulated action in
 * the same direction), and mean latency. One seed: the figures carry that
 * seed's luck.
 */
export function simRealGap(live: RunRows, sim: RunRows): SimRealGap {
  const simRows = sim.timeseries.map((r) => ({ t: num(r['time_s'])!, d: num(r['desired'])! })).filter((r) => r.t !== undefined);
  const simDesiredAt = (t: number): number | undefined => {
    let v: number | undefined;
    for (const r of simRows) {
      if (r.t > t + 1e-9) break;
      v = r.d;
    }
    return v;
  };
  let within = 0;
  let n = 0;
  let maxGap = 0;
  for (const r of live.timeseries) {
    const t = num(r['time_s']);
    const d = num(r['desired']);
    const s = t === undefined ? undefined : simDesiredAt(t);
    if (d === undefined || s === undefined) continue;
    n++;
    if (Math.abs(s - d) <= 1) within++;
    maxGap = Math.max(maxGap, Math.abs(s - d));
  }
  const liveMoves = scaleMoves(live.events);
  const simMoves = scaleMoves(sim.events);
  const gaps = liveMoves.map((m) => {
    const same = simMoves.filter((s) => Math.sign(s.to - s.from) === Math.sign(m.to - m.from));
    return same.length ? Math.round(Math.min(...same.map((s) => Math.abs(s.time_s - m.time_s))) * 1000) / 1000 : null;
  });
  return {
    replicasWithinOne: n ? Math.round((within / n) * 1000) / 1000 : 0,
    maxReplicaGap: maxGap,
    liveScaleActions: liveMoves.length,
    simScaleActions: simMoves.length,
    decisionGapsS: gaps,
    decisions: liveMoves.map((m, i) => ({ time_s: m.time_s, direction: m.to > m.from ? ('up' as const) : ('down' as const), gapS: gaps[i]! })),
    maxDecisionGapS: gaps.length && gaps.every((g) => g !== null) ? Math.max(...(gaps as number[])) : null,
    liveMeanLatencyMs: meanLatency(live.timeseries),
    simMeanLatencyMs: meanLatency(sim.timeseries),
  };
}

/** Rows of the overlay charts: one per run, series and time. */
function overlayRows(live: RunRows, sim: RunRows): Array<Record<string, string | number>> {
  const out: Array<Record<string, string | number>> = [];
  for (const [source, run] of [
    ['live', live],
    ['simulated', sim],
  ] as const) {
    for (const r of run.timeseries) {
      const t = num(r['time_s']);
      if (t === undefined) continue;
      for (const c of ['desired', 'ready', 'latency_ms', 'load_rps'] as const) {
        const v = num(r[c]);
        if (v !== undefined) out.push({ time_s: t, source, series: c, value: v });
      }
    }
  }
  return out;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const COLOR = { field: 'source', type: 'nominal', title: 'run', scale: { domain: ['live', 'simulated'], range: ['#d62728', '#1f77b4'] } } as const;

/** The overlay's Vega-Lite specs: replicas, latency, decision times. */
function simRealSpecs(live: RunRows, sim: RunRows): Record<string, TopLevelSpec> {
  const rows = overlayRows(live, sim);
  const moves = [...scaleMoves(live.events).map((m) => ({ ...m, source: 'live' })), ...scaleMoves(sim.events).map((m) => ({ ...m, source: 'simulated' }))];
  const x = { field: 'time_s', type: 'quantitative', title: 'time (s)' } as const;
  return {
    'overlay-replicas': {
      $schema: SCHEMA,
      width: 760,
      height: 220,
      data: { values: rows },
      transform: [{ filter: "datum.series === 'desired' || datum.series === 'ready'" }],
      mark: { type: 'line', interpolate: 'step-after' },
      encoding: {
        x,
        y: { field: 'value', type: 'quantitative', title: 'replicas' },
        color: COLOR,
        strokeDash: { field: 'series', type: 'nominal', title: 'count' },
      },
    },
    'overlay-latency': {
      $schema: SCHEMA,
      width: 760,
      height: 200,
      data: { values: rows },
      transform: [{ filter: "datum.series === 'latency_ms'" }],
      mark: { type: 'line' },
      encoding: { x, y: { field: 'value', type: 'quantitative', title: 'mean latency (ms)', scale: { type: 'log' } }, color: COLOR },
    },
    'overlay-decisions': {
      $schema: SCHEMA,
      width: 760,
      height: 90,
      data: { values: moves },
      mark: { type: 'point', filled: true, size: 90 },
      encoding: {
        x,
        y: { field: 'source', type: 'nominal', title: null },
        color: COLOR,
        shape: { field: 'direction', type: 'nominal', title: 'direction' },
        tooltip: [{ field: 'time_s', title: 'time (s)' }, { field: 'from' }, { field: 'to' }],
      },
      transform: [{ calculate: "datum.to > datum.from ? 'up' : 'down'", as: 'direction' }],
    },
  } as Record<string, TopLevelSpec>;
}

/** A self-contained HTML page overlaying a simulated run on the live run it was calibrated from. */
export function simRealHtml(
  title: string,
  subtitle: string,
  live: RunRows,
  sim: RunRows,
  gap: SimRealGap,
  fitted: readonly string[],
  syncPeriodS: number,
): string {
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  const stats: Stat[] = [
    { label: 'replicas within ±1', value: pct(gap.replicasWithinOne), hint: 'of live sample times, simulated desired count vs live' },
    { label: 'largest replica gap', value: String(gap.maxReplicaGap) },
    { label: 'scale actions', value: `${gap.liveScaleActions} live / ${gap.simScaleActions} sim` },
    { label: 'largest decision gap', value: gap.maxDecisionGapS === null ? 'unmatched' : `${gap.maxDecisionGapS} s`, hint: `sync period ${syncPeriodS} s` },
    { label: 'mean latency', value: `${gap.liveMeanLatencyMs ?? '–'} ms live / ${gap.simMeanLatencyMs ?? '–'} ms sim` },
  ];
  const specs = simRealSpecs(live, sim);
  return renderPage({
    title,
    subtitle,
    sections: [
      { kind: 'stats', title: 'Sim versus real (one seed)', stats },
      { kind: 'chart', id: 'overlay-replicas', title: 'Replicas: desired (solid) and ready (dashed)' },
      { kind: 'chart', id: 'overlay-latency', title: 'Mean latency per window' },
      {
        kind: 'chart',
        id: 'overlay-decisions',
        title: 'Scale decisions',
        note: 'Each live action is matched with the nearest simulated action in the same direction.',
      },
      { kind: 'text', title: 'Fitted from the live run', text: fitted.join('\n') },
    ],
    specs,
  });
}
