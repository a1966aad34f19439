import { mainEffects } from '../../reports/effects.js';
import type { MainEffect } from '../../reports/effects.js';
import type { Basis, Order, Ranking, RankingRule, RuleConstraint, SeedRuns } from '../../reports/ranking.js';
import { objectiveText, pointStat, rankPoints, ruleText, seedRuns } from '../../reports/ranking.js';
import { ruleMetrics, settingsText } from '../../reports/explain.js';
import { fmtCi } from '../../reports/format.js';
import type { TableRow } from '../../lib/stats/aggregate.js';
import type { SweepPlan } from './plan.js';
import type { SweepResults } from './results.js';
import { pointRow } from './results.js';

export type { Basis, Order, RankingRule } from '../../reports/ranking.js';
export { metricName, parseConstraint } from './constraint.js';

/** A constraint on a metric of the sweep, e.g. `slo_violation_s<=60` or `canary.time_to_detect_s<30`. */
export type Constraint = RuleConstraint;
/** The goal of a recommendation. */

/** A sweep's results in the form its files hold (points.csv and summary.csv rows), which is what the report ranks too. */
export interface SweepTables {
  /** points.csv rows. */
  readonly points: TableRow[];
  /** summary.csv rows, grouped by point and seed. */
  readonly runs: SeedRuns;
  /** Points an adaptive race dropped (see `SweepResults.dropped`). */
  readonly dropped?: ReadonlySet<number>;
}

/** The result tables of a sweep, exactly as written to points.csv and summary.csv. */
export function sweepTables(plan: SweepPlan, results: SweepResults): SweepTables {
  const points = results.points.map((p) => pointRow(p, results, plan.pareto.length > 0) as TableRow);
  return { points, runs: seedRuns(points, results.runs, plan.knobs), ...(results.dropped ? { dropped: new Set(results.dropped) } : {}) };
}

/** Ranks a sweep's points by a rule (see `rankPoints`): the ranking `recommend` prints and the sweep report shows. */
export function recommend(tables: SweepTables, rule: RankingRule): Ranking {
  return rankPoints(tables.points, tables.runs, rule, tables.dropped);
}

/** Main effects of every knob on `metrics` (see `mainEffects`). */
export function knobEffects(tables: SweepTables, knobs: readonly string[], metrics: readonly string[]): MainEffect[] {
  return mainEffects(tables.points, tables.runs, knobs, metrics);
}

/** A rule from command-line choices: minimized objectives first, then maximized ones, each in the order given. */
export function ruleOf(minimize: readonly string[], maximize: readonly string[], constraints: readonly Constraint[], order: Order, basis: Basis): RankingRule {
  return {
    objectives: [...minimize.map((metric) => ({ metric, goal: 'minimize' as const })), ...maximize.map((metric) => ({ metric, goal: 'maximize' as const }))],
    constraints,
    order,
    basis,
  };
}

/** What `recommend --save` writes to recommendation.json, and what the sweep report ranks by and shows on top. */
export interface SavedRecommendation {
  /** The recommendation in words. */
  readonly text: string;
  /** The recommended knob values by knob name. */
  readonly settings: Readonly<Record<string, string | number>>;
  /** The rule it was ranked by. */
  readonly rule: RankingRule;
}

/** The recommendation.json of a ranking: its best qualifying point in words, or undefined when none qualifies. */
export function savedRecommendation(
  ranking: Ranking,
  rule: RankingRule,
  knobs: readonly string[],
  seeds: number,
  points: number,
): SavedRecommendation | undefined {
  const best = ranking.qualifying > 0 ? ranking.points[0] : undefined;
  if (!best) return undefined;
  const shown = ruleMetrics(ranking);
  const constraints = rule.constraints;
  const text =
    `Best by ${rule.objectives.map(objectiveText).join(', then ')}${constraints.length ? ` with ${constraints.map((c) => `${c.metric}${c.op}${c.value}`).join(', ')} (checked ${rule.basis === 'bound' && seeds > 1 ? 'on the far end of each 95% interval' : 'on means'})` : ''}: ` +
    `point ${String(best.row['point'])}, ${settingsText(best.row, knobs)}; ` +
    shown.map((m) => `${m} ${fmtCi(pointStat(best.row, m).mean, pointStat(best.row, m).lo, pointStat(best.row, m).hi)}`).join(', ') +
    ` (${ranking.qualifying} of ${points} points qualify). Rule: ${ruleText(rule, seeds)}`;
  const settings = Object.fromEntries(knobs.map((k) => [k, best.row[k]!]));
  return { text, settings, rule };
}
