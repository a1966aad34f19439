/** The sweep report's knob × knob heatmaps of the key metrics. */
import type { TopLevelSpec } from 'vega-lite';
import { fmt, roundSig } from '../format.js';
import type { SweepAnalysis } from './analysis.js';
import { metricGoal } from './analysis.js';
import { SWEEP_REPORT_LIMITS } from './data.js';
import { sortedKnobValues } from './knobs.js';
import { minMax, num } from './row-values.js';
import type { Layer } from './vega.js';
import { SCHEMA } from './vega.js';

/** Heatmaps with at most this many cells print each cell's value. */
const HEATMAP_TEXT_CELLS = 64;

/**
 * Axis labels of a heatmap knob: its distinct values in order, or, for a
 * numeric (or duration) knob with more than 12 values (a random or
 * Latin-hypercube design), equal-count ranges of them: about √points ranges,
 * between 6 and SWEEP_REPORT_LIMITS.axisValues.
 */
function axisGroups(values: readonly (string | number)[], pointCount: number): Map<string, { label: string | number; order: number }> {
  const { values: distinct, ordered } = sortedKnobValues(values);
  const out = new Map<string, { label: string | number; order: number }>();
  if (!ordered || distinct.length <= 12) {
    distinct.forEach((v, i) => out.set(JSON.stringify(v), { label: v, order: i }));
    return out;
  }
  const g = Math.min(distinct.length, Math.max(6, Math.min(SWEEP_REPORT_LIMITS.axisValues, Math.round(Math.sqrt(pointCount)))));
  for (let b = 0; b < g; b++) {
    const from = Math.floor((b * distinct.length) / g);
    const to = Math.floor(((b + 1) * distinct.length) / g);
    const members = distinct.slice(from, to);
    const label = members.length === 1 ? fmt(members[0]) : `${fmt(members[0])}–${fmt(members[members.length - 1])}`;
    for (const v of members) out.set(JSON.stringify(v), { label, order: b });
  }
  return out;
}

/** The 5th and 95th percentiles (nearest rank) of the values; the plain range with fewer than 20 values, where a percentile is an extreme anyway. */
function robustRange(values: readonly number[]): [number, number] {
  if (values.length < 20) return minMax(values);
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return [at(0.05), at(0.95)];
}

/** Heatmap cells: per scenario and knob pair cell, the mean over points (seeds are already averaged; other knobs are averaged here). */
function heatCells(p: SweepAnalysis): { cells: Record<string, unknown>[]; scenarios: string[]; nx: number; ny: number } {
  const scenarios = p.scenarios.slice(0, SWEEP_REPORT_LIMITS.scenarios);
  const [kx, ky] = [p.heatKnobs[0], p.heatKnobs[1]];
  const knobs = p.data.knobs;
  const gx =
    kx === undefined
      ? undefined
      : axisGroups(
          p.points.map((v) => v.row[knobs[kx]!] ?? ''),
          p.points.length,
        );
  const gy =
    ky === undefined
      ? undefined
      : axisGroups(
          p.points.map((v) => v.row[knobs[ky]!] ?? ''),
          p.points.length,
        );
  const acc = new Map<string, { o: Record<string, unknown>; sums: number[]; counts: number[] }>();
  for (const v of p.points) {
    if (!scenarios.includes(v.scenario)) continue;
    const xg = gx && kx !== undefined ? gx.get(JSON.stringify(v.row[knobs[kx]!] ?? ''))! : undefined;
    const yg = gy && ky !== undefined ? gy.get(JSON.stringify(v.row[knobs[ky]!] ?? ''))! : undefined;
    const key = JSON.stringify([v.scenario, xg?.order, yg?.order]);
    let cell = acc.get(key);
    if (!cell) {
      const o: Record<string, unknown> = {};
      if (p.hasScenario) o['scenario'] = v.scenario;
      if (xg) Object.assign(o, { x: xg.label, xo: xg.order });
      if (yg) Object.assign(o, { y: yg.label, yo: yg.order });
      acc.set(key, (cell = { o, sums: p.heatMetrics.map(() => 0), counts: p.heatMetrics.map(() => 0) }));
    }
    p.heatMetrics.forEach((m, i) => {
      const val = num(v.row[`${m}_mean`]);
      if (val === undefined) return;
      cell.sums[i]! += val;
      cell.counts[i]!++;
    });
  }
  const nx = gx ? new Set([...gx.values()].map((g) => g.order)).size : 1;
  const ny = gy ? new Set([...gy.values()].map((g) => g.order)).size : 1;
  const cells = [...acc.values()].map(({ o, sums, counts }) => {
    p.heatMetrics.forEach((_, i) => {
      if (counts[i]! === 0) return;
      o[`h${i}`] = roundSig(sums[i]! / counts[i]!);
      // Small grids print each cell's value, formatted as the tables are (d3's formats would write 1.01e+3).
      if (nx * ny <= HEATMAP_TEXT_CELLS) o[`t${i}`] = fmt(o[`h${i}`], 3);
    });
    return o;
  });
  return { cells, scenarios, nx, ny };
}

/** Heatmaps of knob × knob for each key metric (dark = worse), one row of panels per scenario. */
export function heatmapSpec(p: SweepAnalysis): TopLevelSpec | undefined {
  if (p.heatKnobs.length === 0 || p.heatMetrics.length === 0) return undefined;
  const { cells, scenarios, nx, ny } = heatCells(p);
  const knobs = p.data.knobs;
  const xName = knobs[p.heatKnobs[0]!]!;
  const yName = p.heatKnobs[1] !== undefined ? knobs[p.heatKnobs[1]]! : undefined;
  const xTitle = p.knobLabels[p.heatKnobs[0]!]!;
  const yTitle = p.heatKnobs[1] !== undefined ? p.knobLabels[p.heatKnobs[1]]! : undefined;
  const cellCount = nx * ny;
  const width = Math.min(300, Math.max(140, nx * 26));
  const height = yName ? Math.min(300, Math.max(150, ny * 22)) : 40;
  const units = scenarios.flatMap((s) =>
    p.heatMetrics.map((m, i) => {
      const field = `h${i}`;
      const inScenario = cells
        .filter((c) => !p.hasScenario || c['scenario'] === s)
        .map((c) => c[field])
        .filter((v): v is number => typeof v === 'number');
      // A robust colour scale: clamped at the 5th and 95th percentiles, so one outlier cannot wash out the rest.
      const [lo, hi] = robustRange(inScenario);
      const mid = inScenario.length ? (lo + hi) / 2 : 0;
      const better = metricGoal(m);
      const encoding = {
        x: { field: 'x', type: 'ordinal' as const, title: xTitle, sort: { field: 'xo', op: 'min' as const }, axis: { titleLimit: width } },
        ...(yName
          ? { y: { field: 'y', type: 'ordinal' as const, title: yTitle ?? null, sort: { field: 'yo', op: 'min' as const }, axis: { titleLimit: height } } }
          : {}),
      };
      const layer: Layer[] = [
        {
          mark: { type: 'rect' },
          encoding: {
            ...encoding,
            color: {
              field,
              type: 'quantitative',
              title: m,
              scale: { scheme: 'yelloworangered', reverse: better === 'max', ...(hi > lo ? { domain: [lo, hi], clamp: true } : {}) },
              legend: { gradientLength: Math.max(60, height - 20) },
            },
            tooltip: [
              ...(p.hasScenario ? [{ field: 'scenario' }] : []),
              { field: 'x', title: xName },
              ...(yName ? [{ field: 'y', title: yName }] : []),
              { field, title: `${m} (mean)`, format: '.4~g' },
            ],
          },
        },
      ];
      if (cellCount <= HEATMAP_TEXT_CELLS) {
        layer.push({
          mark: { type: 'text', fontSize: 9 },
          encoding: {
            ...encoding,
            text: { field: `t${i}`, type: 'nominal' },
            color: { condition: { test: `datum.${field} ${better === 'max' ? '<' : '>'} ${mid}`, value: 'white' }, value: '#1d2330' },
          },
        });
      }
      return {
        title: { text: p.hasScenario ? `${m} — ${s}` : m, fontSize: 12 },
        transform: [...(p.hasScenario ? [{ filter: { field: 'scenario', equal: s } }] : []), { filter: `isValid(datum.${field})` }],
        width,
        height,
        layer,
      };
    }),
  );
  return {
    $schema: SCHEMA,
    description: 'Knob × knob heatmaps of the key metrics (mean across seeds)',
    datasets: { cells },
    data: { name: 'cells' },
    columns: 2,
    concat: units,
    resolve: { scale: { color: 'independent' } },
  } as TopLevelSpec;
}
