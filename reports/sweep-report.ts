import type { TopLevelSpec } from 'vega-lite';
import type { Field } from 'vega-lite/types_unstable/channeldef.js';
import type { LayerSpec } from 'vega-lite/types_unstable/spec/layer.js';
import type { UnitSpec } from 'vega-lite/types_unstable/spec/unit.js';
import type { TableRow } from '../lib/stats/aggregate.js';
import { pointKey } from '../lib/stats/aggregate.js';
import { fmt, fmtCi, roundSig } from './format.js';
import type { Cell, Page, Section, Stat } from './html.js';
import { renderPage } from './html.js';
import { parseDuration } from '../lib/duration.js';
import type { Goal } from '../lib/stats/pareto.js';
import { paretoFlags } from '../lib/stats/pareto.js';
import { metricDirection } from '../sim/metric-catalogue.js';
import type { Ranking, RankedPoint, RankingRule } from './ranking.js';
import { differenceText, missText, rankPoints, ruleText, seedRuns } from './ranking.js';
import { explainLines, recommendationLines, ruleMetrics } from './explain.js';
import { mainEffects } from './effects.js';
import { pickerSpec } from './tradeoff-picker.js';

/** The recommendation printed by `ctrlsim recommend`, shown on top of the sweep report. */
export interface SweepRecommendation {
  /** The recommendation as the user should read it (user text: escaped). */
  readonly text: string;
  /** The recommended knob values by knob name; the matching point is marked in the charts and the table. */
  readonly settings?: Readonly<Record<string, string | number>>;
  /** The rule `recommend` ranked by; the report's table ranks by it too, so its rank 1 is the recommendation. */
  readonly rule?: RankingRule;
}

/** Which metrics stand for thrashing, responsiveness and cost. */
export interface SweepAxes {
  /** Thrashing metric, the scatter's y axis (default `flaps_per_hour`). */
  readonly thrashing: string;
  /** Responsiveness metric, the scatter's x axis (default `slo_violation_s`). */
  readonly responsiveness: string;
  /** Cost metric, a third Pareto objective when present (default `instance_hours`). */
  readonly cost: string;
}

/**
 * What a sweep report shows: every run and every point of a sweep, as the
 * sweep writes them to summary.csv and points.csv.
 */
export interface SweepReportData {
  /** Sweep name (user text: escaped when rendered). */
  readonly name: string;
  /** One line about the sweep. */
  readonly description?: string;
  /** Knob columns, in the order the sweep defines them (names may contain dots: they are never used as field paths). */
  readonly knobs: readonly string[];
  /** Metric names (columns of runs; points carry `<metric>_mean`, `_lo`, `_hi`). */
  readonly metrics: readonly string[];
  /** One row per run: knob values, `seed`, metrics, and `scenario` when the sweep spans scenarios. */
  readonly runs: readonly TableRow[];
  /**
   * One row per knob point (per scenario): knob values, `scenario` if any,
   * `n`, `<metric>_mean`, `<metric>_lo`, `<metric>_hi` (95% CI across seeds),
   * and optionally a `pareto` flag (true/1); without one, the report computes
   * the frontier over thrashing, responsiveness and cost (all minimized).
   */
  readonly points: readonly TableRow[];
  /** The recommendation from `ctrlsim recommend`, if one was made. */
  readonly recommendation?: string | SweepRecommendation;
  /** The metrics the points' `pareto` flags were computed over (for the chart's note), when the sweep says. */
  readonly paretoObjectives?: readonly string[];
  /** Metric roles; defaults as in SweepAxes. */
  readonly axes?: Partial<SweepAxes>;
  /** The knob that colours the scatter (default: the first knob). */
  readonly colorKnob?: string;
  /** The knob pair of the heatmaps (default: the first two knobs). */
  readonly heatmapKnobs?: readonly [string, string];
  /**
   * Metrics drawn as heatmaps (default: thrashing, responsiveness,
   * slo_violation_s and cost, those present, then the first
   * `SWEEP_REPORT_LIMITS.extraHeatmaps` of `extraMetrics`).
   */
  readonly heatmapMetrics?: readonly string[];
  /** Metrics beyond the sweep's fixed ones (service and controller metrics such as `canary.time_to_detect_s`), in column order. */
  readonly extraMetrics?: readonly string[];
  /** Points (their `point` values) an adaptive design's race dropped early; they rank after the points it kept. */
  readonly dropped?: readonly number[];
}

/**
 * Bounds that keep a sweep report light whatever the number of runs. The
 * report embeds at most `points` knob points in the scatter (every Pareto,
 * top-ranked and recommended point is kept; the rest are thinned evenly), at
 * most `runs` individual runs (the lowest seeds of each point, evenly), at
 * most `axisValues` values per heatmap axis (more numeric values are grouped
 * into equal-count ranges) and heatmaps for at most `scenarios` scenarios.
 * Extra (service and controller) metrics add at most `extraHeatmaps`
 * heatmaps. With up to 8 knobs and the default four key metrics, the HTML is therefore
 * under 3 MB (about 0.8 MB of it Vega, Vega-Lite and vega-embed) for any
 * sweep: a 10,000-run sweep report is 1.1–1.3 MB and renders in a couple
 * of seconds (both checked by tests).
 */
export const SWEEP_REPORT_LIMITS = { points: 2000, runs: 2000, axisValues: 30, scenarios: 8, rankedRows: 10, extraHeatmaps: 4, bytes: 3_000_000 } as const;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
/** Heatmaps with at most this many cells print each cell's value. */
const HEATMAP_TEXT_CELLS = 64;
const DEFAULT_AXES: SweepAxes = { thrashing: 'flaps_per_hour', responsiveness: 'slo_violation_s', cost: 'instance_hours' };
/**
 * Whether a metric improves downwards (thrashing, shortfall, cost,
 * exposure) or upwards (served requests, utilization, cache hit ratios,
 * completed rollouts), as sim/metric-catalogue.ts declares it. Service and
 * controller metrics are judged by their bare name, so
 * `cache.cache_hit_ratio` improves upwards.
 */
export function metricGoal(metric: string): Goal {
  return metricDirection(metric) === 'higher' ? 'max' : 'min';
}

type Layer = LayerSpec<Field> | UnitSpec<Field>;

/** A knob point with everything the report computes about it. */
export interface SweepPoint {
  /** Index in SweepReportData.points. */
  readonly index: number;
  /** The point's row as given. */
  readonly row: TableRow;
  /** Its scenario ("" when the sweep has none). */
  readonly scenario: string;
  /** On the Pareto frontier (given by the data, or over thrashing, responsiveness and cost). */
  readonly pareto: boolean;
  /** On the two-objective frontier of the scatter (thrashing and responsiveness, within its scenario). */
  readonly front2d: boolean;
  /** Matches the recommendation's settings. */
  readonly recommended: boolean;
  /** Its rank again (kept for readers of the old score column). */
  readonly score: number;
  /** 1-based rank within the scenario by the sweep's ranking rule (see `rankingRule`). */
  rank: number;
  /** Its place in the ranking: whether it qualifies, what it misses, its paired difference from rank 1. */
  readonly ranked: RankedPoint;
}

/** A sweep as the reports see it: metric roles, scenarios, and every point scored and flagged. */
export interface SweepAnalysis {
  /** The input. */
  readonly data: SweepReportData;
  /** Metric roles after defaults. */
  readonly axes: SweepAxes;
  /** Whether points carry a scenario. */
  readonly hasScenario: boolean;
  /** Scenarios in order of first appearance ([""] without scenarios). */
  readonly scenarios: string[];
  /** The ranking rule: the saved recommendation's, else Pareto layers over thrashing, responsiveness, cost and slo_violation_s (those present). */
  readonly rule: RankingRule;
  /** The ranking of each scenario, in `scenarios` order. */
  readonly rankings: readonly Ranking[];
  /** The default rule's objectives: thrashing, responsiveness, cost, slo_violation_s (those present). */
  readonly objectives: string[];
  /** Metrics the Pareto flags are over: the sweep's own when its points carry flags, else thrashing, responsiveness and cost. */
  readonly paretoObjectives: string[];
  /** Every point, in input order. */
  readonly points: SweepPoint[];
  /** Index of the knob that colours the scatter (-1 without knobs). */
  readonly colorKnob: number;
  /** Indices of the heatmaps' knobs (x, then y). */
  readonly heatKnobs: readonly number[];
  /** Metrics drawn as heatmaps. */
  readonly heatMetrics: string[];
  /** Short display names of the knobs (see knobLabels), in knob order. */
  readonly knobLabels: string[];
}

/**
 * Short display names for knob paths: the shortest dotted suffix that tells
 * each knob apart ("controllers.autoscaler.target" → "target", unless another
 * knob also ends in "target"); a field of a list entry keeps the entry
 * ("…policies[0].value" → "policies[0].value"). Charts and table headers use them; tooltips
 * and the sweep tile keep the full paths.
 */
export function knobLabels(knobs: readonly string[]): string[] {
  const parts = knobs.map((k) => k.split('.'));
  return parts.map((segs, i) => {
    // A field of a list entry keeps the entry ("policies[0].value", not a bare "value").
    for (let n = segs.length > 1 && segs[segs.length - 2]!.endsWith(']') ? 2 : 1; n < segs.length; n++) {
      const suffix = segs.slice(-n).join('.');
      if (parts.every((other, j) => j === i || other.slice(-n).join('.') !== suffix)) return suffix;
    }
    return knobs[i]!;
  });
}

/** Smallest and largest of the values (a loop, not a spread: sweeps can have more points than a call has arguments). */
function minMax(values: readonly number[]): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

function isFlag(v: unknown): boolean {
  return v === true || v === 1 || v === '1' || v === 'true' || v === 'yes';
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function hasMean(points: readonly TableRow[], metric: string): boolean {
  return points.some((p) => num(p[`${metric}_mean`]) !== undefined);
}

function matches(row: TableRow, settings: Readonly<Record<string, string | number>>, knobs: readonly string[]): boolean {
  const keys = Object.keys(settings).filter((k) => knobs.includes(k));
  return keys.length > 0 && keys.every((k) => String(row[k]) === String(settings[k]) || (num(row[k]) !== undefined && num(row[k]) === Number(settings[k])));
}

/**
 * The rule a sweep report ranks by: the one its saved recommendation was made
 * with, else Pareto layers over `objectives` (each in its catalogue
 * direction), no constraints.
 */
export function rankingRule(data: SweepReportData, objectives: readonly string[]): RankingRule {
  const saved = typeof data.recommendation === 'object' ? data.recommendation.rule : undefined;
  if (saved && saved.objectives.length > 0) return saved;
  const fallback = objectives.length ? objectives : data.metrics.slice(0, 1);
  return { objectives: fallback.map((metric) => ({ metric, goal: metricGoal(metric) === 'max' ? ('maximize' as const) : ('minimize' as const) })), constraints: [], order: 'pareto', basis: 'bound' };
}

/** Scores, ranks and flags every point of a sweep (the comparison report uses it to put sweeps side by side). */
export function analyzeSweep(data: SweepReportData): SweepAnalysis {
  const axes: SweepAxes = { ...DEFAULT_AXES, ...data.axes };
  const hasScenario = data.points.some((p) => p['scenario'] !== undefined && p['scenario'] !== '') || data.runs.some((r) => r['scenario'] !== undefined && r['scenario'] !== '');
  const scenarioOf = (r: TableRow) => (hasScenario ? String(r['scenario'] ?? '') : '');
  const scenarios = [...new Set(data.points.map(scenarioOf))];
  const objectives = [axes.thrashing, axes.responsiveness, axes.cost, 'slo_violation_s'].filter((m, i, a) => a.indexOf(m) === i && hasMean(data.points, m));
  const paretoObjectives = [axes.thrashing, axes.responsiveness, axes.cost].filter((m, i, a) => a.indexOf(m) === i && hasMean(data.points, m));
  const given = data.points.some((p) => p['pareto'] !== undefined && p['pareto'] !== '');
  const pareto = given
    ? data.points.map((p) => isFlag(p['pareto']))
    : paretoObjectives.length
      ? paretoFlags(
          data.points.map((p) => ({ ...p, __s: scenarioOf(p) })),
          paretoObjectives.map((m) => ({ field: `${m}_mean`, goal: metricGoal(m) })),
          '__s',
        )
      : data.points.map(() => false);
  const front2d = hasMean(data.points, axes.thrashing) && hasMean(data.points, axes.responsiveness)
    ? paretoFlags(
        data.points.map((p) => ({ ...p, __s: scenarioOf(p) })),
        [`${axes.responsiveness}_mean`, `${axes.thrashing}_mean`],
        '__s',
      )
    : data.points.map(() => false);
  const rec = typeof data.recommendation === 'object' ? data.recommendation.settings : undefined;
  const rule = rankingRule(data, objectives);
  // One rule everywhere: the table, the highlight and `ctrlsim recommend` all rank with rankPoints.
  const rankOf = new Map<number, { rank: number; ranked: RankedPoint }>();
  const rankings: Ranking[] = [];
  for (const s of scenarios) {
    const idx = data.points.map((_, i) => i).filter((i) => scenarioOf(data.points[i]!) === s);
    const rows = idx.map((i) => data.points[i]!);
    const runs = data.runs.filter((r) => scenarioOf(r) === s);
    const ranking = rankPoints(rows, seedRuns(rows, runs, data.knobs), rule, data.dropped ? new Set(data.dropped) : undefined);
    rankings.push(ranking);
    for (const rp of ranking.points) rankOf.set(idx[rp.index]!, { rank: rp.rank, ranked: rp });
    ranking.unranked.forEach((j, k) => rankOf.set(idx[j]!, { rank: ranking.points.length + k + 1, ranked: { index: j, row: rows[j]!, qualifies: false, misses: [], layer: 0, rank: ranking.points.length + k + 1 } }));
  }
  const points: SweepPoint[] = data.points.map((row, index) => {
    const r = rankOf.get(index)!;
    return {
      index,
      row,
      scenario: scenarioOf(row),
      pareto: pareto[index]!,
      front2d: front2d[index]!,
      recommended: rec !== undefined && matches(row, rec, data.knobs),
      score: r.rank,
      rank: r.rank,
      ranked: r.ranked,
    };
  });
  const knobIndex = (k: string | undefined) => (k === undefined ? -1 : data.knobs.indexOf(k));
  const colorKnob = data.colorKnob !== undefined && knobIndex(data.colorKnob) >= 0 ? knobIndex(data.colorKnob) : data.knobs.length ? 0 : -1;
  const heatKnobs = data.heatmapKnobs ? data.heatmapKnobs.map(knobIndex).filter((i) => i >= 0) : data.knobs.slice(0, 2).map((_, i) => i);
  const extraHeat = (data.extraMetrics ?? []).filter((m) => hasMean(data.points, m)).slice(0, SWEEP_REPORT_LIMITS.extraHeatmaps);
  const defaultHeat = [axes.thrashing, axes.responsiveness, 'slo_violation_s', 'shortfall_requests', axes.cost, ...extraHeat].filter((m, i, a) => a.indexOf(m) === i);
  const heatMetrics = (data.heatmapMetrics ?? defaultHeat).filter((m) => hasMean(data.points, m));
  return {
    data,
    axes,
    hasScenario,
    scenarios,
    rule,
    rankings,
    objectives,
    paretoObjectives: given ? [...(data.paretoObjectives ?? [])] : paretoObjectives,
    points,
    colorKnob,
    heatKnobs: heatKnobs.length ? heatKnobs : data.knobs.slice(0, 2).map((_, i) => i),
    heatMetrics: heatMetrics.length ? heatMetrics : data.metrics.filter((m) => hasMean(data.points, m)).slice(0, 4),
    knobLabels: knobLabels(data.knobs),
  };
}

/** Evenly spaced picks of `count` items out of `items`, in order (all of them when count ≥ length). */
function thin<T>(items: readonly T[], count: number): T[] {
  if (count >= items.length) return [...items];
  if (count <= 0) return [];
  const out: T[] = [];
  for (let i = 0; i < count; i++) out.push(items[Math.floor((i * items.length) / count)]!);
  return out;
}

/** The points drawn in the scatter: all the important ones, then the others thinned evenly up to the limit. */
function shownPoints(p: SweepAnalysis): SweepPoint[] {
  const keep = (v: SweepPoint) => v.pareto || v.front2d || v.recommended || v.rank <= SWEEP_REPORT_LIMITS.rankedRows;
  const must = p.points.filter(keep);
  const rest = p.points.filter((v) => !keep(v));
  const chosen = new Set([...must, ...thin(rest, SWEEP_REPORT_LIMITS.points - must.length)]);
  return p.points.filter((v) => chosen.has(v));
}

/** Runs drawn as faint dots: the lowest seeds of each point, evenly across points, up to the limit. */
function sampledRuns(p: SweepAnalysis): TableRow[] {
  const data = p.data;
  const keyCols = [...(p.hasScenario ? ['scenario'] : []), ...data.knobs];
  const byPoint = new Map<string, TableRow[]>();
  for (const r of data.runs) {
    const k = pointKey(r, keyCols);
    let g = byPoint.get(k);
    if (!g) byPoint.set(k, (g = []));
    g.push(r);
  }
  const groups = [...byPoint.values()].map((g) => [...g].sort((a, b) => (num(a['seed']) ?? 0) - (num(b['seed']) ?? 0)));
  const perPoint = Math.floor(SWEEP_REPORT_LIMITS.runs / Math.max(1, groups.length));
  if (perPoint >= 1) return groups.flatMap((g) => g.slice(0, perPoint));
  return thin(groups, SWEEP_REPORT_LIMITS.runs).map((g) => g[0]!);
}

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
function scatterData(p: SweepAnalysis): Record<string, unknown>[] {
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
function tradeoffSpec(p: SweepAnalysis, values: Record<string, unknown>[]): TopLevelSpec {
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
      encoding: { x, y, color, tooltip: [...scen, ...knobTooltips(p), { field: 'seed' }, { field: 'x', title: axes.responsiveness }, { field: 'y', title: axes.thrashing }] },
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

/**
 * The value a knob setting sorts by: a number as is, a duration ("30s", "5m",
 * the form sweeps write duration knobs in) in µs; undefined for other text.
 */
function orderValue(v: string | number): number | undefined {
  if (typeof v === 'number') return v;
  return parseDuration(v);
}

/** Distinct knob values in their natural order: numerically (durations by length), else by code point. */
export function sortedKnobValues(values: readonly (string | number)[]): { values: (string | number)[]; ordered: boolean } {
  const distinct = [...new Map(values.map((v) => [JSON.stringify(v), v])).values()];
  const ordered = distinct.every((v) => orderValue(v) !== undefined);
  distinct.sort((a, b) => (ordered ? orderValue(a)! - orderValue(b)! : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
  return { values: distinct, ordered };
}

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
export function robustRange(values: readonly number[]): [number, number] {
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
  const gx = kx === undefined ? undefined : axisGroups(p.points.map((v) => v.row[knobs[kx]!] ?? ''), p.points.length);
  const gy = ky === undefined ? undefined : axisGroups(p.points.map((v) => v.row[knobs[ky]!] ?? ''), p.points.length);
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
function heatmapSpec(p: SweepAnalysis): TopLevelSpec | undefined {
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
      const inScenario = cells.filter((c) => !p.hasScenario || c['scenario'] === s).map((c) => c[field]).filter((v): v is number => typeof v === 'number');
      // A robust colour scale: clamped at the 5th and 95th percentiles, so one outlier cannot wash out the rest.
      const [lo, hi] = robustRange(inScenario);
      const mid = inScenario.length ? (lo + hi) / 2 : 0;
      const better = metricGoal(m);
      const encoding = {
        x: { field: 'x', type: 'ordinal' as const, title: xTitle, sort: { field: 'xo', op: 'min' as const }, axis: { titleLimit: width } },
        ...(yName ? { y: { field: 'y', type: 'ordinal' as const, title: yTitle ?? null, sort: { field: 'yo', op: 'min' as const }, axis: { titleLimit: height } } } : {}),
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

/** Metrics the picker offers: flaps, SLO violation and cost first (so flaps vs SLO violation is the default), then the rule's, then the other responsiveness metrics. */
const PICKER_METRICS = ['flaps_per_hour', 'slo_violation_s', 'instance_hours', 'shortfall_requests', 'time_to_adequate_s', 'error_budget_burn', 'latency_p99_ms', 'overprovisioned_rps_s'];

function pickerOf(p: SweepAnalysis): TopLevelSpec | undefined {
  const shown = shownPoints(p);
  const metrics = [...new Set([p.axes.thrashing, p.axes.responsiveness, p.axes.cost, ...p.rule.objectives.map((o) => o.metric), ...p.rule.constraints.map((c) => c.metric), ...PICKER_METRICS])].filter((m) =>
    p.data.metrics.includes(m),
  );
  return pickerSpec({
    points: shown.map((v) => v.row),
    knobs: p.data.knobs,
    knobLabels: p.knobLabels,
    metrics,
    goal: metricGoal,
    rule: p.rule,
    recommended: shown.map((v) => v.recommended),
  });
}

/** The sweep report's charts, by id: `tradeoff` (thrashing vs responsiveness) and `heatmaps` (when there are knobs). */
export function sweepReportSpecs(data: SweepReportData): Record<string, TopLevelSpec> {
  const p = analyzeSweep(data);
  return specsOf(p);
}

function specsOf(p: SweepAnalysis): Record<string, TopLevelSpec> {
  const specs: Record<string, TopLevelSpec> = {};
  if (hasMean(p.data.points, p.axes.thrashing) && hasMean(p.data.points, p.axes.responsiveness)) specs['tradeoff'] = tradeoffSpec(p, scatterData(p));
  const heat = heatmapSpec(p);
  if (heat) specs['heatmaps'] = heat;
  const picker = p.hasScenario ? undefined : pickerOf(p);
  if (picker) specs['pick'] = picker;
  return specs;
}

/**
 * The best settings per scenario: points ordered by score (each objective
 * scaled to [0, 1] across the scenario's points and averaged; lower is
 * better), so every dominated point ranks below a point that dominates it.
 * The top `limit` rows per scenario, plus the recommended point wherever it ranks.
 */
export function rankedSettings(data: SweepReportData, limit: number = SWEEP_REPORT_LIMITS.rankedRows): { columns: string[]; rows: Cell[][]; highlight: number[] } {
  const p = analyzeSweep(data);
  return rankedTable(p, limit);
}

function rankedTable(p: SweepAnalysis, limit: number): { columns: string[]; rows: Cell[][]; highlight: number[] } {
  const hasId = p.points.some((v) => v.row['point'] !== undefined && v.row['point'] !== '');
  const metrics = [...new Set([...p.rule.objectives.map((o) => o.metric), ...p.rule.constraints.map((c) => c.metric), ...p.objectives])].filter((m) => hasMean(p.data.points, m));
  const first = p.rule.objectives[0]!.metric;
  const hasConstraints = p.rule.constraints.length > 0;
  const columns = [
    'rank',
    ...(p.hasScenario ? ['scenario'] : []),
    ...(hasId ? ['point'] : []),
    ...p.knobLabels,
    'runs',
    ...metrics.map((o) => `${o} (95% CI)`),
    ...(hasConstraints ? ['constraints'] : []),
    `vs rank 1: Δ ${first} (paired)`,
    'Pareto',
  ];
  const rows: Cell[][] = [];
  const highlight: number[] = [];
  for (const s of p.scenarios) {
    const best = p.points.filter((v) => v.scenario === s && (v.rank <= limit || v.recommended)).sort((a, b) => a.rank - b.rank);
    for (const v of best) {
      if (v.recommended) highlight.push(rows.length);
      rows.push([
        v.recommended ? `${v.rank} ★` : v.rank,
        ...(p.hasScenario ? [s] : []),
        ...(hasId ? [fmt(v.row['point'])] : []),
        ...p.data.knobs.map((k) => fmt(v.row[k])),
        fmt(v.row['n']),
        ...metrics.map((o) => fmtCi(v.row[`${o}_mean`], v.row[`${o}_lo`], v.row[`${o}_hi`])),
        ...(hasConstraints ? [v.ranked.qualifies ? 'met' : v.ranked.misses.map(missText).join('; ')] : []),
        v.rank === 1 ? '–' : differenceText(v.ranked.vsBest),
        v.pareto ? '✓' : '',
      ]);
    }
  }
  return { columns, rows, highlight };
}

function headline(p: SweepAnalysis, shown: number, runsDrawn: number): Stat[] {
  const ns = p.points.map((v) => num(v.row['n'])).filter((n): n is number => n !== undefined);
  const [nLo, nHi] = minMax(ns);
  return [
    { label: 'runs', value: fmt(p.data.runs.length), hint: `${fmt(runsDrawn)} drawn as dots` },
    { label: 'knob points', value: fmt(p.points.length), hint: `${fmt(shown)} drawn` },
    ...(ns.length ? [{ label: 'seeds per point', value: nLo === nHi ? fmt(nLo) : `${fmt(nLo)}–${fmt(nHi)}` }] : []),
    { label: 'knobs', value: fmt(p.data.knobs.length), hint: p.data.knobs.join(', ') },
    ...(p.hasScenario ? [{ label: 'scenarios', value: fmt(p.scenarios.length) }] : []),
    { label: 'Pareto points', value: fmt(p.points.filter((v) => v.pareto).length) },
  ];
}

/**
 * The lines `ctrlsim recommend --explain` prints for the report's rule (top 5
 * settings, or the binding constraint and the nearest misses, then the main
 * effects), so the report and the command agree line for line.
 */
export function explanation(p: SweepAnalysis, seeds: number): string[] {
  const ranking = p.rankings[0]!;
  const data = p.data;
  const rows = data.points;
  const effects = mainEffects(rows, seedRuns(rows, data.runs, data.knobs), data.knobs, ruleMetrics(ranking));
  return [...recommendationLines({ ranking, knobs: data.knobs, seeds, effects, top: 5 }), ...explainLines(effects, data.knobs, ruleMetrics(ranking))];
}

/** The sweep report as a self-contained HTML page (bounded in size by SWEEP_REPORT_LIMITS). */
export function sweepReportHtml(data: SweepReportData, specs?: Record<string, TopLevelSpec>): string {
  const p = analyzeSweep(data);
  const chosen = specs ?? specsOf(p);
  const shown = shownPoints(p).length;
  const runsDrawn = sampledRuns(p).length;
  const rec = data.recommendation === undefined ? undefined : typeof data.recommendation === 'string' ? data.recommendation : data.recommendation.text;
  const ranked = rankedTable(p, SWEEP_REPORT_LIMITS.rankedRows);
  const omitted = p.scenarios.length - Math.min(p.scenarios.length, SWEEP_REPORT_LIMITS.scenarios);
  const sections: Section[] = [
    ...(rec ? [{ kind: 'text' as const, title: 'Recommendation', text: rec }] : []),
    { kind: 'stats', title: 'Sweep', stats: headline(p, shown, runsDrawn) },
  ];
  if (chosen['tradeoff']) {
    sections.push({
      kind: 'chart',
      id: 'tradeoff',
      title: p.axes.thrashing === DEFAULT_AXES.thrashing && p.axes.responsiveness === DEFAULT_AXES.responsiveness ? 'Thrashing vs responsiveness' : `${p.axes.thrashing} vs ${p.axes.responsiveness}`,
      note: `Each dot is a knob point: the mean across seeds of ${p.axes.thrashing} (up) and ${p.axes.responsiveness} (right), with 95% intervals; faint dots are single runs. Lower-left is better; the black staircase is the Pareto frontier of the two, outlined dots are Pareto-optimal${p.paretoObjectives.length ? ` over ${p.paretoObjectives.join(', ')}` : ' (as the sweep flagged them)'}${
        rec ? ', the red ring is the recommendation' : ''
      }. Hover for the settings.${shown < p.points.length ? ` Showing ${shown} of ${p.points.length} points (all Pareto and top-ranked points kept).` : ''}`,
    });
  }
  if (chosen['pick']) {
    sections.push({
      kind: 'chart',
      id: 'pick',
      title: 'Any two metrics',
      note: 'Pick the x and y metric below (for example flaps_per_hour against slo_violation_s, or instance_hours against slo_violation_s). Dots are points at their means; outlined dots and the line are the Pareto frontier of the chosen pair (each metric in its own direction); dashed red lines are the ranking rule\'s constraints on the chosen metrics; the red ring is the recommendation.',
    });
  }
  if (chosen['heatmaps']) {
    sections.push({
      kind: 'chart',
      id: 'heatmaps',
      title: 'Knob × knob heatmaps',
      note: `Mean across seeds${data.knobs.length > 2 ? ' and across the other knobs' : ''}; darker is worse; colours are clamped at the 5th and 95th percentile of the cells (with 20 cells or more), so one outlier cannot wash out the scale.${omitted > 0 ? ` Heatmaps for the first ${SWEEP_REPORT_LIMITS.scenarios} scenarios; ${omitted} more are in the table.` : ''}`,
    });
  }
  const maxSeeds = Math.max(1, ...p.points.map((v) => num(v.row['n']) ?? 1));
  sections.push({
    kind: 'table',
    title: 'Best settings',
    note: `Top ${SWEEP_REPORT_LIMITS.rankedRows}${p.hasScenario ? ' per scenario' : ''}, ranked by the same rule as ctrlsim recommend${typeof data.recommendation === 'object' && data.recommendation.rule ? ' (the saved recommendation\'s)' : ' (no recommendation saved: the default rule)'}: ${ruleText(p.rule, maxSeeds)}${
      rec ? ' ★ marks the recommendation, listed wherever it ranks.' : ''
    } "vs rank 1" is the paired difference across the same seeds, with its 95% interval.${
      p.knobLabels.some((l, i) => l !== data.knobs[i]) ? ` Knobs: ${p.knobLabels.map((l, i) => `${l} = ${data.knobs[i]}`).join(', ')}.` : ''
    }`,
    columns: ranked.columns,
    rows: ranked.rows,
    highlight: ranked.highlight,
  });
  if (!p.hasScenario && p.rankings[0]) {
    const why = explanation(p, maxSeeds);
    sections.push({ kind: 'text', title: 'Why: what ctrlsim recommend --explain prints for this rule', text: why.join('\n') });
  }
  const page: Page = {
    title: `ctrlsim sweep: ${data.name}`,
    subtitle: `${data.description ? `${data.description} · ` : ''}${fmt(data.runs.length)} runs over ${fmt(data.points.length)} points · knobs ${data.knobs.join(', ')}`,
    sections,
    specs: chosen,
  };
  return renderPage(page);
}
