import { SUMMARY_METRICS } from '../../sim/world/run-metrics.js';
import { ConfigError, closest } from '../schema/config-error.js';
import type { MetricName, PointStats } from './results.js';

/** A comparison of a constraint. */
export type Comparison = '<=' | '<' | '>=' | '>';

/** A constraint on a summary metric, e.g. `slo_violation_s<=60`. */
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

/** Checks that `name` is a summary metric (`ConfigError` with a "did you mean" hint otherwise). */
export function metricName(name: string, field: string): MetricName {
  if ((SUMMARY_METRICS as readonly string[]).includes(name)) return name as MetricName;
  const guess = closest(name, SUMMARY_METRICS);
  throw new ConfigError(field, `a summary metric (${SUMMARY_METRICS.join(', ')})`, JSON.stringify(name), guess ? `did you mean ${guess}?` : undefined);
}

/** Parses `slo_violation_s<=60`. Throws `ConfigError` naming `--constraint` on anything else. */
export function parseConstraint(text: string): Constraint {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(<=|>=|<|>)\s*(-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*$/i.exec(text);
  if (!m) throw new ConfigError('--constraint', FORM, JSON.stringify(text));
  return { metric: metricName(m[1]!, '--constraint'), op: m[2] as Comparison, value: Number(m[3]) };
}

/** A constraint as text. */
export function constraintText(c: Constraint): string {
  return `${c.metric}${c.op}${c.value}`;
}

/** The value a constraint is checked on, for a point and a basis. */
export function checkedValue(p: PointStats, c: Constraint, basis: Basis): number {
  const s = p.metrics[c.metric];
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
 * deterministic.
 */
export function recommend(points: readonly PointStats[], constraints: readonly Constraint[], objective: Objective, basis: Basis = 'bound'): PointStats[] {
  const sign = objective.goal === 'minimize' ? 1 : -1;
  return points
    .filter((p) => constraints.every((c) => meets(checkedValue(p, c, basis), c)))
    .sort((a, b) => sign * (a.metrics[objective.metric].mean - b.metrics[objective.metric].mean) || a.point - b.point);
}
