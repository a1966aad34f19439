import { ConfigError, closest } from '../schema/config-error.js';
import type { MetricName, PointStats } from './results.js';

/** A comparison of a constraint. */
export type Comparison = '<=' | '<' | '>=' | '>';

/** A constraint on a metric of the sweep, e.g. `slo_violation_s<=60` or `canary.time_to_detect_s<30`. */
export interface Constraint {
  /** The metric. */
  readonly metric: MetricName;
  /** The comparison. */
  readonly op: Comparison;
  /** The bound. */
  readonly value: number;
}

/**
 * What a constraint is checked on: `bound` (the default) uses the far end of
 * the point's 95% interval, the upper end for `<`/`<=` and the lower end for
 * `>`/`>=`, so a recommended point meets the constraint with confidence, not
 * just on average over the seeds that happened to run; `mean` uses the mean.
 * A point with a single seed has no interval and is checked on its mean.
 */
export type Basis = 'bound' | 'mean';

/** The goal of a recommendation. */
export interface Objective {
  /** The metric to optimize, on its mean. */
  readonly metric: MetricName;
  /** Direction. */
  readonly goal: 'minimize' | 'maximize';
}

const FORM = 'METRIC<=N, METRIC<N, METRIC>=N or METRIC>N with a summary metric, e.g. slo_violation_s<=60';

/**
 * Checks that `name` is one of the sweep's metrics (`SweepResults.metrics`:
 * its fixed metrics, then its service and controller metrics). Throws
 * `ConfigError` naming `field`, listing the choices, with a "did you mean"
 * hint over all of them.
 */
export function metricName(name: string, field: string, metrics: readonly string[]): MetricName {
  if (metrics.includes(name)) return name;
  const guess = closest(name, metrics);
  throw new ConfigError(field, `a summary metric (${metrics.join(', ')})`, JSON.stringify(name), guess ? `did you mean ${guess}?` : undefined);
}

/** Parses `slo_violation_s<=60` against the sweep's metrics. Throws `ConfigError` naming `--constraint` on anything else. */
export function parseConstraint(text: string, metrics: readonly string[]): Constraint {
  // Metric names may hold dots and dashes (`<service>.<metric>`, service names like web-1).
  const m = /^\s*([A-Za-z0-9_][A-Za-z0-9_.-]*?)\s*(<=|>=|<|>)\s*(-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*$/i.exec(text);
  if (!m) throw new ConfigError('--constraint', FORM, JSON.stringify(text));
  return { metric: metricName(m[1]!, '--constraint', metrics), op: m[2] as Comparison, value: Number(m[3]) };
}

/** A constraint as text. */
export function constraintText(c: Constraint): string {
  return `${c.metric}${c.op}${c.value}`;
}

/** The value a constraint is checked on, for a point and a basis; undefined when no seed of the point has a value of the metric. */
export function checkedValue(p: PointStats, c: Constraint, basis: Basis): number | undefined {
  const s = p.metrics[c.metric];
  if (s?.mean === undefined) return undefined;
  if (basis === 'mean') return s.mean;
  return (c.op === '<' || c.op === '<=' ? s.hi : s.lo) ?? s.mean;
}

function meets(x: number, c: Constraint): boolean {
  switch (c.op) {
    case '<=':
      return x <= c.value;
    case '<':
      return x < c.value;
    case '>=':
      return x >= c.value;
    case '>':
      return x > c.value;
  }
}

/**
 * The points that meet every constraint (on `basis`), best first by the
 * objective's mean; ties go to the lower point index so the answer is
 * deterministic. A point with no value of a constraint's metric (an extra
 * metric null in every seed, say no rollback ever happened, or a study time
 * whose event never happened) does not meet the constraint, and one with no
 * value of the objective cannot be ranked:
 * both are left out (`unranked` counts the latter).
 */
export function recommend(points: readonly PointStats[], constraints: readonly Constraint[], objective: Objective, basis: Basis = 'bound'): PointStats[] {
  const sign = objective.goal === 'minimize' ? 1 : -1;
  const meanOf = (p: PointStats) => p.metrics[objective.metric]?.mean;
  return points
    .filter((p) => meanOf(p) !== undefined && constraints.every((c) => meetsAt(p, c, basis)))
    .sort((a, b) => sign * (meanOf(a)! - meanOf(b)!) || a.point - b.point);
}

/** Points that meet every constraint but have no value of the objective, so `recommend` cannot rank them. */
export function unranked(points: readonly PointStats[], constraints: readonly Constraint[], objective: Objective, basis: Basis = 'bound'): PointStats[] {
  return points.filter((p) => p.metrics[objective.metric]?.mean === undefined && constraints.every((c) => meetsAt(p, c, basis)));
}

function meetsAt(p: PointStats, c: Constraint, basis: Basis): boolean {
  const x = checkedValue(p, c, basis);
  return x !== undefined && meets(x, c);
}
