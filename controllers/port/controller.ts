import type { ReconcileResult } from './actions.js';
import type { ObservedState } from './observations.js';

/**
 * A controller: one level-based reconcile step from an observed snapshot to
 * actions. It looks at the state, not at what woke it; it never sleeps or
 * reads a clock (time is `observed.now`); randomness, when needed for
 * jitter, comes from the `random` argument. It may keep private history
 * (an HPA keeps its recommendations) but never mutates the snapshot.
 *
 * Controllers import only from `controllers/`; the same class runs under the
 * simulator's virtual clock and under the real-clock adapter.
 */
export interface Controller {
  /** Unique name, used in logs and metrics. */
  readonly name: string;
  /** One reconcile. */
  reconcile(observed: ObservedState, random: () => number): ReconcileResult;
}
