/**
 * apimachinery's `wait.Backoff` as an immutable value with a pure step.
 */
import type { Micros } from '../time.js';
import { requireNumber } from './config-error.js';
import { truncateDuration } from './go-duration.js';
import { jitter, type RandomSource } from './jitter.js';

/** Parameters and progress of an exponential backoff (apimachinery `wait.Backoff`). */
export interface Backoff {
  /** The delay the next step is based on, in ticks. */
  readonly duration: Micros;
  /** Multiplies `duration` after each step, unless zero. */
  readonly factor: number;
  /** Each step's delay is `duration` plus up to `jitter·duration` at random; zero or less means none. */
  readonly jitter: number;
  /** Remaining steps in which `duration` may still change; below 1, every step returns `duration` unchanged. */
  readonly steps: number;
  /** If positive, a grown `duration` above it becomes `cap` and `steps` drops to 0. */
  readonly cap: Micros;
}

/** The zero Backoff, as Go's zero value: every field 0. */
export const ZERO_BACKOFF: Backoff = { duration: 0, factor: 0, jitter: 0, steps: 0, cap: 0 };

/** Applies `options` over the zero Backoff and validates the result; throws PolicyConfigError naming the bad field. */
export function makeBackoff(options: Partial<Backoff>): Backoff {
  const b = { ...ZERO_BACKOFF, ...options };
  requireNumber('Backoff', 'duration', b.duration, { min: 0 });
  requireNumber('Backoff', 'factor', b.factor, { min: 0 });
  requireNumber('Backoff', 'jitter', b.jitter);
  requireNumber('Backoff', 'steps', b.steps, { integer: true });
  requireNumber('Backoff', 'cap', b.cap, { min: 0 });
  return b;
}

/** One step of a backoff: the delay to wait now and the backoff to use next time. */
export interface BackoffStep {
  /** How long to wait, in ticks (jittered if the backoff has jitter). */
  readonly delay: Micros;
  /** The backoff after this step. */
  readonly next: Backoff;
}

/**
 * Upstream's `Backoff.Step()` without mutation.
 *
 * - With `steps` below 1 the delay is `duration` (jittered if `jitter` > 0)
 *   and nothing grows; `steps` becomes 0.
 * - Otherwise one step is used up, the delay is the current `duration`
 *   (jittered), and the next `duration` is `trunc(duration·factor)` if
 *   `factor` is non-zero. If that exceeds a positive `cap`, the next duration
 *   is `cap` and `steps` drops to 0. Jitter never feeds into growth.
 *
 * Draws exactly one number from `random` when `jitter` > 0, none otherwise.
 */
export function stepBackoff(b: Backoff, random: RandomSource): BackoffStep {
  if (b.steps < 1) {
    const delay = b.jitter > 0 ? jitter(b.duration, b.jitter, random) : b.duration;
    return { delay, next: { ...b, steps: 0 } };
  }
  let steps = b.steps - 1;
  let nextDuration = b.duration;
  if (b.factor !== 0) {
    nextDuration = truncateDuration(b.duration * b.factor);
    if (b.cap > 0 && nextDuration > b.cap) {
      nextDuration = b.cap;
      steps = 0;
    }
  }
  const delay = b.jitter > 0 ? jitter(b.duration, b.jitter, random) : b.duration;
  return { delay, next: { ...b, duration: nextDuration, steps } };
}
