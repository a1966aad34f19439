/**
 * Hysteresis: a change must stand beyond a threshold, in one direction, for a
 * dwell time before it is made.
 */
import type { Micros } from '../time.js';
import { requireNumber } from './config-error.js';
import { ALLOW, deny, waitUntil, type ActionGovernor, type Decision, type Outcome } from './action-governor.js';

/** A proposed change of a numeric setting (a replica count, a weight). */
export interface ChangeProposal {
  /** Which setting; each key keeps its own history. */
  readonly key: string;
  /** The value in force. */
  readonly current: number;
  /** The value the controller would like. */
  readonly desired: number;
}

/** Direction of a proposed change. */
export type ChangeDirection = 'up' | 'down';

/** Options of a HysteresisGovernor. */
export interface HysteresisOptions {
  /** A change is considered only if |desired − current| is strictly greater than this. */
  readonly threshold: number;
  /** How long the change must have been wanted, in the same direction, before it is allowed, in ticks. */
  readonly dwell: Micros;
}

/** Since when a change in one direction has been wanted. */
export interface ChangeStreak {
  /** Direction the change has kept. */
  readonly direction: ChangeDirection;
  /** First request that saw it. */
  readonly since: Micros;
}

/**
 * Allows a change only after it has been requested beyond the threshold, in
 * the same direction, for at least `dwell` ticks.
 *
 * The governor sees the world only through `request`: a streak starts at the
 * first request beyond the threshold and breaks at a request inside the
 * threshold or in the other direction; how far beyond does not matter. Inside
 * the threshold the answer is 'deny' (no change is warranted); during the
 * dwell it is 'wait' until the dwell ends. A successful change ends the
 * streak; a failed one keeps it, so the change may be retried at once.
 */
export class HysteresisGovernor implements ActionGovernor<ChangeProposal> {
  /** Dead band around the current value. */
  readonly threshold: number;
  /** Time a change must be wanted before it is allowed, in ticks. */
  readonly dwell: Micros;
  readonly #streaks = new Map<string, ChangeStreak>();

  constructor(options: HysteresisOptions) {
    this.threshold = requireNumber('HysteresisGovernor', 'threshold', options.threshold, { min: 0 });
    this.dwell = requireNumber('HysteresisGovernor', 'dwell', options.dwell, { min: 0 });
  }

  /** Notes the proposal at `now` and says whether it has stood long enough. */
  request(now: Micros, p: ChangeProposal): Decision {
    const delta = p.desired - p.current;
    if (!(Math.abs(delta) > this.threshold)) {
      this.#streaks.delete(p.key);
      return deny(`change of ${p.key} within threshold ${this.threshold}`);
    }
    const direction: ChangeDirection = delta > 0 ? 'up' : 'down';
    let streak = this.#streaks.get(p.key);
    if (streak === undefined || streak.direction !== direction) {
      streak = { direction, since: now };
      this.#streaks.set(p.key, streak);
    }
    const ready = streak.since + this.dwell;
    return now >= ready ? ALLOW : waitUntil(ready, `${p.key} ${direction} wanted since ${streak.since}, dwell ${this.dwell}`);
  }

  /** A successful change ends the key's streak; a failed one leaves it. */
  record(_now: Micros, p: ChangeProposal, outcome: Outcome): void {
    if (outcome === 'succeeded') this.#streaks.delete(p.key);
  }

  /** The direction and start of `key`'s current streak, if any. */
  streakOf(key: string): ChangeStreak | undefined {
    return this.#streaks.get(key);
  }
}
