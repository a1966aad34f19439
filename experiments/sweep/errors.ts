/**
 * A run of a sweep failed (a broken invariant, an exceeded budget, a bug).
 * The sweep stops; the runs already finished stay on disk for `--resume`.
 */
export class SweepRunFailed extends Error {
  override readonly name = 'SweepRunFailed';
  constructor(
    /** Point index of the failed run. */
    readonly point: number,
    /** Seed of the failed run. */
    readonly seed: number,
    /** The original error's name (`InvariantViolation`, `BudgetExceededError`, ...). */
    readonly errorName: string,
    message: string,
  ) {
    super(`point ${point}, seed ${seed}: ${message}`);
  }
}

/** Two shards hold different results for the same run: the runs were not deterministic, or the directories were edited. */
export class MergeConflict extends Error {
  override readonly name = 'MergeConflict';
}
