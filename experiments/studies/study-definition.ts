/**
 * What the pipeline knows of one kind of study, in one place: its metrics,
 * which of them can be "never", its Pareto objectives, how to estimate a
 * run's cost before it starts, and how to run it. Each study module exports
 * one definition; `study-kinds.ts` lists them by kind, and running, costing
 * and sweeping a study read that table, never a switch on the kind.
 */
import type { StudyRow } from './study-result.js';

/** What one run of a study gives, whatever the study. */
export interface StudyOutcome {
  /** Summary metrics by name (a metric whose event never happened is null). */
  readonly metrics: object;
  /** Detail rows (a timeline or a log), written to rows.csv. */
  readonly rows: readonly StudyRow[];
  /** Rows that property checks read but no file gets, in time order (absent for a study with none). */
  readonly events?: readonly StudyRow[];
  /** Trace fingerprint. */
  readonly fingerprint: string;
  /** Engine events processed. */
  readonly processed: number;
}

/** One kind of study. `Params` are its knobs as validated (durations in µs, defaults applied). */
export interface StudyDefinition<Params> {
  /** Its summary metrics, in column order (after name and seed). */
  readonly metrics: readonly string[];
  /** The metrics reported as null when their event never happened (a failover, a grant, a completion); a sweep counts them as `<metric>_n`. */
  readonly nullable: readonly string[];
  /** The metrics a sweep's Pareto frontier minimizes, on per-point means. */
  readonly pareto: readonly string[];
  /** An upper estimate of a run's engine events, so a run past the budget is refused before it starts. */
  estimateEvents(params: Params): number;
  /** Runs the study once with `seed`. Pure and deterministic: same params and seed, same outcome. */
  run(params: Params, seed: number): StudyOutcome;
}
