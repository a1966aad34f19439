/**
 * The "any two metrics" trade-off chart of a sweep report: the reader picks
 * the x and y metric from menus (flaps vs SLO violation and cost vs SLO
 * violation among them); each point is drawn at its means with its knob
 * values in the tooltip, the 2-D Pareto frontier of the chosen pair is
 * outlined (each metric in its catalogue direction), and the ranking rule's
 * constraint lines are drawn on whichever axis shows their metric.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { TableRow } from '../lib/stats/aggregate.js';
import { roundSig } from './format.js';
import type { Goal } from '../lib/stats/pareto.js';
import { paretoFlags } from '../lib/stats/pareto.js';
import type { RankingRule } from './ranking.js';

/** What the picker draws. */
export interface PickerInput {
  /** Points to draw (already thinned), with their knob values and `<metric>_mean` cells. */
  readonly points: readonly TableRow[];
  /** Knob names, and their short labels. */
  readonly knobs: readonly string[];
  /** Short knob labels (tooltips). */
  readonly knobLabels: readonly string[];
  /** Metrics offered in the menus, in order; the first two are the default y and x. */
  readonly metrics: readonly string[];
  /** The metrics' directions. */
  readonly goal: (metric: string) => Goal;
  /** The ranking rule, whose constraints become lines. */
  readonly rule: RankingRule;
  /** Which points are recommended (ringed). */
  readonly recommended: readonly boolean[];
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** The picker's Vega-Lite spec; undefined with fewer than two metrics that have means. */
export function pickerSpec(input: PickerInput): TopLevelSpec | undefined {
  const metrics = input.metrics.filter((m) => input.points.some((p) => num(p[`${m}_mean`]) !== undefined));
  if (metrics.length < 2) return undefined;
  const fronts: string[][] = input.points.map(() => []);
  for (let a = 0; a < metrics.length; a++) {
    for (let b = 0; b < metrics.length; b++) {
      if (a === b) continue;
      const flags = paretoFlags(input.points, [
        { field: `${metrics[a]}_mean`, goal: input.goal(metrics[a]!) },
        { field: `${metrics[b]}_mean`, goal: input.goal(metrics[b]!) },
      ]);
      flags.forEach((f, i) => f && fronts[i]!.push(`${metrics[a]}|${metrics[b]}`));
    }
  }
  const values = input.points.map((p, i) => {
    const o: Record<string, unknown> = { fr: fronts[i]!.join(' ') + ' ' };
    if (p['point'] !== undefined && p['point'] !== '') o['pt'] = p['point'];
    input.knobs.forEach((k, j) => {
      if (p[k] !== undefined) o[`k${j}`] = p[k];
    });
    for (const m of metrics) {
      const v = num(p[`${m}_mean`]);
      if (v !== undefined) o[m] = roundSig(v);
    }
    if (input.recommended[i]) o['rec'] = true;
    return o;
  });
  const lines = input.rule.constraints.map((c) => ({ metric: c.metric, value: c.value, label: `${c.metric}${c.op}${c.value}` }));
  const x = { field: 'X', type: 'quantitative' as const, title: 'x: the metric picked below', scale: { zero: false, nice: true } };
  const y = { field: 'Y', type: 'quantitative' as const, title: 'y: the metric picked below', scale: { zero: false, nice: true } };
  const tips = [
    ...(values.some((v) => v['pt'] !== undefined) ? [{ field: 'pt', title: 'point' }] : []),
    ...input.knobs.map((k, j) => ({ field: `k${j}`, title: k })),
    ...metrics.map((m) => ({ field: m, title: `${m} (mean)`, format: '.4~g' })),
  ];
  const select = (name: string, value: string) => ({ name, value, bind: { input: 'select', options: metrics, name: `${name === 'xm' ? 'x' : 'y'} metric ` } });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: "Any two metrics of the sweep against each other, with the chosen pair's frontier and the constraint lines",
    params: [select('ym', metrics[0]!), select('xm', metrics[1]!)],
    datasets: { picks: values, lines },
    width: 680,
    height: 380,
    layer: [
      {
        data: { name: 'picks' },
        transform: [{ calculate: 'datum[xm]', as: 'X' }, { calculate: 'datum[ym]', as: 'Y' }, { filter: 'isValid(datum.X) && isValid(datum.Y)' }],
        mark: { type: 'point', filled: true, size: 50, color: '#2e86ab' },
        encoding: {
          x,
          y,
          stroke: { condition: { test: "indexof(datum.fr, xm + '|' + ym + ' ') >= 0", value: '#1d2330' }, value: null },
          strokeWidth: { value: 1.5 },
          tooltip: tips,
        },
      },
      {
        data: { name: 'picks' },
        transform: [
          { calculate: 'datum[xm]', as: 'X' },
          { calculate: 'datum[ym]', as: 'Y' },
          { filter: "isValid(datum.X) && isValid(datum.Y) && indexof(datum.fr, xm + '|' + ym + ' ') >= 0" },
        ],
        mark: { type: 'line', color: '#1d2330', strokeWidth: 1 },
        encoding: { x, y, order: { field: 'X', type: 'quantitative' } },
      },
      {
        data: { name: 'picks' },
        transform: [{ calculate: 'datum[xm]', as: 'X' }, { calculate: 'datum[ym]', as: 'Y' }, { filter: 'datum.rec && isValid(datum.X) && isValid(datum.Y)' }],
        mark: { type: 'point', shape: 'circle', size: 320, strokeWidth: 2.5, color: '#d1495b', filled: false },
        encoding: { x, y, tooltip: tips },
      },
      {
        data: { name: 'lines' },
        transform: [{ filter: 'datum.metric === xm' }],
        mark: { type: 'rule', color: '#d1495b', strokeDash: [4, 3] },
        encoding: { x: { field: 'value', type: 'quantitative' }, tooltip: [{ field: 'label', title: 'constraint' }] },
      },
      {
        data: { name: 'lines' },
        transform: [{ filter: 'datum.metric === ym' }],
        mark: { type: 'rule', color: '#d1495b', strokeDash: [4, 3] },
        encoding: { y: { field: 'value', type: 'quantitative' }, tooltip: [{ field: 'label', title: 'constraint' }] },
      },
    ],
  } as TopLevelSpec;
}
