import type { TopLevelSpec } from 'vega-lite';
import type { Field } from 'vega-lite/types_unstable/channeldef.js';
import type { LayerSpec } from 'vega-lite/types_unstable/spec/layer.js';
import type { UnitSpec } from 'vega-lite/types_unstable/spec/unit.js';
import type { TableRow } from '../lib/stats/aggregate.js';
import { meanCi } from '../lib/stats/aggregate.js';
import { fmt, fmtCi, roundSig } from './format.js';
import type { Cell, Page, Section } from './html.js';
import { renderPage } from './html.js';
import type { RunReportData } from './run-report.js';
import type { SweepReportData } from './sweep-report.js';
import { SWEEP_REPORT_LIMITS, analyzeSweep, metricGoal } from './sweep-report.js';

/** One side of a comparison: a run or a sweep, under a label the user recognizes (a directory name, "before", "after"). */
export type CompareItem =
  | { readonly kind: 'run'; readonly label: string; readonly run: RunReportData }
  | { readonly kind: 'sweep'; readonly label: string; readonly sweep: SweepReportData };

/** Options of the comparison report. */
export interface CompareOptions {
  /** Page title (default: the labels joined with "vs"). */
  readonly title?: string;
}

type Layer = LayerSpec<Field> | UnitSpec<Field>;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const WIDTH = 760;
/** Summary metrics compared as bars, when present. */
const KEY_METRICS = [
  'flaps_per_hour',
  'replica_churn',
  'shortfall_requests',
  'time_to_adequate_s',
  'slo_violation_s',
  'error_budget_burn',
  'instance_hours',
  'mean_utilization',
];
const RUN_COLUMNS = ['time_s', 'service', 'load_rps', 'capacity_rps', 'ready', 'desired', 'latency_ms'];

/** Labels made unique by a numeric suffix, in order ("a", "a (2)"). */
function uniqueLabels(items: readonly CompareItem[]): string[] {
  const seen = new Map<string, number>();
  return items.map((it) => {
    const n = (seen.get(it.label) ?? 0) + 1;
    seen.set(it.label, n);
    return n === 1 ? it.label : `${it.label} (${n})`;
  });
}

function runs(items: readonly CompareItem[], labels: readonly string[]): Array<{ label: string; run: RunReportData }> {
  return items.flatMap((it, i) => (it.kind === 'run' ? [{ label: labels[i]!, run: it.run }] : []));
}

function sweeps(items: readonly CompareItem[], labels: readonly string[]): Array<{ label: string; sweep: SweepReportData }> {
  return items.flatMap((it, i) => (it.kind === 'sweep' ? [{ label: labels[i]!, sweep: it.sweep }] : []));
}

function minutes(): { calculate: string; as: string } {
  return { calculate: 'datum.time_s / 60', as: 'minute' };
}

function runColor(labels: readonly string[]) {
  return { field: 'run', type: 'nominal' as const, title: 'run', scale: { domain: [...labels], scheme: 'tableau10' } };
}

/** The runs' time series in one table, each row tagged with its run's label. */
function runTimeseries(rs: ReadonlyArray<{ label: string; run: RunReportData }>): Record<string, unknown>[] {
  return rs.flatMap(({ label, run }) =>
    run.timeseries.map((r) => {
      const o: Record<string, unknown> = { run: label };
      for (const c of RUN_COLUMNS) if (r[c] !== undefined && r[c] !== '') o[c] = r[c];
      return o;
    }),
  );
}

/** Key summary metrics as bars, one small chart per metric, a bar per run. */
function summaryBars(rs: ReadonlyArray<{ label: string; run: RunReportData }>): TopLevelSpec | undefined {
  const metrics = KEY_METRICS.filter((m) => rs.some(({ run }) => run.summary[m] !== undefined));
  if (metrics.length === 0) return undefined;
  const values = metrics.flatMap((metric) =>
    rs.filter(({ run }) => run.summary[metric] !== undefined).map(({ label, run }) => ({ run: label, metric, value: roundSig(run.summary[metric]!, 6) })),
  );
  const labels = rs.map((r) => r.label);
  return {
    $schema: SCHEMA,
    description: 'Key summary metrics per run',
    datasets: { summary: values },
    data: { name: 'summary' },
    facet: { field: 'metric', type: 'nominal', title: null, sort: metrics, header: { labelFontSize: 12 } },
    columns: 4,
    spec: {
      width: Math.max(90, Math.min(160, 40 * labels.length)),
      height: 110,
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'run', type: 'nominal', title: null, sort: labels, axis: { labels: false, ticks: false } },
        y: { field: 'value', type: 'quantitative', title: null },
        color: runColor(labels),
        tooltip: [{ field: 'run' }, { field: 'metric' }, { field: 'value', format: '.4~g' }],
      },
    },
    resolve: { scale: { y: 'independent' } },
  } as TopLevelSpec;
}

/** Load against capacity, one row per run, sharing both scales so the rows compare directly. */
function loadRows(rs: ReadonlyArray<{ label: string; run: RunReportData }>, ts: Record<string, unknown>[]): TopLevelSpec {
  const labels = rs.map((r) => r.label);
  const layer: Layer[] = [
    {
      transform: [minutes(), { calculate: 'max(datum.load_rps, datum.capacity_rps)', as: 'gap_top' }],
      mark: { type: 'area', interpolate: 'step-after', color: '#d1495b', opacity: 0.25 },
      encoding: {
        x: { field: 'minute', type: 'quantitative' },
        y: { field: 'capacity_rps', type: 'quantitative' },
        y2: { field: 'gap_top' },
        detail: { field: 'service', type: 'nominal' },
      },
    },
    {
      transform: [minutes(), { fold: ['load_rps', 'capacity_rps'], as: ['series', 'rps'] }],
      mark: { type: 'line', interpolate: 'step-after' },
      encoding: {
        x: { field: 'minute', type: 'quantitative', title: 'time (min)' },
        y: { field: 'rps', type: 'quantitative', title: 'requests / s' },
        color: { field: 'series', type: 'nominal', title: null, scale: { domain: ['load_rps', 'capacity_rps'], range: ['#d1495b', '#2e86ab'] } },
        strokeDash: { field: 'service', type: 'nominal' },
        tooltip: [{ field: 'run' }, { field: 'service' }, { field: 'minute', format: '.1f' }, { field: 'series' }, { field: 'rps', format: '.1f' }],
      },
    },
  ];
  return {
    $schema: SCHEMA,
    description: 'Load vs capacity per run',
    datasets: { timeseries: ts },
    data: { name: 'timeseries' },
    facet: { row: { field: 'run', type: 'nominal', title: null, sort: labels } },
    spec: { width: WIDTH - 60, height: 130, layer },
  } as TopLevelSpec;
}

/** Desired replicas of every run on one chart (ready dashed), with scale actions, so a before/after difference shows at once. */
function replicaOverlay(rs: ReadonlyArray<{ label: string; run: RunReportData }>, ts: Record<string, unknown>[]): TopLevelSpec {
  const labels = rs.map((r) => r.label);
  const actions = rs.flatMap(({ label, run }) =>
    run.actions
      .filter((a) => a['type'] === 'action' && a['action'] === 'scale')
      .map((a) => ({ run: label, time_s: a['time_s'], to: a['to'], from: a['from'], reason: a['reason'], controller: a['controller'] })),
  );
  return {
    $schema: SCHEMA,
    description: 'Desired and ready replicas per run',
    width: WIDTH,
    height: 240,
    datasets: { timeseries: ts, actions },
    layer: [
      {
        data: { name: 'timeseries' },
        transform: [minutes(), { fold: ['desired', 'ready'], as: ['series', 'replicas'] }],
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x: { field: 'minute', type: 'quantitative', title: 'time (min)' },
          y: { field: 'replicas', type: 'quantitative', title: 'replicas' },
          color: runColor(labels),
          strokeDash: {
            field: 'series',
            type: 'nominal',
            title: null,
            scale: {
              domain: ['desired', 'ready'],
              range: [
                [1, 0],
                [4, 3],
              ],
            },
          },
          detail: { field: 'service', type: 'nominal' },
          tooltip: [{ field: 'run' }, { field: 'service' }, { field: 'series' }, { field: 'minute', format: '.1f' }, { field: 'replicas' }],
        },
      },
      {
        data: { name: 'actions' },
        transform: [minutes()],
        mark: { type: 'point', filled: true, size: 40 },
        encoding: {
          x: { field: 'minute', type: 'quantitative' },
          y: { field: 'to', type: 'quantitative' },
          color: runColor(labels),
          tooltip: [{ field: 'run' }, { field: 'controller' }, { field: 'minute', format: '.2f' }, { field: 'from' }, { field: 'to' }, { field: 'reason' }],
        },
      },
    ],
  };
}

/** Mean latency of every run against each run's SLO. */
function latencyOverlay(rs: ReadonlyArray<{ label: string; run: RunReportData }>, ts: Record<string, unknown>[]): TopLevelSpec {
  const labels = rs.map((r) => r.label);
  return {
    $schema: SCHEMA,
    description: 'Mean latency per run against the SLO',
    width: WIDTH,
    height: 200,
    datasets: { timeseries: ts, slo: rs.map(({ label, run }) => ({ run: label, slo: run.sloLatencyMs })) },
    layer: [
      {
        data: { name: 'timeseries' },
        transform: [minutes()],
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: {
          x: { field: 'minute', type: 'quantitative', title: 'time (min)' },
          y: { field: 'latency_ms', type: 'quantitative', title: 'mean latency (ms)', scale: { type: 'symlog', zero: false } },
          color: runColor(labels),
          detail: { field: 'service', type: 'nominal' },
          tooltip: [{ field: 'run' }, { field: 'service' }, { field: 'minute', format: '.1f' }, { field: 'latency_ms', format: '.1f' }],
        },
      },
      {
        data: { name: 'slo' },
        mark: { type: 'rule', strokeDash: [6, 4] },
        encoding: { y: { field: 'slo', type: 'quantitative' }, color: runColor(labels), tooltip: [{ field: 'run' }, { field: 'slo', title: 'SLO (ms)' }] },
      },
    ],
  };
}

/** Every sweep's points and Pareto staircase on one thrashing-vs-responsiveness chart, faceted by scenario when there are scenarios. */
function frontiers(ss: ReadonlyArray<{ label: string; sweep: SweepReportData }>): TopLevelSpec | undefined {
  const analyses = ss.map(({ label, sweep }) => ({ label, a: analyzeSweep(sweep) }));
  const values: Record<string, unknown>[] = [];
  const perSweep = Math.max(1, Math.floor(SWEEP_REPORT_LIMITS.points / Math.max(1, ss.length)));
  let hasScenario = false;
  for (const { label, a } of analyses) {
    const { axes, data } = a;
    hasScenario ||= a.hasScenario;
    const keep = a.points.filter((v) => v.front2d || v.recommended);
    const rest = a.points.filter((v) => !v.front2d && !v.recommended);
    const stride = Math.max(1, Math.ceil(rest.length / Math.max(1, perSweep - keep.length)));
    const chosen = new Set([...keep, ...rest.filter((_, i) => i % stride === 0)]);
    for (const v of a.points) {
      if (!chosen.has(v)) continue;
      const x = v.row[`${axes.responsiveness}_mean`];
      const y = v.row[`${axes.thrashing}_mean`];
      if (typeof x !== 'number' || typeof y !== 'number') continue;
      values.push({
        sweep: label,
        ...(a.hasScenario ? { scenario: v.scenario } : {}),
        x: roundSig(x),
        y: roundSig(y),
        settings: data.knobs.map((k) => `${k}=${fmt(v.row[k])}`).join(', '),
        ...(v.front2d ? { front: true } : {}),
        ...(v.recommended ? { rec: true } : {}),
      });
    }
  }
  if (values.length === 0) return undefined;
  const labels = ss.map((s) => s.label);
  const first = analyses[0]!.a.axes;
  const color = { field: 'sweep', type: 'nominal' as const, title: 'sweep', scale: { domain: labels, scheme: 'tableau10' } };
  const x = { field: 'x', type: 'quantitative' as const, title: `${first.responsiveness} (mean)`, scale: { zero: false } };
  const y = { field: 'y', type: 'quantitative' as const, title: `${first.thrashing} (mean)`, scale: { zero: false } };
  const tooltip = [
    { field: 'sweep' },
    ...(hasScenario ? [{ field: 'scenario' }] : []),
    { field: 'settings' },
    { field: 'x', title: first.responsiveness, format: '.4~g' },
    { field: 'y', title: first.thrashing, format: '.4~g' },
  ];
  const layer: Layer[] = [
    { mark: { type: 'circle', size: 30, opacity: 0.35 }, encoding: { x, y, color, tooltip } },
    {
      transform: [{ filter: 'datum.front' }],
      mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
      encoding: { x, y, color, order: { field: 'x', type: 'quantitative' } },
    },
    { transform: [{ filter: 'datum.front' }], mark: { type: 'point', filled: true, size: 50 }, encoding: { x, y, color, tooltip } },
    { transform: [{ filter: 'datum.rec' }], mark: { type: 'point', size: 260, strokeWidth: 2.5, filled: false }, encoding: { x, y, color, tooltip } },
  ];
  const base = { $schema: SCHEMA, description: 'Pareto frontiers of the sweeps', datasets: { frontiers: values }, data: { name: 'frontiers' } };
  if (hasScenario)
    return { ...base, facet: { field: 'scenario', type: 'nominal', title: 'scenario' }, columns: 2, spec: { width: 340, height: 260, layer } } as TopLevelSpec;
  return { ...base, width: 680, height: 400, layer } as TopLevelSpec;
}

/** The comparison report's charts, by id: summary bars and load, replica and latency charts when runs are given, a frontier chart when sweeps are. */
export function compareReportSpecs(items: readonly CompareItem[]): Record<string, TopLevelSpec> {
  const labels = uniqueLabels(items);
  const rs = runs(items, labels);
  const ss = sweeps(items, labels);
  const specs: Record<string, TopLevelSpec> = {};
  if (rs.length) {
    const ts = runTimeseries(rs);
    const bars = summaryBars(rs);
    if (bars) specs['compare-summary'] = bars;
    specs['compare-load'] = loadRows(rs, ts);
    specs['compare-replicas'] = replicaOverlay(rs, ts);
    specs['compare-latency'] = latencyOverlay(rs, ts);
  }
  if (ss.length) {
    const f = frontiers(ss);
    if (f) specs['compare-frontiers'] = f;
  }
  return specs;
}

/**
 * Summary metrics side by side, with each run's change against the first (the
 * baseline). A run is one seed, so a change carries no interval and no
 * verdict: it says "single seed" instead of "better" or "worse" (run a sweep
 * over seeds, and compare sweeps, for paired differences with intervals).
 */
function summaryTable(rs: ReadonlyArray<{ label: string; run: RunReportData }>): { columns: string[]; rows: Cell[][] } {
  const metrics = [...new Set(rs.flatMap(({ run }) => Object.keys(run.summary)))];
  const base = rs[0]!;
  const columns = ['metric', ...rs.map((r) => r.label), ...rs.slice(1).map((r) => `Δ ${r.label} vs ${base.label}`)];
  const rows = metrics.map((m) => {
    const b = base.run.summary[m];
    const deltas = rs.slice(1).map(({ run }) => {
      const v = run.summary[m];
      if (v === undefined || b === undefined) return '–';
      const d = v - b;
      if (d === 0) return '=';
      const pct = b !== 0 ? ` (${d >= 0 ? '+' : ''}${fmt((100 * d) / Math.abs(b))}%)` : '';
      return `${d >= 0 ? '+' : ''}${fmt(d)}${pct}, single seed`;
    });
    return [m, ...rs.map(({ run }) => fmt(run.summary[m])), ...deltas];
  });
  return { columns, rows };
}

/** Metrics the sweep-vs-sweep paired table compares. */
const PAIRED_METRICS = ['flaps_per_hour', 'slo_violation_s', 'shortfall_requests', 'instance_hours'];

/**
 * Paired differences between each later sweep and the first, point by point:
 * points are matched by knob values (and scenario), and for each metric the
 * per-seed difference (later − first) over the seeds both ran gives a mean and
 * a 95% interval; "no clear difference" when it spans zero, "single seed" with
 * one common seed. The first row per sweep pools every matched point (per
 * seed, the mean difference over the points).
 */
function pairedTable(ss: ReadonlyArray<{ label: string; sweep: SweepReportData }>): { columns: string[]; rows: Cell[][] } | undefined {
  if (ss.length < 2) return undefined;
  const base = ss[0]!;
  const metrics = PAIRED_METRICS.filter((m) => ss.every(({ sweep }) => sweep.metrics.includes(m)));
  if (metrics.length === 0) return undefined;
  const columns = ['comparison', 'settings', 'seeds', ...metrics.map((m) => `Δ ${m} (paired, 95% CI)`)];
  const rows: Cell[][] = [];
  const keyOf = (r: TableRow, knobs: readonly string[]) => JSON.stringify([String(r['scenario'] ?? ''), ...knobs.map((k) => String(r[k] ?? ''))]);
  const bySeed = (sweep: SweepReportData) => {
    const m = new Map<string, Map<string, TableRow>>();
    for (const r of sweep.runs) {
      const k = keyOf(r, base.sweep.knobs);
      let g = m.get(k);
      if (!g) m.set(k, (g = new Map()));
      g.set(String(r['seed'] ?? ''), r);
    }
    return m;
  };
  const a = bySeed(base.sweep);
  for (const { label, sweep } of ss.slice(1)) {
    const b = bySeed(sweep);
    const matched = [...a.keys()].filter((k) => b.has(k));
    const diffs = (keys: readonly string[], m: string): number[] => {
      const seeds = [...new Set(keys.flatMap((k) => [...a.get(k)!.keys()].filter((s) => b.get(k)!.has(s))))];
      return seeds.flatMap((s) => {
        const ds = keys.flatMap((k) => {
          const x = a.get(k)!.get(s)?.[m];
          const y = b.get(k)!.get(s)?.[m];
          return typeof x === 'number' && typeof y === 'number' ? [y - x] : [];
        });
        return ds.length ? [ds.reduce((p, q) => p + q, 0) / ds.length] : [];
      });
    };
    const cell = (d: number[], m: string): string => {
      if (d.length === 0) return '–';
      const { mean, lo, hi } = meanCi(d);
      const v = `${mean >= 0 ? '+' : ''}${fmt(mean)}`;
      if (d.length === 1) return `${v} (single seed)`;
      if (d.every((x) => x === 0) || (lo! <= 0 && hi! >= 0)) return `${v} [${fmt(lo)}, ${fmt(hi)}] no clear difference`;
      return `${v} [${fmt(lo)}, ${fmt(hi)}] ${(metricGoal(m) === 'min') === mean < 0 ? 'better' : 'worse'}`;
    };
    const title = `${label} − ${base.label}`;
    if (matched.length === 0) {
      rows.push([title, 'no point with the same knob values in both', '0', ...metrics.map(() => '–')]);
      continue;
    }
    rows.push([title, `all ${matched.length} matched points`, fmt(diffs(matched, metrics[0]!).length), ...metrics.map((m) => cell(diffs(matched, m), m))]);
    for (const k of matched.slice(0, SWEEP_REPORT_LIMITS.rankedRows)) {
      const settings = (JSON.parse(k) as string[])
        .slice(1)
        .map((v, i) => `${base.sweep.knobs[i]}=${v}`)
        .join(', ');
      rows.push([title, settings, fmt(diffs([k], metrics[0]!).length), ...metrics.map((m) => cell(diffs([k], m), m))]);
    }
  }
  return { columns, rows };
}

/** Each sweep's best settings (top three by its ranking rule) and its recommendation. */
function sweepTable(ss: ReadonlyArray<{ label: string; sweep: SweepReportData }>): { columns: string[]; rows: Cell[][]; highlight: number[] } {
  const columns = ['sweep', 'rank', 'scenario', 'settings', 'thrashing (95% CI)', 'responsiveness (95% CI)', 'cost (95% CI)'];
  const rows: Cell[][] = [];
  const highlight: number[] = [];
  for (const { label, sweep } of ss) {
    const a = analyzeSweep(sweep);
    const best = a.points.filter((v) => v.rank <= 3 || v.recommended).sort((p, q) => p.scenario.localeCompare(q.scenario) || p.rank - q.rank);
    for (const v of best) {
      if (v.recommended) highlight.push(rows.length);
      const ci = (m: string) => fmtCi(v.row[`${m}_mean`], v.row[`${m}_lo`], v.row[`${m}_hi`]);
      rows.push([
        label,
        v.recommended ? `${v.rank} ★` : v.rank,
        v.scenario || '–',
        sweep.knobs.map((k) => `${k}=${fmt(v.row[k])}`).join(', '),
        ci(a.axes.thrashing),
        ci(a.axes.responsiveness),
        ci(a.axes.cost),
      ]);
    }
  }
  return { columns, rows, highlight };
}

/** A comparison report as a self-contained HTML page: two or more runs or sweeps side by side (a single item works too). */
export function compareReportHtml(items: readonly CompareItem[], options: CompareOptions = {}, specs?: Record<string, TopLevelSpec>): string {
  if (items.length === 0) throw new Error('compareReportHtml: expected at least one run or sweep to compare, got none');
  const labels = uniqueLabels(items);
  const rs = runs(items, labels);
  const ss = sweeps(items, labels);
  const chosen = specs ?? compareReportSpecs(items);
  const sections: Section[] = [];
  const chart = (id: string, title: string, note: string) => {
    if (chosen[id]) sections.push({ kind: 'chart', id, title, note });
  };
  if (rs.length) {
    const t = summaryTable(rs);
    chart('compare-summary', 'Key metrics', 'One bar per run; each metric has its own scale.');
    sections.push({
      kind: 'table',
      title: 'Summary metrics',
      note: `Changes are against ${rs[0]!.label}. Each run is a single seed, so a change has no interval and says nothing about better or worse; compare sweeps over several seeds for paired differences with intervals.`,
      columns: t.columns,
      rows: t.rows,
    });
    chart('compare-replicas', 'Replicas', 'Desired replicas (solid) and ready (dashed) per run; dots are scale actions, hover for the reason.');
    chart('compare-load', 'Load vs capacity', 'One row per run, same scales; red fill marks under-provisioned stretches.');
    chart('compare-latency', 'Latency vs SLO', 'Mean latency per run on a symlog scale; dashed lines are the SLOs.');
  }
  if (ss.length) {
    chart(
      'compare-frontiers',
      'Pareto frontiers',
      'Each sweep’s knob points (faint) and its Pareto staircase of thrashing against responsiveness; lower-left is better. Rings mark recommendations.',
    );
    const paired = pairedTable(ss);
    if (paired) {
      sections.push({
        kind: 'table',
        title: 'Paired differences between sweeps',
        note: `Later sweep minus ${ss[0]!.label}, at the points with the same knob values, over the seeds both ran (the same seed is the same load and faults: common random numbers). Each cell is the mean difference with its 95% interval; "no clear difference" when the interval spans zero, "single seed" with one seed. Only the first ${SWEEP_REPORT_LIMITS.rankedRows} matched points are listed one by one.`,
        columns: paired.columns,
        rows: paired.rows,
      });
    }
    const t = sweepTable(ss);
    sections.push({
      kind: 'table',
      title: 'Best settings per sweep',
      note: "Top three by each sweep's ranking rule (see each sweep report); ★ marks a recommendation.",
      columns: t.columns,
      rows: t.rows,
      highlight: t.highlight,
    });
    for (const { label, sweep } of ss) {
      const rec = sweep.recommendation === undefined ? undefined : typeof sweep.recommendation === 'string' ? sweep.recommendation : sweep.recommendation.text;
      if (rec) sections.push({ kind: 'text', title: `Recommendation: ${label}`, text: rec });
    }
  }
  const page: Page = {
    title: options.title ?? `ctrlsim comparison: ${labels.join(' vs ')}`,
    subtitle: [rs.length ? `${rs.length} run${rs.length > 1 ? 's' : ''}` : '', ss.length ? `${ss.length} sweep${ss.length > 1 ? 's' : ''}` : '']
      .filter(Boolean)
      .join(' · '),
    sections,
    specs: chosen,
  };
  return renderPage(page);
}
