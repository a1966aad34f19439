/**
 * What a run report shows (the types its callers fill in) and the data its
 * time charts share: the time series cut to the columns they draw, the
 * actions with flaps marked, the fault intervals clipped to the horizon.
 */
import type { Row } from '../../lib/rows.js';

/** A shaded stretch of virtual time on the run's charts: a fault, a partition, a zone outage. */
export interface Interval {
  /** Start, seconds of virtual time. */
  readonly start_s: number;
  /** End, seconds of virtual time (clipped to the run's horizon when drawn). */
  readonly end_s: number;
  /** What happened ("partition controller | metrics"); user text, shown on hover. */
  readonly label: string;
}

/** One observation of a per-controller panel, in long form. */
export interface PanelRow {
  /** When, seconds of virtual time. */
  readonly time_s: number;
  /** Which line or lane ("healthy", "leader", "keys moved"). */
  readonly series: string;
  /** A number draws a stepped line; text draws a state timeline (the state holds until the next row of its series). */
  readonly value: number | string;
  /** A decision taken on this value: the row is also drawn as a mark, with the reason on hover. */
  readonly reason?: string;
  /** Age of the observed value when the controller acted on it, seconds. */
  readonly age_s?: number;
}

/**
 * An optional chart for one controller's own state: registry health, the
 * current leader, a rollout's step, keys moved by a hash ring. Drawn only
 * when the run produced rows for it.
 */
export interface ControllerPanel {
  /** Controller name from the experiment (user text). */
  readonly controller: string;
  /** Panel title ("registry health"). */
  readonly title: string;
  /** One line saying how to read the panel. */
  readonly note?: string;
  /** Y-axis title of a numeric panel ("instances"). */
  readonly unit?: string;
  /** The observations. */
  readonly rows: readonly PanelRow[];
}

/** What a run report shows. */
export interface RunReportData {
  /** Experiment name (user text: escaped when rendered). */
  readonly name: string;
  /** Experiment description. */
  readonly description: string;
  /** Seed of the run. */
  readonly seed: number;
  /** Trace fingerprint. */
  readonly fingerprint: string;
  /**
   * Time-series rows (possibly downsampled): time_s, service, load_rps,
   * capacity_rps, ready, desired, latency_ms, and p50_ms / p95_ms / p99_ms
   * when the world records percentiles (drawn when present).
   */
  readonly timeseries: readonly Row[];
  /** Applied and rejected controller actions (rows of events.csv whose type is not `decision`). */
  readonly actions: readonly Row[];
  /** The latency SLO, ms. */
  readonly sloLatencyMs: number;
  /** Summary metrics by name. */
  readonly summary: Readonly<Record<string, number>>;
  /** Faults and partitions to shade on every time chart. */
  readonly intervals?: readonly Interval[];
  /** Per-controller panels, each drawn when it has rows. */
  readonly panels?: readonly ControllerPanel[];
}

/** Time-series columns the charts read; others are dropped from the embedded data. */
const CHART_COLUMNS = [
  'time_s',
  'service',
  'load_rps',
  'capacity_rps',
  'ready',
  'desired',
  'live',
  'utilization',
  'latency_ms',
  'p50_ms',
  'p95_ms',
  'p99_ms',
  'dropped',
] as const;

/** Latency percentile columns drawn when present, with their legend names. */
const PERCENTILES = [
  ['p50_ms', 'p50'],
  ['p95_ms', 'p95'],
  ['p99_ms', 'p99'],
] as const;

/** The data every time chart shares, embedded once per page as named datasets. */
export interface RunDatasets {
  readonly timeseries: Row[];
  readonly actions: Row[];
  readonly intervals: Interval[];
  readonly horizonMin: number;
  readonly percentiles: readonly (readonly [string, string])[];
  /** Largest latency drawn, ms (for the axis ticks). */
  readonly maxLatencyMs: number;
}

/** The datasets of `data` its time charts share: chart columns only, flaps marked among the scale actions, intervals clipped to the horizon, the largest latency drawn. */
export function prepare(data: RunReportData): RunDatasets {
  const present = CHART_COLUMNS.filter((c) => data.timeseries.some((r) => r[c] !== undefined && r[c] !== ''));
  const timeseries = data.timeseries.map((r) => {
    const o: Record<string, string | number> = {};
    for (const c of present) if (r[c] !== undefined && r[c] !== '') o[c] = r[c]!;
    return o;
  });
  // A reversal of direction per controller and target is a flap: those dots are drawn in red.
  const last = new Map<string, number>();
  const actions: Row[] = [];
  for (const a of data.actions) {
    if (a['type'] === 'decision') continue;
    const from = Number(a['from']);
    const to = Number(a['to']);
    const row: Record<string, string | number> = {};
    for (const c of ['time_s', 'controller', 'type', 'action', 'target', 'from', 'to', 'reason']) if (a[c] !== undefined) row[c] = a[c]!;
    if (a['type'] === 'action' && a['action'] === 'scale' && Number.isFinite(from) && Number.isFinite(to) && from !== to) {
      const dir = Math.sign(to - from);
      const key = `${String(a['controller'])}\u0000${String(a['target'])}`;
      const prev = last.get(key);
      last.set(key, dir);
      row['direction'] = dir > 0 ? 'up' : 'down';
      row['kind'] = prev !== undefined && prev !== dir ? 'reversal (flap)' : 'scale action';
    } else if (a['type'] === 'rejected') {
      row['kind'] = 'rejected';
    }
    actions.push(row);
  }
  // The horizon is the last sampled or logged time; intervals past it are clipped (only without any rows do they set it).
  let horizonS = 0;
  for (const r of [...data.timeseries, ...data.actions]) {
    const t = Number(r['time_s']);
    if (Number.isFinite(t) && t > horizonS) horizonS = t;
  }
  if (horizonS === 0) for (const i of data.intervals ?? []) horizonS = Math.max(horizonS, i.end_s);
  const intervals = (data.intervals ?? []).map((i) => ({ start_s: i.start_s, end_s: Math.min(i.end_s, horizonS), label: i.label }));
  const percentiles = PERCENTILES.filter(([c]) => present.includes(c));
  let maxLatencyMs = 0;
  for (const r of timeseries) {
    for (const c of ['latency_ms', ...percentiles.map(([col]) => col)]) {
      const v = Number(r[c]);
      if (Number.isFinite(v) && v > maxLatencyMs) maxLatencyMs = v;
    }
  }
  return { timeseries, actions, intervals, horizonMin: horizonS / 60, percentiles, maxLatencyMs };
}
