import type { TopLevelSpec } from 'vega-lite';
import type { Row } from '../sim/world/world.js';
import type { Page, Section } from './html.js';
import { renderPage } from './html.js';

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
  /** Time-series rows (possibly downsampled). */
  readonly timeseries: readonly Row[];
  /** Applied and rejected controller actions. */
  readonly actions: readonly Row[];
  /** The latency SLO, ms. */
  readonly sloLatencyMs: number;
  /** Summary metrics by name. */
  readonly summary: Readonly<Record<string, number>>;
}

const WIDTH = 760;

function minutes(): { calculate: string; as: string } {
  return { calculate: 'datum.time_s / 60', as: 'minute' };
}

/** Load offered vs ready capacity, per service. */
function loadVsCapacity(data: RunReportData): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: 'Offered load against ready capacity',
    width: WIDTH,
    height: 220,
    data: { values: data.timeseries as Row[] },
    transform: [minutes(), { fold: ['load_rps', 'capacity_rps'], as: ['series', 'rps'] }],
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: {
      x: { field: 'minute', type: 'quantitative', title: 'time (min)' },
      y: { field: 'rps', type: 'quantitative', title: 'requests / s' },
      color: { field: 'series', type: 'nominal', title: null, scale: { domain: ['load_rps', 'capacity_rps'], range: ['#d1495b', '#2e86ab'] } },
      strokeDash: { field: 'service', type: 'nominal' },
      tooltip: [{ field: 'service' }, { field: 'minute', format: '.1f' }, { field: 'series' }, { field: 'rps', format: '.1f' }],
    },
  };
}

/** Ready and desired replicas, with each scale action as a mark carrying its reason. */
function replicas(data: RunReportData): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: 'Ready vs desired replicas, and scale actions',
    width: WIDTH,
    height: 220,
    layer: [
      {
        data: { values: data.timeseries as Row[] },
        transform: [minutes(), { fold: ['ready', 'desired'], as: ['series', 'replicas'] }],
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x: { field: 'minute', type: 'quantitative', title: 'time (min)' },
          y: { field: 'replicas', type: 'quantitative', title: 'replicas' },
          color: { field: 'series', type: 'nominal', title: null, scale: { domain: ['ready', 'desired', 'scale action'], range: ['#2e86ab', '#f18f01', '#3b1f2b'] } },
          strokeDash: { field: 'service', type: 'nominal' },
        },
      },
      {
        data: { values: data.actions as Row[] },
        transform: [minutes(), { filter: "datum.action === 'scale'" }, { calculate: "'scale action'", as: 'series' }],
        mark: { type: 'point', filled: true, size: 45 },
        encoding: {
          x: { field: 'minute', type: 'quantitative' },
          y: { field: 'to', type: 'quantitative' },
          color: { field: 'series', type: 'nominal' },
          tooltip: [{ field: 'controller' }, { field: 'minute', format: '.2f' }, { field: 'from' }, { field: 'to' }, { field: 'reason' }],
        },
      },
    ],
  };
}

/** Mean latency against the SLO. */
function latency(data: RunReportData): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: 'Mean latency against the SLO',
    width: WIDTH,
    height: 180,
    layer: [
      {
        data: { values: data.timeseries as Row[] },
        transform: [minutes()],
        mark: { type: 'line', color: '#6a4c93' },
        encoding: {
          x: { field: 'minute', type: 'quantitative', title: 'time (min)' },
          y: { field: 'latency_ms', type: 'quantitative', title: 'mean latency (ms)', scale: { type: 'symlog' } },
          strokeDash: { field: 'service', type: 'nominal' },
          tooltip: [{ field: 'service' }, { field: 'minute', format: '.1f' }, { field: 'latency_ms', format: '.1f' }, { field: 'utilization', format: '.2f' }],
        },
      },
      {
        data: { values: [{ slo: data.sloLatencyMs }] },
        mark: { type: 'rule', color: '#d1495b', strokeDash: [6, 4] },
        encoding: { y: { field: 'slo', type: 'quantitative' }, tooltip: [{ field: 'slo', title: 'SLO (ms)' }] },
      },
    ],
  };
}

/** The run report's charts, by id; also written next to the data as `<id>.vl.json`. */
export function runReportSpecs(data: RunReportData): Record<string, TopLevelSpec> {
  return { 'load-vs-capacity': loadVsCapacity(data), replicas: replicas(data), latency: latency(data) };
}

/** The run report as a self-contained HTML page. */
export function runReportHtml(data: RunReportData, specs: Record<string, TopLevelSpec> = runReportSpecs(data)): string {
  const sections: Section[] = [
    { kind: 'chart', id: 'load-vs-capacity', title: 'Load vs capacity', note: 'Offered requests/s against what ready instances can serve. Red above blue is an under-provisioned stretch.' },
    { kind: 'chart', id: 'replicas', title: 'Replicas and scale actions', note: 'Desired (what the controller asked for) against ready. Hover a dot for the decision and its reason.' },
    { kind: 'chart', id: 'latency', title: 'Latency vs SLO', note: 'Mean latency; the dashed line is the SLO.' },
    { kind: 'table', title: 'Summary metrics', columns: ['metric', 'value'], rows: Object.entries(data.summary).map(([k, v]) => [k, v]) },
  ];
  const page: Page = {
    title: `ctrlsim run: ${data.name}`,
    subtitle: `${data.description ? `${data.description} · ` : ''}seed ${data.seed} · fingerprint ${data.fingerprint}`,
    sections,
    specs,
  };
  return renderPage(page);
}
