import type { RuleConstraint } from '../../reports/ranking.js';
import { ConfigError, closest } from '../schema/config-error.js';

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

/** Parses `slo_violation_s<=60` against the sweep's metrics. Throws `ConfigError` naming `field` (default `--constraint`) on anything else. */
export function parseConstraint(text: string, metrics: readonly string[], field = '--constraint'): RuleConstraint {
  // Metric names may hold dots and dashes (`<service>.<metric>`, service names like web-1).
  const m = /^\s*([A-Za-z0-9_][A-Za-z0-9_.-]*?)\s*(<=|>=|<|>)\s*(-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*$/i.exec(text);
  if (!m) throw new ConfigError(field, FORM, JSON.stringify(text));
  return { metric: metricName(m[1]!, field, metrics), op: m[2] as RuleConstraint['op'], value: Number(m[3]) };
}
