import type { TopLevelSpec } from 'vega-lite';
import type { LayerSpec } from 'vega-lite/types_unstable/spec/layer.js';
import type { UnitSpec } from 'vega-lite/types_unstable/spec/unit.js';
import type { Field } from 'vega-lite/types_unstable/channeldef.js';
import type { Row } from '../lib/rows.js';
import { fmt } from './format.js';
import type { Page, Section, Stat } from './html.js';
import { renderPage } from './html.js';
import { HEADLINE_ASPECTS, SUMMARY_CATALOGUE } from '../sim/metric-catalogue.js';

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

/** A layer of a layered chart. */
type Layer = LayerSpec<Field> | UnitSpec<Field>;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const WIDTH = 760;

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
interface RunDatasets {
  readonly timeseries: Row[];
  readonly actions: Row[];
  readonly intervals: Interval[];
  readonly horizonMin: number;
  readonly percentiles: readonly (readonly [string, string])[];
  /** Largest latency drawn, ms (for the axis ticks). */
  readonly maxLatencyMs: number;
}

function prepare(data: RunReportData): RunDatasets {
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

function minutes(field = 'time_s', as = 'minute'): { calculate: string; as: string } {
  return { calculate: `datum.${field} / 60`, as };
}

/**
 * Axis labels for a time in minutes: h:mm, or "d<day> h:mm" for runs longer
 * than two days (a Vega expression on the tick value).
 */
function clockLabelExpr(horizonMin: number): string {
  const hm = "floor((datum.value % 1440) / 60) + ':' + (floor(datum.value % 60) < 10 ? '0' : '') + floor(datum.value % 60)";
  return horizonMin > 2 * 1440
    ? `'d' + floor(datum.value / 1440) + ' ' + ${hm}`
    : `floor(datum.value / 60) + ':' + (floor(datum.value % 60) < 10 ? '0' : '') + floor(datum.value % 60)`;
}

function timeAxis(d: RunDatasets, title: string | null = d.horizonMin > 2 * 1440 ? 'time (day h:mm)' : 'time (h:mm)') {
  return {
    field: 'minute',
    type: 'quantitative' as const,
    title,
    scale: { domain: [0, Math.max(d.horizonMin, 1e-9)], nice: false, zero: true },
    axis: { labelExpr: clockLabelExpr(d.horizonMin), tickMinStep: 1 },
  };
}

/** Zoom and pan on a time chart: an interval selection on x bound to the scales (drag to pan, wheel to zoom, double-click to reset). */
const ZOOM = { name: 'zoom', select: { type: 'interval' as const, encodings: ['x' as const] }, bind: 'scales' as const };

/** Latency ticks readable on a symlog axis: 0, 1, then 1-2-5 steps from 10 ms up to the largest value. */
function latencyTicks(maxMs: number): number[] {
  const top = Math.max(10, maxMs * 1.05);
  // Below 10 ms symlog crowds its ticks together, so the steps start at 10.
  const ticks = [0, 1];
  for (let decade = 10; decade <= top; decade *= 10) for (const m of [1, 2, 5]) if (m * decade <= top) ticks.push(m * decade);
  return ticks;
}

/** Faults and partitions as grey bands behind a time chart's lines, labelled on charts tall enough for text. */
function intervalLayers(d: RunDatasets, labels = true): Layer[] {
  if (d.intervals.length === 0) return [];
  const transform = [minutes('start_s', 'start_min'), minutes('end_s', 'end_min')];
  const band: Layer = {
    data: { name: 'intervals' },
    transform,
    mark: { type: 'rect', color: '#8d99ae', opacity: 0.22 },
    encoding: {
      x: { field: 'start_min', type: 'quantitative' },
      x2: { field: 'end_min' },
      tooltip: [
        { field: 'label', title: 'fault' },
        { field: 'start_min', title: 'from (min)', format: '.1f' },
        { field: 'end_min', title: 'to (min)', format: '.1f' },
      ],
    },
  };
  if (!labels) return [band];
  return [
    band,
    {
      data: { name: 'intervals' },
      transform,
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, fontSize: 10, color: '#4a5468', limit: 160 },
      encoding: { x: { field: 'start_min', type: 'quantitative' }, y: { value: 2 }, text: { field: 'label' } },
    },
  ];
}

function datasetsFor(d: RunDatasets, names: readonly ('timeseries' | 'actions' | 'intervals')[]): Record<string, Row[] | Interval[]> {
  const out: Record<string, Row[] | Interval[]> = {};
  for (const n of names) if (n !== 'intervals' || d.intervals.length > 0) out[n] = d[n];
  return out;
}

/** Offered load against ready capacity, per service, with under-provisioned stretches filled red. */
function loadVsCapacity(d: RunDatasets): TopLevelSpec {
  return {
    $schema: SCHEMA,
    description: 'Offered load against ready capacity',
    width: WIDTH,
    height: 220,
    datasets: datasetsFor(d, ['timeseries', 'intervals']),
    layer: [
      ...intervalLayers(d),
      {
        data: { name: 'timeseries' },
        transform: [minutes(), { calculate: 'max(datum.load_rps, datum.capacity_rps)', as: 'gap_top' }],
        mark: { type: 'area', interpolate: 'step-after', color: '#d1495b', opacity: 0.25 },
        encoding: {
          x: timeAxis(d),
          y: { field: 'capacity_rps', type: 'quantitative' },
          y2: { field: 'gap_top' },
          detail: { field: 'service', type: 'nominal' },
        },
      },
      {
        data: { name: 'timeseries' },
        transform: [minutes(), { fold: ['load_rps', 'capacity_rps'], as: ['series', 'rps'] }],
        params: [ZOOM],
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x: timeAxis(d),
          y: { field: 'rps', type: 'quantitative', title: 'requests / s' },
          color: { field: 'series', type: 'nominal', title: null, scale: { domain: ['load_rps', 'capacity_rps'], range: ['#d1495b', '#2e86ab'] } },
          strokeDash: { field: 'service', type: 'nominal' },
          tooltip: [{ field: 'service' }, { field: 'minute', title: 'minute', format: '.1f' }, { field: 'series' }, { field: 'rps', format: '.1f' }],
        },
      },
    ],
  };
}

/** A thin overview of offered load with a brush (an interval selection on x) that zooms every time chart of the page. */
function brushStrip(d: RunDatasets): TopLevelSpec {
  return {
    $schema: SCHEMA,
    description: 'Overview: brush to zoom every time chart',
    width: WIDTH,
    height: 40,
    datasets: datasetsFor(d, ['timeseries', 'intervals']),
    layer: [
      ...intervalLayers(d, false),
      {
        data: { name: 'timeseries' },
        transform: [minutes()],
        params: [{ name: 'brush', select: { type: 'interval', encodings: ['x'] } }],
        mark: { type: 'area', interpolate: 'step-after', color: '#d1495b', opacity: 0.35 },
        encoding: { x: timeAxis(d, null), y: { aggregate: 'sum', field: 'load_rps', type: 'quantitative', title: null, axis: null } },
      },
    ],
  };
}

/** Ready and desired replicas, with each scale action as a mark carrying its reason, flaps in red and rejected actions as crosses. */
function replicas(d: RunDatasets): TopLevelSpec {
  const rejected = d.actions.some((a) => a['kind'] === 'rejected');
  const color = {
    field: 'series',
    type: 'nominal' as const,
    title: null,
    scale: {
      domain: ['ready', 'desired', 'scale action', 'reversal (flap)', ...(rejected ? ['rejected'] : [])],
      range: ['#2e86ab', '#f18f01', '#3b1f2b', '#d1495b', '#8a0303'],
    },
  };
  return {
    $schema: SCHEMA,
    description: 'Ready vs desired replicas, and scale actions',
    width: WIDTH,
    height: 220,
    datasets: datasetsFor(d, ['timeseries', 'actions', 'intervals']),
    layer: [
      ...intervalLayers(d),
      {
        data: { name: 'timeseries' },
        transform: [minutes(), { fold: ['ready', 'desired'], as: ['series', 'replicas'] }],
        params: [ZOOM],
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x: timeAxis(d),
          y: { field: 'replicas', type: 'quantitative', title: 'replicas' },
          color,
          strokeDash: { field: 'service', type: 'nominal' },
        },
      },
      {
        data: { name: 'actions' },
        transform: [minutes(), { filter: "datum.kind === 'scale action' || datum.kind === 'reversal (flap)'" }, { calculate: 'datum.kind', as: 'series' }],
        mark: { type: 'point', filled: true, size: 60 },
        encoding: {
          x: { field: 'minute', type: 'quantitative' },
          y: { field: 'to', type: 'quantitative' },
          color,
          shape: { field: 'direction', type: 'nominal', title: 'scale', scale: { domain: ['up', 'down'], range: ['triangle-up', 'triangle-down'] } },
          tooltip: [
            { field: 'controller' },
            { field: 'target', title: 'service' },
            { field: 'minute', format: '.2f' },
            { field: 'from' },
            { field: 'to' },
            { field: 'kind' },
            { field: 'reason' },
          ],
        },
      },
      ...(rejected
        ? [
            {
              data: { name: 'actions' },
              transform: [minutes(), { filter: "datum.kind === 'rejected'" }, { calculate: "'rejected'", as: 'series' }],
              mark: { type: 'point' as const, shape: 'cross', filled: true, size: 50 },
              encoding: {
                x: { field: 'minute', type: 'quantitative' as const },
                y: { value: 212 },
                color,
                tooltip: [{ field: 'controller' }, { field: 'minute', format: '.2f' }, { field: 'action' }, { field: 'target' }, { field: 'reason' }],
              },
            },
          ]
        : []),
    ],
  };
}

/** Mean latency, and p50/p95/p99 when the time series has them, against the SLO. */
function latency(d: RunDatasets, sloLatencyMs: number): TopLevelSpec {
  const fold = ['latency_ms', ...d.percentiles.map(([c]) => c)];
  const names = ['mean', ...d.percentiles.map(([, n]) => n)];
  return {
    $schema: SCHEMA,
    description: 'Latency against the SLO',
    width: WIDTH,
    height: 200,
    datasets: datasetsFor(d, ['timeseries', 'intervals']),
    layer: [
      ...intervalLayers(d),
      {
        data: { name: 'timeseries' },
        transform: [
          minutes(),
          { fold, as: ['column', 'ms'] },
          { calculate: `datum.column === 'latency_ms' ? 'mean' : replace(datum.column, '_ms', '')`, as: 'series' },
        ],
        params: [ZOOM],
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: {
          x: timeAxis(d),
          y: {
            field: 'ms',
            type: 'quantitative',
            title: 'latency (ms)',
            scale: { type: 'symlog', zero: false },
            axis: { values: latencyTicks(d.maxLatencyMs), format: ',.0f', labelOverlap: 'greedy' },
          },
          color: { field: 'series', type: 'nominal', title: null, scale: { domain: names, range: ['#6a4c93', '#43aa8b', '#f8961e', '#d1495b'] } },
          strokeDash: { field: 'service', type: 'nominal' },
          tooltip: [
            { field: 'service' },
            { field: 'minute', title: 'minute', format: '.1f' },
            { field: 'series' },
            { field: 'ms', format: '.1f' },
            { field: 'utilization', format: '.2f' },
          ],
        },
      },
      {
        data: { values: [{ slo: sloLatencyMs, label: `SLO ${fmt(sloLatencyMs)} ms` }] },
        layer: [
          {
            mark: { type: 'rule', color: '#d1495b', strokeDash: [6, 4] },
            encoding: { y: { field: 'slo', type: 'quantitative' }, tooltip: [{ field: 'slo', title: 'SLO (ms)' }] },
          },
          {
            mark: { type: 'text', align: 'left', dx: 4, dy: -7, color: '#d1495b', fontSize: 10, fontWeight: 'bold' },
            encoding: { y: { field: 'slo', type: 'quantitative' }, x: { value: 0 }, text: { field: 'label' } },
          },
        ],
      },
    ],
  };
}

/** A chart id made of letters, digits and dashes, unique among `taken`. */
function chartId(base: string, taken: Set<string>): string {
  const slug =
    base
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'panel';
  let id = slug;
  for (let k = 2; taken.has(id); k++) id = `${slug}-${k}`;
  taken.add(id);
  return id;
}

/** A per-controller panel: a stepped line per numeric series, or a state timeline per text series. */
function panelSpec(panel: ControllerPanel, d: RunDatasets, datasetName: string): TopLevelSpec {
  const numeric = panel.rows.every((r) => typeof r.value === 'number');
  if (numeric) {
    const values = panel.rows.map((r) => ({
      time_s: r.time_s,
      series: r.series,
      value: r.value,
      ...(r.reason !== undefined ? { reason: r.reason } : {}),
      ...(r.age_s !== undefined ? { age_s: r.age_s } : {}),
    }));
    const marked = panel.rows.some((r) => r.reason !== undefined);
    return {
      $schema: SCHEMA,
      description: `${panel.controller}: ${panel.title}`,
      width: WIDTH,
      height: 160,
      datasets: { [datasetName]: values, ...datasetsFor(d, ['intervals']) },
      layer: [
        ...intervalLayers(d),
        {
          data: { name: datasetName },
          transform: [minutes()],
          params: [ZOOM],
          mark: { type: 'line', interpolate: 'step-after' },
          encoding: {
            x: timeAxis(d),
            y: { field: 'value', type: 'quantitative', title: panel.unit ?? panel.title },
            color: { field: 'series', type: 'nominal', title: null },
            tooltip: [{ field: 'series' }, { field: 'minute', format: '.2f' }, { field: 'value' }],
          },
        },
        ...(marked
          ? [
              {
                data: { name: datasetName },
                transform: [minutes(), { filter: 'isValid(datum.reason)' }],
                mark: { type: 'point' as const, filled: true, size: 28 },
                encoding: {
                  x: { field: 'minute', type: 'quantitative' as const },
                  y: { field: 'value', type: 'quantitative' as const },
                  color: { field: 'series', type: 'nominal' as const, title: null },
                  tooltip: [
                    { field: 'series' },
                    { field: 'minute', format: '.2f' },
                    { field: 'value', format: '.3f' },
                    { field: 'age_s', title: 'age (s)' },
                    { field: 'reason' },
                  ],
                },
              },
            ]
          : []),
      ],
    };
  }
  // Text values: each state holds from its row until the next row of the same series (or the run's end).
  const bySeries = new Map<string, PanelRow[]>();
  for (const r of panel.rows) {
    let s = bySeries.get(r.series);
    if (!s) bySeries.set(r.series, (s = []));
    s.push(r);
  }
  const endS = d.horizonMin * 60;
  const segments: Array<{ series: string; state: string; start_s: number; end_s: number }> = [];
  for (const [series, rows] of bySeries) {
    const sorted = [...rows].sort((a, b) => a.time_s - b.time_s);
    sorted.forEach((r, i) => {
      const next = sorted[i + 1];
      segments.push({ series, state: String(r.value), start_s: r.time_s, end_s: next ? next.time_s : Math.max(endS, r.time_s) });
    });
  }
  return {
    $schema: SCHEMA,
    description: `${panel.controller}: ${panel.title}`,
    width: WIDTH,
    height: Math.max(40, 26 * bySeries.size),
    datasets: { [datasetName]: segments, ...datasetsFor(d, ['intervals']) },
    layer: [
      ...intervalLayers(d, false),
      {
        data: { name: datasetName },
        transform: [minutes('start_s', 'minute'), minutes('end_s', 'end_min')],
        params: [ZOOM],
        mark: { type: 'rect', height: { band: 0.8 } },
        encoding: {
          x: timeAxis(d),
          x2: { field: 'end_min' },
          y: { field: 'series', type: 'nominal', title: null },
          color: { field: 'state', type: 'nominal', title: panel.unit ?? null },
          tooltip: [
            { field: 'series' },
            { field: 'state' },
            { field: 'minute', title: 'from (min)', format: '.2f' },
            { field: 'end_min', title: 'to (min)', format: '.2f' },
          ],
        },
      },
    ],
  };
}

/** A chart of the run report: its id (also the `<id>.vl.json` / `<id>.svg` file name), title, note and spec. */
export interface ReportChart {
  /** Element id and file stem. */
  readonly id: string;
  /** Section heading (may hold user text: escaped). */
  readonly title: string;
  /** How to read the chart. */
  readonly note: string;
  /** The Vega-Lite spec, data included. */
  readonly spec: TopLevelSpec;
}

/** The run report's charts in page order: load, replicas, latency, then one per controller panel with rows. */
export function runReportCharts(data: RunReportData): ReportChart[] {
  const d = prepare(data);
  const taken = new Set(['time-brush', 'load-vs-capacity', 'replicas', 'latency']);
  const shaded = d.intervals.length > 0 ? ' Grey bands are faults and partitions (hover for what happened).' : '';
  const charts: ReportChart[] = [
    {
      id: 'time-brush',
      title: 'Zoom',
      note: 'Drag across this strip to zoom every time chart below to that window (drag it to pan, click outside it to reset). Each chart also zooms with the wheel and pans by dragging; all follow.',
      spec: brushStrip(d),
    },
    {
      id: 'load-vs-capacity',
      title: 'Load vs capacity',
      note: `Offered requests/s against what ready instances can serve; red fill marks under-provisioned stretches (the controller reacting late).${shaded}`,
      spec: loadVsCapacity(d),
    },
    {
      id: 'replicas',
      title: 'Replicas and scale actions',
      note: `Desired (what the controller asked for) against ready. Triangles are scale actions, red ones reverse the previous direction (thrashing); hover for the decision and its reason.${shaded}`,
      spec: replicas(d),
    },
    {
      id: 'latency',
      title: 'Latency vs SLO',
      note: `${d.percentiles.length ? `Mean and ${d.percentiles.map(([, n]) => n).join('/')} latency` : 'Mean latency'} on a symlog scale; the dashed line is the SLO.${shaded}`,
      spec: latency(d, data.sloLatencyMs),
    },
  ];
  (data.panels ?? []).forEach((panel, i) => {
    if (panel.rows.length === 0) return;
    charts.push({
      id: chartId(`panel-${panel.controller}-${panel.title}`, taken),
      title: `${panel.controller}: ${panel.title}`,
      note: panel.note ?? '',
      spec: panelSpec(panel, d, `panel${i}`),
    });
  });
  return charts;
}

/** The run report's charts, by id; also written next to the data as `<id>.vl.json` (and `<id>.svg`). */
export function runReportSpecs(data: RunReportData): Record<string, TopLevelSpec> {
  return Object.fromEntries(runReportCharts(data).map((c) => [c.id, c.spec]));
}

/**
 * The headline numbers of a run, those present in the summary: the metrics
 * the catalogue marks as headlines (thrashing, then responsiveness, SLO and
 * cost, each in catalogue order). Responsiveness is the shortfall and time to
 * adequate capacity, which oscillating cannot improve; never the mean
 * under-provisioned stretch, which it can.
 */
export function runHeadlines(summary: Readonly<Record<string, number>>): Stat[] {
  const headlined = SUMMARY_CATALOGUE.filter((i) => i.headline !== undefined && summary[i.name] !== undefined);
  return HEADLINE_ASPECTS.flatMap((aspect) =>
    headlined
      .filter((i) => i.headline!.aspect === aspect)
      .map((i) => ({ label: i.headline!.label, value: fmt(summary[i.name]), ...(i.headline!.hint ? { hint: i.headline!.hint } : {}) })),
  );
}

/** The run report as a self-contained HTML page. */
export function runReportHtml(data: RunReportData, specs?: Record<string, TopLevelSpec>): string {
  const charts = runReportCharts(data);
  const chosen = specs ?? Object.fromEntries(charts.map((c) => [c.id, c.spec]));
  const sections: Section[] = [
    { kind: 'stats', title: 'At a glance', stats: runHeadlines(data.summary) },
    ...charts.filter((c) => chosen[c.id] !== undefined).map((c): Section => ({ kind: 'chart', id: c.id, title: c.title, ...(c.note ? { note: c.note } : {}) })),
    { kind: 'table', title: 'Summary metrics', columns: ['metric', 'value'], rows: Object.entries(data.summary).map(([k, v]) => [k, fmt(v)]) },
  ];
  const page: Page = {
    title: `ctrlsim run: ${data.name}`,
    subtitle: `${data.description ? `${data.description} · ` : ''}seed ${data.seed} · fingerprint ${data.fingerprint}`,
    sections,
    specs: chosen,
  };
  return renderPage(page);
}
