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

/**
 * A controller's reconcile threw something that is neither transient nor
 * terminal: a bug. The loop wraps it with the controller's name and the time
 * on its host and lets it stop the run; `cause` keeps the original error and
 * its stack.
 */
export class ControllerFailure extends Error {
  override readonly name = 'ControllerFailure';
  constructor(
    /** The controller that threw. */
    readonly controller: string,
    /** Its host's monotonic time when it threw, µs. */
    readonly at: number,
    /** What it threw. */
    override readonly cause: unknown,
  ) {
    super(`controller ${controller} threw: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}
