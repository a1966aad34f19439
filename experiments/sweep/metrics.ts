import type { RunSummary } from '../../sim/world/run-metrics.js';
import { SUMMARY_METRICS } from '../../sim/world/run-metrics.js';

/**
 * The Pareto objectives of an experiment sweep, all minimized: thrashing
 * (flaps_per_hour), service quality (slo_violation_s, an integral over time
 * that oscillating cannot shrink) and cost (instance_hours). The same three
 * the sweep report charts by default, so its frontier and points.csv's
 * `pareto` column agree. reaction_time_s was the second objective until it
 * was found to reward thrashing (a mean of deficit stretches falls when a
 * controller cuts one deficit into many). Study sweeps have their own (see
 * the plan's `pareto`).
 */
export const PARETO_OBJECTIVES: readonly (keyof RunSummary)[] = ['flaps_per_hour', 'slo_violation_s', 'instance_hours'];

/** The fixed metrics of an experiment sweep: every run reports each of them, as a number (a study's may be null, see `SweepPlan.nullable`). */
export const EXPERIMENT_METRICS: readonly string[] = SUMMARY_METRICS;

/**
 * The metric columns of a sweep: the plan's fixed metrics, then the extra
 * metrics the runs reported (service metrics `<service>.<metric>`, then
 * controller metrics `<controller>.<metric>`), as the union over runs taken
 * in run order (point, then seed): each run's names in the order the run
 * reports them, a name first seen in a later run going after all names seen
 * before it. Runs are read in index order whatever order they finished in,
 * so the columns never depend on the worker count. A name that repeats a
 * fixed metric is not added twice.
 */
export function metricColumns(fixed: readonly string[], extras: Iterable<Readonly<Record<string, number | null>>>): { all: string[]; extra: string[] } {
  const seen = new Set(fixed);
  const extra: string[] = [];
  for (const record of extras) {
    for (const name of Object.keys(record)) {
      if (seen.has(name)) continue;
      seen.add(name);
      extra.push(name);
    }
  }
  return { all: [...fixed, ...extra], extra };
}

/**
 * The metrics whose points.csv columns include `<metric>_n` (the seeds that
 * had a value, since the mean and interval are over those only): the plan's
 * nullable fixed metrics in column order, then every extra metric. Decided by
 * the plan and the column list, never by which runs happened to be null, so
 * the columns of a sweep do not depend on its outcomes.
 */
export function countedMetrics(all: readonly string[], nullable: readonly string[], extra: readonly string[]): string[] {
  const counted = new Set([...nullable, ...extra]);
  return all.filter((m) => counted.has(m));
}
