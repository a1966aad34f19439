import type { Micros } from '../lib/time.js';
import { toSeconds } from '../lib/time.js';

/**
 * A controller threw an error that is neither transient nor terminal (a bug
 * in the controller) during a simulated run. It stops the run; the message
 * names the controller, the virtual time and the seed so the run can be
 * replayed to the failure, and `cause` keeps the controller's own error and
 * stack.
 */
export class ControllerCrash extends Error {
  override readonly name = 'ControllerCrash';
  constructor(
    /** The controller that threw. */
    readonly controller: string,
    /** Virtual time when it threw. */
    readonly at: Micros,
    /** The run's root seed. */
    readonly seed: string,
    /** What the controller threw. */
    override readonly cause: unknown,
  ) {
    super(`controller ${controller} threw at virtual time ${toSeconds(at)}s (seed ${seed}): ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}
