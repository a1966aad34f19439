import type { Micros } from '../time.js';
import { SECOND } from '../time.js';
import { effectiveCount, type Measurement, type MetricResult, type AnalysisMetricSpec } from './analysis-metric.js';
import { isCompletedPhase } from './analysis-phase.js';
import { isRunTerminating } from './run-assessment.js';

/** Argo's DefaultErrorRetryInterval: how soon an errored measurement is retried. */
export const DEFAULT_ERROR_RETRY_INTERVAL: Micros = 10 * SECOND;

/** A measurement to take now. */
export interface MetricTask {
  /** The metric to measure. */
  readonly metric: AnalysisMetricSpec;
  /** The in-flight measurement to resume (or terminate), if any; absent for a fresh one. */
  readonly resume?: Measurement;
}

/** Everything the scheduler reads about a run. */
export interface RunSchedule {
  /** The run's metrics. */
  readonly metrics: readonly AnalysisMetricSpec[];
  /** Their results so far. */
  readonly results: readonly MetricResult[];
  /** When the run started; metrics with an initial delay wait for this. */
  readonly startedAt?: Micros;
  /** Termination was requested (spec.terminate). */
  readonly terminate: boolean;
}

function lastOf(result: MetricResult | undefined): Measurement | undefined {
  return result?.measurements[result.measurements.length - 1];
}

/**
 * Argo's generateMetricTasks at time `now`. Completed metrics are skipped; an
 * in-flight measurement is resumed once its resumeAt is not in the future;
 * a terminating run starts nothing new; a first measurement waits for
 * startedAt + initialDelay; later ones stop at the effective count and
 * otherwise come due strictly after lastFinished + interval, where an errored
 * measurement (or a metric without interval) uses the 10 s error retry.
 */
export function metricsDue(run: RunSchedule, now: Micros): MetricTask[] {
  const terminating = isRunTerminating(run.terminate, run.metrics, run.results);
  const byName = new Map(run.results.map((r) => [r.name, r]));
  const tasks: MetricTask[] = [];
  for (const metric of run.metrics) {
    const result = byName.get(metric.name);
    if (result !== undefined && isCompletedPhase(result.phase)) continue;
    const last = lastOf(result);
    if (last !== undefined && last.finishedAt === undefined) {
      if (last.resumeAt === undefined || last.resumeAt <= now) tasks.push({ metric, resume: last });
      continue;
    }
    if (terminating) continue;
    if (last === undefined || result === undefined) {
      if (metric.initialDelay !== undefined && (run.startedAt === undefined || run.startedAt + metric.initialDelay > now)) continue;
      tasks.push({ metric });
      continue;
    }
    const count = effectiveCount(metric);
    if (count !== undefined && result.count >= count) continue;
    const interval = last.phase === 'Error' ? DEFAULT_ERROR_RETRY_INTERVAL : (metric.interval ?? DEFAULT_ERROR_RETRY_INTERVAL);
    if (now > last.finishedAt! + interval) tasks.push({ metric });
  }
  return tasks;
}

/**
 * Argo's calculateNextReconcileTime: the earliest instant some metric needs
 * attention (end of an initial delay, a resumeAt, or lastFinished plus the
 * interval or error retry), or undefined when nothing is scheduled. `now`
 * stands in for a start time the run has not recorded yet.
 */
export function nextMeasurementTime(run: RunSchedule, now: Micros): Micros | undefined {
  const byName = new Map(run.results.map((r) => [r.name, r]));
  let earliest: Micros | undefined;
  const consider = (t: Micros) => {
    if (earliest === undefined || t < earliest) earliest = t;
  };
  for (const metric of run.metrics) {
    const result = byName.get(metric.name);
    if (result !== undefined && isCompletedPhase(result.phase)) continue;
    const last = lastOf(result);
    if (last === undefined || result === undefined) {
      if (metric.initialDelay !== undefined) consider((run.startedAt ?? now) + metric.initialDelay);
      continue;
    }
    if (last.finishedAt === undefined) {
      if (last.resumeAt !== undefined) consider(last.resumeAt);
      continue;
    }
    const count = effectiveCount(metric);
    if (count !== undefined && result.count >= count) continue;
    if (last.phase === 'Error') consider(last.finishedAt + DEFAULT_ERROR_RETRY_INTERVAL);
    else if (metric.interval !== undefined) consider(last.finishedAt + metric.interval);
  }
  return earliest;
}
