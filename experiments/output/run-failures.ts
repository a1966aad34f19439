import { formatBytes } from '../config/bounded-read.js';

/**
 * A run produced a number that is not finite (an overflowed total, a ratio of
 * zeros): its results would be wrong, so it fails (exit 1) instead of writing
 * NaN or Infinity to a CSV.
 */
export class NonFiniteResult extends Error {
  override readonly name = 'NonFiniteResult';
  constructor(
    /** The metric or column that is not finite. */
    readonly metric: string,
    /** Its value. */
    readonly value: number,
    /** The run's seed, when known. */
    readonly seed?: number,
  ) {
    super(
      `${metric} came out ${String(value)}${seed !== undefined ? ` (seed ${seed})` : ''}: a total overflowed or a ratio had nothing to divide; check the load's rates and scales`,
    );
  }
}

/** A run wrote more CSV than its output budget allows; it stops (exit 1) and its staging directory is discarded. */
export class OutputBudgetExceeded extends Error {
  override readonly name = 'OutputBudgetExceeded';
  constructor(
    /** The budget, bytes. */
    readonly limit: number,
  ) {
    super(`run exceeded its output budget maxOutput=${formatBytes(limit)} (--max-output raises it)`);
  }
}

/** The names of the run failures above, for the CLI's exit code 1 (checked by name so the CLI need not load this module's users). */
export const RUN_FAILURE_NAMES: ReadonlySet<string> = new Set(['NonFiniteResult', 'OutputBudgetExceeded']);
