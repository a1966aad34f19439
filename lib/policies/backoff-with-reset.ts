/**
 * A backoff that returns to its initial parameters after a quiet period,
 * after apimachinery's `Backoff.DelayWithReset` and the deprecated
 * `NewExponentialBackoffManager`.
 */
import type { Micros } from '../time.js';
import { requireNumber } from './config-error.js';
import { stepBackoff, type Backoff } from './backoff.js';
import type { RandomSource } from './jitter.js';

/**
 * When the backoff returns to its initial parameters:
 * - `'every-interval'`: at the first step more than resetInterval after the
 *   previous reset (or creation), however busy it was in between. This is
 *   `DelayWithReset`.
 * - `'after-idle'`: at a step more than resetInterval after the previous
 *   step. This is the deprecated `NewExponentialBackoffManager`.
 */
export type BackoffResetMode = 'every-interval' | 'after-idle';

/** Options of a ResettingBackoff. */
export interface ResettingBackoffOptions {
  /** The parameters to start from and to reset to. */
  readonly initial: Backoff;
  /** Quiet period after which the backoff resets, in ticks. */
  readonly resetInterval: Micros;
  /** When the reset happens; `'every-interval'` (as `DelayWithReset`) if omitted. */
  readonly mode?: BackoffResetMode;
  /** Source of jitter, drawn from only when the backoff has jitter. */
  readonly random: RandomSource;
  /** The instant the backoff is created, from which the first interval counts. */
  readonly createdAt: Micros;
}

/**
 * A stateful sequence of backoff delays that starts over after a quiet period.
 *
 * As upstream `DelayWithReset`: with a factor of zero or less the backoff
 * never resets (there is nothing to undo), and with a resetInterval of zero or
 * less every delay is the initial duration (jittered).
 */
export class ResettingBackoff {
  /** The parameters the backoff starts from and resets to. */
  readonly initial: Backoff;
  /** Quiet period after which the backoff resets, in ticks. */
  readonly resetInterval: Micros;
  /** When the reset happens. */
  readonly mode: BackoffResetMode;
  readonly #random: RandomSource;
  #current: Backoff;
  #lastStart: Micros;

  constructor(options: ResettingBackoffOptions) {
    this.resetInterval = requireNumber('ResettingBackoff', 'resetInterval', options.resetInterval);
    this.mode = options.mode ?? 'every-interval';
    this.#random = options.random;
    this.#lastStart = requireNumber('ResettingBackoff', 'createdAt', options.createdAt);
    const initial = options.initial;
    // Upstream: a non-positive interval means "reset before every step", which
    // it spells as a backoff that never grows.
    this.initial = initial.factor > 0 && this.resetInterval <= 0 ? { ...initial, steps: 0, factor: 0 } : initial;
    this.#current = this.initial;
  }

  /** The current backoff parameters. */
  get current(): Backoff {
    return this.#current;
  }

  /** Returns the delay to wait at `now`, first resetting to the initial parameters if the quiet period has passed. */
  delay(now: Micros): Micros {
    if (this.initial.factor > 0 && now - this.#lastStart > this.resetInterval) {
      this.#current = this.initial;
      this.#lastStart = now;
    } else if (this.mode === 'after-idle') {
      this.#lastStart = now;
    }
    const { delay, next } = stepBackoff(this.#current, this.#random);
    this.#current = next;
    return delay;
  }
}
