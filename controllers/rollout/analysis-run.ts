/**
 * An AnalysisRun's state over time, driven by the upstream-exact assessment
 * in controllers/rollout: which metrics are due (metricsDue), how a
 * measurement folds into a tally (recordMeasurement), and the run's verdict
 * (assessRun).
 */

import type { Micros } from '../../lib/time.js';
import { emptyMetricResult, type MetricResult } from '../../lib/rollout/analysis-metric.js';
import { isCompletedPhase, type AnalysisPhase } from '../../lib/rollout/analysis-phase.js';
import { metricsDue, nextMeasurementTime } from '../../lib/rollout/measurement-schedule.js';
import { recordMeasurement } from '../../lib/rollout/measurement-tally.js';
import { assessRun, type RunAssessment } from '../../lib/rollout/run-assessment.js';
import type { ProbeMetric, TakenMeasurement } from './analysis-probe.js';

/** Argo keeps this many measurements per metric in status (DefaultMeasurementHistoryLimit). */
export const MEASUREMENT_HISTORY_LIMIT = 10;

/** What one step of a run did. */
export interface AnalysisStepResult {
  /** The run's assessment after the step. */
  readonly assessment: RunAssessment;
  /** Measurements taken in this step, in metric order. */
  readonly taken: readonly TakenMeasurement[];
}

/**
 * One AnalysisRun: its metrics, their tallies, and whether it was told to
 * stop. Measurements are taken through a callback, so the run itself reads
 * no observations and no clock.
 */
export class AnalysisRun {
  private results: MetricResult[] = [];
  private terminated = false;
  private assessment: RunAssessment;

  constructor(
    /** Label for logs, e.g. "background" or "step 2". */
    readonly label: string,
    /** The metrics the run measures. */
    readonly metrics: readonly ProbeMetric[],
    /** When the run started (initialDelay counts from here). */
    readonly startedAt: Micros,
  ) {
    this.assessment = assessRun(metrics, [], false);
  }

  /** The run's phase as last assessed. */
  get phase(): AnalysisPhase {
    return this.assessment.phase;
  }

  /** The run's message as last assessed ("" while running). */
  get message(): string {
    return this.assessment.message;
  }

  /** The metric tallies so far. */
  get metricResults(): readonly MetricResult[] {
    return this.results;
  }

  /**
   * Takes every measurement due at `now` with `measure`, then reassesses.
   * A completed run takes no more measurements.
   */
  step(now: Micros, measure: (metric: ProbeMetric) => TakenMeasurement): AnalysisStepResult {
    if (isCompletedPhase(this.assessment.phase)) return { assessment: this.assessment, taken: [] };
    const due = metricsDue({ metrics: this.metrics, results: this.results, startedAt: this.startedAt, terminate: this.terminated }, now);
    const taken: TakenMeasurement[] = [];
    for (const task of due) {
      const t = measure(task.metric as ProbeMetric);
      taken.push(t);
      const index = this.results.findIndex((r) => r.name === task.metric.name);
      const before = index >= 0 ? this.results[index]! : emptyMetricResult(task.metric.name);
      const after = trim(recordMeasurement(before, t.measurement, task.resume !== undefined));
      if (index >= 0) this.results[index] = after;
      else this.results.push(after);
    }
    this.reassess();
    return { assessment: this.assessment, taken };
  }

  /** Stops the run (Argo's spec.terminate): nothing new is measured and the run completes. */
  terminate(): RunAssessment {
    this.terminated = true;
    this.reassess();
    return this.assessment;
  }

  /**
   * When the run next needs a reconcile: one tick after the earliest
   * scheduled measurement (due strictly after it), or undefined when
   * nothing is scheduled or the run is over.
   */
  nextAt(now: Micros): Micros | undefined {
    if (isCompletedPhase(this.assessment.phase)) return undefined;
    const t = nextMeasurementTime({ metrics: this.metrics, results: this.results, startedAt: this.startedAt, terminate: this.terminated }, now);
    return t === undefined ? undefined : t + 1;
  }

  private reassess(): void {
    this.assessment = assessRun(this.metrics, this.results, this.terminated);
    this.results = [...this.assessment.results];
  }
}

function trim(result: MetricResult): MetricResult {
  if (result.measurements.length <= MEASUREMENT_HISTORY_LIMIT) return result;
  return { ...result, measurements: result.measurements.slice(-MEASUREMENT_HISTORY_LIMIT) };
}

/** One line for the decision log: "error-rate: error_rate=0.031 → Failed". */
export function describeMeasurement(t: TakenMeasurement, metric?: string): string {
  const shown = t.value === undefined ? 'no value' : `${metric ?? 'value'}=${round(t.value)}`;
  const why = t.measurement.message ? ` (${t.measurement.message})` : '';
  return `${t.name}: ${shown} → ${t.measurement.phase}${why}`;
}

function round(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(4);
}
