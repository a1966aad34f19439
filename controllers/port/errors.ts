/**
 * Errors a controller may raise, in three tiers (visible in the type):
 * transient ones are retried with backoff, terminal ones are recorded and
 * never retried. A broken invariant in the world is the simulator's
 * `InvariantViolation`, which stops the run.
 */

/** A failure worth retrying (a lost message, a conflict on write). */
export class TransientError extends Error {
  override readonly name = 'TransientError';
}

/** A failure that retrying will not fix (an invalid spec); recorded, never retried. */
export class TerminalError extends Error {
  override readonly name = 'TerminalError';
}
