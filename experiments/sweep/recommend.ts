import { mainEffects } from '../../reports/effects.js';
import type { MainEffect } from '../../reports/effects.js';
import type { Basis, Order, Ranking, RankingRule, RuleConstraint, RuleObjective, SeedRuns } from '../../reports/ranking.js';
import { rankPoints, seedRuns } from '../../reports/ranking.js';
import type { TableRow } from '../../lib/stats/aggregate.js';
import { ConfigError, closest } from '../schema/config-error.js';
import type { SweepPlan } from './plan.js';
import type { SweepResults } from './results.js';
import { pointRow } from './results.js';

export type { Basis, Comparison, Order, RankingRule } from '../../reports/ranking.js';
export { checkedValue, constraintText } from '../../reports/ranking.js';

/** A constraint on a metric of the sweep, e.g. `slo_violation_s<=60` or `canary.time_to_detect_s<30`. */
export type Constraint = RuleConstraint;
/** The goal of a recommendation. */
export type Objective = RuleObjective;

const FORM = 'METRIC<=N, METRIC<N, METRIC>=N or METRIC>N with a summary metric, e.g. slo_violation_s<=60';

/**
 * Checks that `name` is one of the sweep's metrics (`SweepResults.metrics`:
 * its fixed metrics, then its service and controller metrics). Throws
 * `ConfigError` naming `field`, listing the choices, with a "did you mean"
 * hint over all of them.
 */
export function metricName(name: string, field: string, metrics: readonly string[]): string {
  if (metrics.includes(name)) return name;
  const guess = closest(name, metrics);
  throw new ConfigError(field, `a summary metric (${metrics.join(', ')})`, JSON.stringify(name), guess ? `did you mean ${guess}?` : undefined);
}

/** Parses `slo_violation_s<=60` against the sweep's metrics. Throws `ConfigError` naming `--constraint` on anything else. */
export function parseConstraint(text: string, metrics: readonly string[]): Constraint {
  // Metric names may hold dots and dashes (`<service>.<metric>`, service names like web-1).
  const m = /^\s*([A-Za-z0-9_][A-Za-z0-9_.-]*?)\s*(<=|>=|<|>)\s*(-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*$/i.exec(text);
  if (!m) throw new ConfigError('--constraint', FORM, JSON.stringify(text));
  return { metric: metricName(m[1]!, '--constraint', metrics), op: m[2] as Constraint['op'], value: Number(m[3]) };
}

/** A sweep's results in the form its files hold (points.csv and summary.csv rows), which is what the report ranks too. */
export interface SweepTables {
  /** points.csv rows. */
  readonly points: TableRow[];
  /** summary.csv rows, grouped by point and seed. */
  readonly runs: SeedRuns;
}

/** The result tables of a sweep, exactly as written to points.csv and summary.csv. */
export function sweepTables(plan: SweepPlan, results: SweepResults): SweepTables {
  const points = results.points.map((p) => pointRow(p, results, plan.pareto.length > 0) as TableRow);
  return { points, runs: seedRuns(points, results.runs, plan.knobs) };
}

/** Ranks a sweep's points by a rule (see `rankPoints`): the ranking `recommend` prints and the sweep report shows. */
export function recommend(tables: SweepTables, rule: RankingRule): Ranking {
  return rankPoints(tables.points, tables.runs, rule);
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
