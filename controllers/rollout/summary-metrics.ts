/**
 * Controllers that measure themselves. A rollout or hashring controller
 * knows what it did (when a rollout completed, how many keys moved); the run
 * pipeline can merge these numbers into summary.csv next to the world's.
 */

/** A controller that reports summary metrics of its own; null marks "did not happen". */
export interface SummaryMetricsSource {
  /** The metrics so far, by column name (e.g. time_to_full_rollout_s). */
  summaryMetrics(): Readonly<Record<string, number | null>>;
}

/** Whether `controller` reports summary metrics of its own. */
export function hasSummaryMetrics(controller: unknown): controller is SummaryMetricsSource {
  return typeof controller === 'object' && controller !== null && typeof (controller as Partial<SummaryMetricsSource>).summaryMetrics === 'function';
}
