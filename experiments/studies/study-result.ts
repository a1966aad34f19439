/** One cell value of a study's output: null is a metric whose event never happened (an empty CSV cell), never −1. */
export type StudyValue = string | number | boolean | null;

/** One row of a study's output (a summary, or a timeline entry). */
export type StudyRow = Readonly<Record<string, StudyValue>>;

/** What one study run returns. */
export interface StudyResult {
  /** Which study ran. */
  readonly study: string;
  /** The run's name, from the file. */
  readonly name: string;
  /** The seed used. */
  readonly seed: number;
  /** One row: name, seed, then the study's metrics in a fixed order (what summary.csv and a sweep record); a time that never happened is null. */
  readonly summary: StudyRow;
  /** Column order of `summary`. */
  readonly summaryColumns: readonly string[];
  /** Detail rows (a timeline or a log), for a CSV or a chart. */
  readonly rows: readonly StudyRow[];
  /** Rows that property checks read but no file gets (the leader-election study's leadership changes and lease tenures), in time order. */
  readonly events?: readonly StudyRow[];
  /** Trace fingerprint of the run. */
  readonly fingerprint: string;
  /** Engine events the run processed (what a golden file pins beside the fingerprint). */
  readonly processed: number;
}
