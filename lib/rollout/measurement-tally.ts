import type { Measurement, MetricResult } from './analysis-metric.js';
import { isCompletedPhase } from './analysis-phase.js';

/**
 * Folds one measurement into a metric's tally, as Argo's runMeasurements does.
 * A completed Successful, Failed or Inconclusive measurement bumps its counter
 * and `count` and resets `consecutiveError`; an Error bumps `error` and
 * `consecutiveError` but not `count`. With `replacesLast` the measurement
 * replaces the in-flight one it resumes; otherwise it is appended.
 */
export function recordMeasurement(result: MetricResult, measurement: Measurement, replacesLast = false): MetricResult {
  const measurements =
    replacesLast && result.measurements.length > 0 ? [...result.measurements.slice(0, -1), measurement] : [...result.measurements, measurement];
  const next: MetricResult = { ...result, measurements };
  if (!isCompletedPhase(measurement.phase)) return next;
  switch (measurement.phase) {
    case 'Successful':
      return { ...next, successful: next.successful + 1, count: next.count + 1, consecutiveError: 0 };
    case 'Failed':
      return { ...next, failed: next.failed + 1, count: next.count + 1, consecutiveError: 0 };
    case 'Inconclusive':
      return { ...next, inconclusive: next.inconclusive + 1, count: next.count + 1, consecutiveError: 0 };
    default:
      return { ...next, error: next.error + 1, consecutiveError: next.consecutiveError + 1 };
  }
}

/**
 * Errored measurements at the end of the list (Argo's older ConsecutiveErrors
 * helper), for results whose counter was not kept.
 */
export function trailingErrors(measurements: readonly Measurement[]): number {
  let n = 0;
  for (let i = measurements.length - 1; i >= 0 && measurements[i]!.phase === 'Error'; i--) n++;
  return n;
}
