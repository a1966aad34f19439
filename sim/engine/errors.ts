import type { Micros } from '../../lib/time.js';
import { toSeconds } from '../../lib/time.js';

/**
 * A run went past one of its budgets (events processed, virtual time). The
 * message names the budget so the user knows which knob to raise, or which
 * loop never ended.
 */
export class BudgetExceededError extends Error {
  override readonly name = 'BudgetExceededError';
  constructor(
    /** The budget's name, e.g. "maxEvents". */
    readonly budget: string,
    /** The budget's value. */
    readonly limit: number,
    /** Virtual time when it ran out. */
    readonly at: Micros,
  ) {
    super(`run exceeded its budget ${budget}=${limit} at virtual time ${toSeconds(at)}s`);
  }
}

/**
 * A broken invariant in the model (a request lost, a negative queue). It stops
 * the run at once; the message carries the seed and virtual time so the run
 * can be replayed to the failure.
 */
export class InvariantViolation extends Error {
  override readonly name = 'InvariantViolation';
  constructor(
    message: string,
    /** Virtual time of the violation. */
    readonly at: Micros,
    /** The run's root seed. */
    readonly seed: string,
  ) {
    super(`invariant violated at virtual time ${toSeconds(at)}s (seed ${seed}): ${message}`);
  }
}
