import { DEFAULT_CONSECUTIVE_ERROR_LIMIT, effectiveCount, type MetricResult, type AnalysisMetricSpec } from './analysis-metric.js';
import { isCompletedPhase, type AnalysisPhase } from './analysis-phase.js';

/** A limit a metric has exceeded, with Argo's wording for it. */
export interface LimitBreach {
  /** The phase the breach forces. */
  readonly phase: 'Failed' | 'Inconclusive' | 'Error';
  /** Argo's message, e.g. "failed (3) > failureLimit (2)". */
  readonly message: string;
}

/**
 * Argo's assessMetricFailureInconclusiveOrError: which limit the tally
 * exceeds. Each check is strict (> limit). When several are exceeded the last
 * checked wins: Error over Inconclusive over Failed.
 */
export function metricLimitBreach(metric: AnalysisMetricSpec, result: MetricResult): LimitBreach | undefined {
  let breach: LimitBreach | undefined;
  const failureLimit = metric.failureLimit ?? 0;
  if (result.failed > failureLimit) {
    breach = { phase: 'Failed', message: `failed (${result.failed}) > failureLimit (${failureLimit})` };
  }
  const inconclusiveLimit = metric.inconclusiveLimit ?? 0;
  if (result.inconclusive > inconclusiveLimit) {
    breach = { phase: 'Inconclusive', message: `inconclusive (${result.inconclusive}) > inconclusiveLimit (${inconclusiveLimit})` };
  }
  const errorLimit = metric.consecutiveErrorLimit ?? DEFAULT_CONSECUTIVE_ERROR_LIMIT;
  if (result.consecutiveError > errorLimit) {
    breach = { phase: 'Error', message: `consecutiveErrors (${result.consecutiveError}) > consecutiveErrorLimit (${errorLimit})` };
  }
  return breach;
}

/**
 * Argo's assessMetricStatus: a completed phase sticks; with no measurements a
 * metric is Pending (Successful if the run is terminating); an in-flight last
 * measurement keeps it Running; a breached limit decides it; reaching the
 * effective count makes it Successful; an open-ended metric is Successful
 * when the run terminates and Running otherwise.
 */
export function assessMetricStatus(metric: AnalysisMetricSpec, result: MetricResult, terminating: boolean): AnalysisPhase {
  if (isCompletedPhase(result.phase)) return result.phase;
  const last = result.measurements[result.measurements.length - 1];
  if (last === undefined) return terminating ? 'Successful' : 'Pending';
  if (!isCompletedPhase(last.phase)) return 'Running';
  const breach = metricLimitBreach(metric, result);
  if (breach !== undefined) return breach.phase;
  const count = effectiveCount(metric);
  if (count !== undefined && result.count >= count) return 'Successful';
  return terminating ? 'Successful' : 'Running';
}
