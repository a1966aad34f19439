/** The sweep report's scatter of thrashing against responsiveness. */
import type { TopLevelSpec } from 'vega-lite';
import type { TableRow } from '../../lib/stats/aggregate.js';
import { roundSig } from '../format.js';
import type { SweepAnalysis } from './analysis.js';
import { sortedKnobValues } from './knobs.js';
import { hasMean, num } from './row-values.js';
import { sampledRuns, shownPoints } from './sampling.js';
import type { Layer } from './vega.js';
import { SCHEMA } from './vega.js';

/** Knob values as embedded fields k0, k1, ... (knob names may hold dots or brackets, which Vega-Lite reads as paths). */
function knobFields(row: TableRow, knobs: readonly string[], out: Record<string, unknown>): void {
  knobs.forEach((k, i) => {
    const v = row[k];
    // Exact values: the colour scale's domain lists them as the sweep wrote them.
    if (v !== undefined) out[`k${i}`] = v;
  });
}

function metricFields(row: TableRow, metric: string, as: string, out: Record<string, unknown>, ci: boolean): void {
  const m = num(row[`${metric}_mean`]);
  if (m === undefined) return;
  out[as] = roundSig(m);
  if (!ci) return;
  const lo = num(row[`${metric}_lo`]);
  const hi = num(row[`${metric}_hi`]);
  if (lo !== undefined && hi !== undefined) {
    out[`${as}_lo`] = roundSig(lo);
    out[`${as}_hi`] = roundSig(hi);
  }
}

/** The scatter's data: shown points (kind "point") and sampled runs (kind "run"), one dataset so scenario facets can filter both. */
export function scatterData(p: SweepAnalysis): Record<string, unknown>[] {
  const { data, axes } = p;
  const out: Record<string, unknown>[] = [];
  for (const v of shownPoints(p)) {
    const o: Record<string, unknown> = { kind: 'point' };
    if (v.row['point'] !== undefined && v.row['point'] !== '') o['pt'] = v.row['point'];
    knobFields(v.row, data.knobs, o);
    if (p.hasScenario) o['scenario'] = v.scenario;
    if (num(v.row['n']) !== undefined) o['n'] = v.row['n'];
    metricFields(v.row, axes.responsiveness, 'x', o, true);
    metricFields(v.row, axes.thrashing, 'y', o, true);
    metricFields(v.row, axes.cost, 'c', o, true);
    if (axes.cost !== 'slo_violation_s') metricFields(v.row, 'slo_violation_s', 's', o, false);
    o['rank'] = v.rank;
    if (v.pareto) o['pareto'] = true;
    if (v.front2d) o['front'] = true;
    if (v.recommended) o['rec'] = true;
    out.push(o);
  }
  for (const r of sampledRuns(p)) {
    const o: Record<string, unknown> = { kind: 'run' };
    knobFields(r, data.knobs, o);
    if (p.hasScenario) o['scenario'] = String(r['scenario'] ?? '');
    if (r['seed'] !== undefined) o['seed'] = r['seed'];
    const x = num(r[axes.responsiveness]);
    const y = num(r[axes.thrashing]);
    if (x === undefined || y === undefined) continue;
    o['x'] = roundSig(x);
    o['y'] = roundSig(y);
    out.push(o);
  }
  return out;
}

function distinctCount(p: SweepAnalysis, knob: number): number {
  return new Set(p.points.map((v) => String(v.row[p.data.knobs[knob]!]))).size;
}

function colorEncoding(p: SweepAnalysis) {
  if (p.colorKnob < 0) return { value: '#2e86ab' };
  const name = p.data.knobs[p.colorKnob]!;
  const title = p.knobLabels[p.colorKnob]!;
  const numeric = p.points.every((v) => typeof v.row[name] === 'number');
  const ordinal = !numeric || distinctCount(p, p.colorKnob) <= 12;
  // Viridis stops short of its pale yellow end, which vanishes on white.
  const scheme = { name: 'viridis', extent: [0, 0.85] };
  if (!ordinal) return { field: `k${p.colorKnob}`, type: 'quantitative' as const, title, scale: { scheme } };
  // An explicit domain puts "30s" before "2m" (a plain sort would not).
  const domain = sortedKnobValues(p.points.map((v) => v.row[name] ?? '')).values;
  return { field: `k${p.colorKnob}`, type: 'ordinal' as const, title, scale: { scheme, domain }, legend: { symbolOpacity: 1 } };
}

function knobTooltips(p: SweepAnalysis) {
  return p.data.knobs.map((k, i) => ({ field: `k${i}`, title: k }));
}

/** Thrashing against responsiveness: runs as faint dots, points with 95% intervals, the Pareto staircase, the recommendation ringed. */
export function tradeoffSpec(p: SweepAnalysis, values: Record<string, unknown>[]): TopLevelSpec {
  const { axes } = p;
  const color = colorEncoding(p);
  const x = { field: 'x', type: 'quantitative' as const, title: `${axes.responsiveness} (mean, 95% CI)`, scale: { zero: false, nice: true } };
  const y = { field: 'y', type: 'quantitative' as const, title: `${axes.thrashing} (mean, 95% CI)`, scale: { zero: false, nice: true } };
  const scen = p.hasScenario ? [{ field: 'scenario', title: 'scenario' }] : [];
  const hasId = p.points.some((v) => v.row['point'] !== undefined && v.row['point'] !== '');
  const pointTips = [
    ...(hasId ? [{ field: 'pt', title: 'point' }] : []),
    ...scen,
    ...knobTooltips(p),
    { field: 'n', title: 'runs' },
    { field: 'x', title: `${axes.responsiveness} mean`, format: '.4~g' },
    { field: 'x_lo', title: `${axes.responsiveness} 95% lo`, format: '.4~g' },
    { field: 'x_hi', title: `${axes.responsiveness} 95% hi`, format: '.4~g' },
    { field: 'y', title: `${axes.thrashing} mean`, format: '.4~g' },
    { field: 'y_lo', title: `${axes.thrashing} 95% lo`, format: '.4~g' },
    { field: 'y_hi', title: `${axes.thrashing} 95% hi`, format: '.4~g' },
    ...(hasMean(p.data.points, axes.cost) ? [{ field: 'c', title: `${axes.cost} mean`, format: '.4~g' }] : []),
    ...(axes.cost !== 'slo_violation_s' && hasMean(p.data.points, 'slo_violation_s') ? [{ field: 's', title: 'slo_violation_s mean', format: '.4~g' }] : []),
    { field: 'rank', title: 'rank' },
  ];
  const layer: Layer[] = [
    {
      transform: [{ filter: "datum.kind === 'run'" }],
      mark: { type: 'circle', size: 10, opacity: 0.18 },
      encoding: {
        x,
        y,
        color,
        tooltip: [...scen, ...knobTooltips(p), { field: 'seed' }, { field: 'x', title: axes.responsiveness }, { field: 'y', title: axes.thrashing }],
      },
    },
    {
      transform: [{ filter: "datum.kind === 'point' && isValid(datum.x_lo)" }],
      mark: { type: 'rule', opacity: 0.45 },
      encoding: { x: { ...x, field: 'x_lo' }, x2: { field: 'x_hi' }, y, color },
    },
    {
      transform: [{ filter: "datum.kind === 'point' && isValid(datum.y_lo)" }],
      mark: { type: 'rule', opacity: 0.45 },
      encoding: { x, y: { ...y, field: 'y_lo' }, y2: { field: 'y_hi' }, color },
    },
    {
      transform: [{ filter: "datum.kind === 'point' && datum.front" }],
      mark: { type: 'line', interpolate: 'step-after', color: '#1d2330', strokeWidth: 1.5 },
      encoding: { x, y, order: { field: 'x', type: 'quantitative' } },
    },
    {
      transform: [{ filter: "datum.kind === 'point'" }],
      mark: { type: 'point', filled: true, size: 55, stroke: '#1d2330' },
      encoding: {
        x,
        y,
        color,
        strokeWidth: { condition: { test: 'datum.pareto', value: 1.5 }, value: 0 },
        tooltip: pointTips,
      },
    },
    {
      transform: [{ filter: "datum.kind === 'point' && datum.rec" }],
      mark: { type: 'point', shape: 'circle', size: 320, strokeWidth: 2.5, color: '#d1495b', filled: false },
      encoding: { x, y, tooltip: pointTips },
    },
  ];
  const base = { $schema: SCHEMA, description: 'Thrashing against responsiveness across the sweep', datasets: { scatter: values }, data: { name: 'scatter' } };
  if (p.hasScenario) {
    return {
      ...base,
      facet: { field: 'scenario', type: 'nominal', title: 'scenario', sort: p.scenarios },
      columns: 2,
      spec: { width: 340, height: 260, layer },
    } as TopLevelSpec;
  }
  return { ...base, width: 680, height: 400, layer } as TopLevelSpec;
}
