/**
 * The contract by which a policy governs a controller's actions: "may this
 * action happen now, and if not, when should I ask again?"
 */
import type { Micros } from '../time.js';

/** A governor's answer about one action at one instant. */
export type Decision =
  | {
      /** The action may happen now. */
      readonly verdict: 'allow';
    }
  | {
      /** Not yet: ask again at `until` (a controller returns it as its requeue-after). */
      readonly verdict: 'wait';
      /** The earliest instant the answer can change, strictly after the instant asked about. */
      readonly until: Micros;
      /** Why the action must wait, for traces. */
      readonly reason: string;
    }
  | {
      /** No: waiting alone will not change the answer (backoff exhausted, change within the dead band). */
      readonly verdict: 'deny';
      /** Why the action is refused, for traces. */
      readonly reason: string;
    };

/** How an action that was carried out turned out. */
export type Outcome = 'succeeded' | 'failed';

/**
 * A policy that governs actions of type `A` (often a string key naming the
 * action kind or its target).
 *
 * Governors are deterministic: time comes in as `now`, randomness (if any)
 * from a source given at construction. They may keep history, which changes
 * only through these two calls.
 */
export interface ActionGovernor<A> {
  /**
   * Says whether `action` may happen at `now`. It never spends budget:
   * asking again at the same instant gives the same answer. A governor may
   * note that the action was wanted (hysteresis times how long it has been).
   */
  request(now: Micros, action: A): Decision;
  /** Tells the governor that `action` was carried out at `now` and how it turned out; this spends budget and starts backoffs or cooldowns. */
  record(now: Micros, action: A, outcome: Outcome): void;
}

/** The decision that allows an action. */
export const ALLOW: Decision = { verdict: 'allow' };

/** A decision to ask again at `until`, with a reason for traces. */
export function waitUntil(until: Micros, reason: string): Decision {
  return { verdict: 'wait', until, reason };
}

/** A decision that refuses the action, with a reason for traces. */
export function deny(reason: string): Decision {
  return { verdict: 'deny', reason };
}
