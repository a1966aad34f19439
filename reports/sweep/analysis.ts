/** A sweep as the reports see it: metric roles, scenarios, and every point ranked and flagged. */
import type { TableRow } from '../../lib/stats/aggregate.js';
import type { Goal } from '../../lib/stats/pareto.js';
import { paretoFlags } from '../../lib/stats/pareto.js';
import { metricDirection } from '../../sim/metric-catalogue.js';
import type { Ranking, RankedPoint, RankingRule } from '../ranking.js';
import { rankPoints, seedRuns } from '../ranking.js';
import type { SweepAxes, SweepReportData } from './data.js';
import { DEFAULT_AXES, SWEEP_REPORT_LIMITS } from './data.js';
import { knobLabels } from './knobs.js';
import { hasMean, num } from './row-values.js';

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

function isFlag(v: unknown): boolean {
  return v === true || v === 1 || v === '1' || v === 'true' || v === 'yes';
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
function rankingRule(data: SweepReportData, objectives: readonly string[]): RankingRule {
  const saved = typeof data.recommendation === 'object' ? data.recommendation.rule : undefined;
  if (saved && saved.objectives.length > 0) return saved;
  const fallback = objectives.length ? objectives : data.metrics.slice(0, 1);
  return {
    objectives: fallback.map((metric) => ({ metric, goal: metricGoal(metric) === 'max' ? ('maximize' as const) : ('minimize' as const) })),
    constraints: [],
    order: 'pareto',
    basis: 'bound',
  };
}

/** Scores, ranks and flags every point of a sweep (the comparison report uses it to put sweeps side by side). */
export function analyzeSweep(data: SweepReportData): SweepAnalysis {
  const axes: SweepAxes = { ...DEFAULT_AXES, ...data.axes };
  const hasScenario =
    data.points.some((p) => p['scenario'] !== undefined && p['scenario'] !== '') || data.runs.some((r) => r['scenario'] !== undefined && r['scenario'] !== '');
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
  const front2d =
    hasMean(data.points, axes.thrashing) && hasMean(data.points, axes.responsiveness)
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
    ranking.unranked.forEach((j, k) =>
      rankOf.set(idx[j]!, {
        rank: ranking.points.length + k + 1,
        ranked: { index: j, row: rows[j]!, qualifies: false, misses: [], layer: 0, rank: ranking.points.length + k + 1 },
      }),
    );
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
  const defaultHeat = [axes.thrashing, axes.responsiveness, 'slo_violation_s', 'shortfall_requests', axes.cost, ...extraHeat].filter(
    (m, i, a) => a.indexOf(m) === i,
  );
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
