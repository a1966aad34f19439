import type { MetricResult, AnalysisMetricSpec } from './analysis-metric.js';
import { isCompletedPhase, isWorsePhase, type AnalysisPhase } from './analysis-phase.js';
import { assessMetricStatus, metricLimitBreach } from './metric-assessment.js';

/** Per-verdict counts over a run's metrics (status.runSummary / dryRunSummary). */
export interface RunSummary {
  /** Metrics counted, started or not. */
  readonly count: number;
  /** Completed metrics with no breached limit. */
  readonly successful: number;
  /** Completed metrics that breached failureLimit. */
  readonly failed: number;
  /** Completed metrics that breached inconclusiveLimit. */
  readonly inconclusive: number;
  /** Completed metrics that breached consecutiveErrorLimit. */
  readonly error: number;
}

/** The outcome of assessing an AnalysisRun once. */
export interface RunAssessment {
  /** The run's phase. */
  readonly phase: AnalysisPhase;
  /** Why, in Argo's words, e.g. `Metric "x" assessed Failed due to failed (1) > failureLimit (0)`; "" when running. */
  readonly message: string;
  /** The metric results with their phases and messages brought up to date, in input order. */
  readonly results: readonly MetricResult[];
  /** Summary over metrics that decide the run. */
  readonly runSummary: RunSummary;
  /** Summary over dry-run metrics. */
  readonly dryRunSummary: RunSummary;
}

/**
 * Argo's IsTerminating: the run was told to stop, or some metric that is not a
 * dry run already ended Failed, Error or Inconclusive.
 */
export function isRunTerminating(terminate: boolean, metrics: readonly AnalysisMetricSpec[], results: readonly MetricResult[]): boolean {
  if (terminate) return true;
  const dryRun = new Set(metrics.filter((m) => m.dryRun === true).map((m) => m.name));
  return results.some((r) => !dryRun.has(r.name) && (r.phase === 'Failed' || r.phase === 'Error' || r.phase === 'Inconclusive'));
}

type MutableSummary = { -readonly [K in keyof RunSummary]: RunSummary[K] };

/**
 * Argo's assessRunStatus. Each metric's phase is reassessed (see
 * assessMetricStatus; on a change its message becomes the last measurement's).
 * Until every metric has a completed result the run is Running, unless it is
 * terminating, in which case it ends with the worst completed phase so far
 * (Successful if none). Otherwise it takes the worst phase, in IsWorse order,
 * of the metrics that are not dry runs; dry-run metrics only count in their
 * summary and make the run Successful when nothing else decides it. The
 * message names the first metric with the worst phase and the limit it broke,
 * or "Run Terminated" when termination was requested and nothing broke.
 */
export function assessRun(metrics: readonly AnalysisMetricSpec[], results: readonly MetricResult[], terminate: boolean): RunAssessment {
  const terminating = isRunTerminating(terminate, metrics, results);
  const updated = new Map(results.map((r) => [r.name, r]));
  const runSummary: MutableSummary = { count: 0, successful: 0, failed: 0, inconclusive: 0, error: 0 };
  const dryRunSummary: MutableSummary = { count: 0, successful: 0, failed: 0, inconclusive: 0, error: 0 };
  let worst: AnalysisPhase | undefined;
  let message = terminate ? 'Run Terminated' : '';
  let everythingCompleted = true;

  for (const metric of metrics) {
    const dryRun = metric.dryRun === true;
    const summary = dryRun ? dryRunSummary : runSummary;
    summary.count++;
    let result = updated.get(metric.name);
    if (result === undefined) {
      everythingCompleted = false;
      continue;
    }
    const phase = assessMetricStatus(metric, result, terminating);
    if (phase !== result.phase) {
      const last = result.measurements[result.measurements.length - 1];
      result = last === undefined ? { ...result, phase } : { ...result, phase, message: last.message ?? '' };
    }
    if (!isCompletedPhase(phase)) {
      everythingCompleted = false;
    } else {
      const breach = metricLimitBreach(metric, result);
      if (!dryRun) {
        if (worst === undefined || isWorsePhase(worst, phase)) {
          worst = phase;
          if (breach !== undefined) {
            message = `Metric "${metric.name}" assessed ${phase} due to ${breach.message}`;
            if (result.message) message += `: "Error Message: ${result.message}"`;
          }
        }
      } else {
        worst ??= 'Successful';
        if (breach !== undefined) result = { ...result, message: `Metric assessed ${phase} due to ${breach.message}` };
      }
      tally(summary, breach?.phase);
    }
    updated.set(metric.name, result);
  }

  const outcome = {
    results: results.map((r) => updated.get(r.name) ?? r),
    runSummary,
    dryRunSummary,
  };
  message = message.trim();
  if (terminating) return { phase: worst ?? 'Successful', message, ...outcome };
  if (!everythingCompleted || worst === undefined) return { phase: 'Running', message: '', ...outcome };
  return { phase: worst, message, ...outcome };
}

function tally(summary: MutableSummary, breach: 'Failed' | 'Inconclusive' | 'Error' | undefined): void {
  if (breach === 'Failed') summary.failed++;
  else if (breach === 'Inconclusive') summary.inconclusive++;
  else if (breach === 'Error') summary.error++;
  else summary.successful++;
}
