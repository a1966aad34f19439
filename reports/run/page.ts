/**
 * The run report page: its charts in order (the service charts, then one per
 * controller panel with rows), the headline numbers the metric catalogue
 * marks, and the self-contained HTML.
 */
import type { TopLevelSpec } from 'vega-lite';
import { HEADLINE_ASPECTS, SUMMARY_CATALOGUE } from '../../sim/metric-catalogue.js';
import { fmt } from '../format.js';
import type { Page, Section, Stat } from '../html.js';
import { renderPage } from '../html.js';
import type { RunReportData } from './data.js';
import { prepare } from './data.js';
import { panelSpec } from './panel-chart.js';
import { brushStrip, latency, loadVsCapacity, replicas } from './service-charts.js';

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
