import type { Micros } from '../time.js';
import type { AnalysisPhase } from './analysis-phase.js';

/** One measurement of a metric. */
export interface Measurement {
  /** Its verdict; Running while in flight. */
  readonly phase: AnalysisPhase;
  /** When it started. */
  readonly startedAt?: Micros;
  /** When it finished; absent while in flight. */
  readonly finishedAt?: Micros;
  /** For an in-flight measurement, when to poll it again. */
  readonly resumeAt?: Micros;
  /** Provider message, e.g. an error text. */
  readonly message?: string;
}

/** The parts of an Argo metric spec that decide its phase and schedule. */
export interface AnalysisMetricSpec {
  /** Metric name, unique within the run. */
  readonly name: string;
  /** Measurements to take; absent or 0 means "until stopped" (or 1 without an interval). */
  readonly count?: number;
  /** Time between measurements; absent means measure once. */
  readonly interval?: Micros;
  /** Delay from run start to the first measurement. */
  readonly initialDelay?: Micros;
  /** Failed measurements tolerated; default 0. */
  readonly failureLimit?: number;
  /** Inconclusive measurements tolerated; default 0. */
  readonly inconclusiveLimit?: number;
  /** Consecutive errored measurements tolerated; default 4. */
  readonly consecutiveErrorLimit?: number;
  /** Dry-run: the metric is measured and reported but never decides the run. */
  readonly dryRun?: boolean;
}

/** The running tally of one metric (status.metricResults[i]). */
export interface MetricResult {
  /** Metric name. */
  readonly name: string;
  /** Phase as last assessed. */
  readonly phase: AnalysisPhase;
  /** Measurements, oldest first (possibly trimmed to the most recent ones). */
  readonly measurements: readonly Measurement[];
  /** Completed non-error measurements. */
  readonly count: number;
  /** Successful measurements. */
  readonly successful: number;
  /** Failed measurements. */
  readonly failed: number;
  /** Inconclusive measurements. */
  readonly inconclusive: number;
  /** Errored measurements. */
  readonly error: number;
  /** Errored measurements since the last non-error one. */
  readonly consecutiveError: number;
  /** Message of the last measurement, copied when the phase last changed. */
  readonly message?: string;
}

/** Argo's DefaultConsecutiveErrorLimit. */
export const DEFAULT_CONSECUTIVE_ERROR_LIMIT = 4;

/** A fresh MetricResult with no measurements, in phase Running. */
export function emptyMetricResult(name: string): MetricResult {
  return { name, phase: 'Running', measurements: [], count: 0, successful: 0, failed: 0, inconclusive: 0, error: 0, consecutiveError: 0 };
}

/**
 * Argo's Metric.EffectiveCount: the count that completes the metric. An unset
 * (or 0) count means 1 when there is no interval, and "never" (undefined)
 * when there is one.
 */
export function effectiveCount(metric: AnalysisMetricSpec): number | undefined {
  if (metric.count === undefined || metric.count === 0) return metric.interval === undefined ? 1 : undefined;
  return metric.count;
}
