/**
 * Governs retries with an apimachinery `wait.Backoff`.
 */
import type { Micros } from '../time.js';
import { ALLOW, deny, waitUntil, type ActionGovernor, type Decision, type Outcome } from './action-governor.js';
import { stepBackoff, type Backoff } from './backoff.js';
import type { RandomSource } from './jitter.js';

/**
 * What happens when the backoff's steps run out:
 * - `'never'`: keep retrying; once out of steps every delay is the last
 *   duration (jittered), as repeated `Backoff.Step()` calls give.
 * - `'when-steps-exhausted'`: give up as `wait.ExponentialBackoff` does: at
 *   most `steps` attempts, none at all with `steps` below 1, and none after a
 *   delay that hit the cap.
 */
export type GiveUpRule = 'never' | 'when-steps-exhausted';

/** Options of a BackoffGovernor. */
export interface BackoffGovernorOptions {
  /** The backoff every key starts from, and returns to after a success. */
  readonly backoff: Backoff;
  /** Source of jitter, drawn from only when the backoff has jitter. */
  readonly random: RandomSource;
  /** When to stop allowing retries; `'never'` if omitted. */
  readonly giveUp?: GiveUpRule;
}

/** Per-key progress of a backoff. */
interface KeyState {
  /** The backoff to step at the next failure. */
  readonly backoff: Backoff;
  /** Attempts recorded since the last success. */
  readonly attempts: number;
  /** The key may not be tried before this instant. */
  readonly notBefore: Micros;
  /** Whether the key has given up (only under 'when-steps-exhausted'). */
  readonly exhausted: boolean;
}

/**
 * Turns a wait.Backoff into a governor of retries, keyed by a string per
 * action. Each failure steps the key's backoff and forbids the key for the
 * step's delay; a success resets the key to the initial backoff.
 */
export class BackoffGovernor implements ActionGovernor<string> {
  /** The backoff every key starts from. */
  readonly initial: Backoff;
  /** When to stop allowing retries. */
  readonly giveUp: GiveUpRule;
  readonly #random: RandomSource;
  readonly #keys = new Map<string, KeyState>();

  constructor(options: BackoffGovernorOptions) {
    this.initial = options.backoff;
    this.#random = options.random;
    this.giveUp = options.giveUp ?? 'never';
  }

  /** Allows `key` unless it is backing off or has given up. */
  request(now: Micros, key: string): Decision {
    const state = this.#keys.get(key);
    if (state === undefined) {
      if (this.giveUp === 'when-steps-exhausted' && this.initial.steps < 1) return deny('backoff allows no attempts (steps < 1)');
      return ALLOW;
    }
    if (state.exhausted) return deny(`backoff steps exhausted for ${key} after ${state.attempts} attempts`);
    if (now < state.notBefore) return waitUntil(state.notBefore, `backing off ${key} after ${state.attempts} failures`);
    return ALLOW;
  }

  /** A failure steps `key`'s backoff (or gives up); a success resets it. */
  record(now: Micros, key: string, outcome: Outcome): void {
    if (outcome === 'succeeded') {
      this.#keys.delete(key);
      return;
    }
    const state = this.#keys.get(key) ?? { backoff: this.initial, attempts: 0, notBefore: now, exhausted: false };
    const attempts = state.attempts + 1;
    // ExponentialBackoff stops after the attempt made with one step left.
    if (this.giveUp === 'when-steps-exhausted' && state.backoff.steps <= 1) {
      this.#keys.set(key, { ...state, attempts, exhausted: true });
      return;
    }
    const { delay, next } = stepBackoff(state.backoff, this.#random);
    // Upstream sleeps this last, capped delay and then returns without trying
    // again; giving up at once makes the same attempts, without the idle wait.
    const exhausted = this.giveUp === 'when-steps-exhausted' && next.steps <= 0;
    this.#keys.set(key, { backoff: next, attempts, notBefore: now + delay, exhausted });
  }

  /** Attempts recorded for `key` since its last success. */
  attempts(key: string): number {
    return this.#keys.get(key)?.attempts ?? 0;
  }
}
