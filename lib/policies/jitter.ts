/**
 * apimachinery's `wait.Jitter`, with the random source passed in.
 */
import type { Micros } from '../time.js';
import { truncateDuration } from './go-duration.js';

/**
 * A source of uniform random numbers in [0, 1). The simulator passes a
 * seeded stream; policies never reach for Math.random.
 */
export type RandomSource = () => number;

/**
 * Returns a duration between `duration` and `duration + maxFactor·duration`:
 * `duration + trunc(random()·maxFactor·duration)`. A maxFactor of zero or less
 * means 1.0, as upstream. Draws exactly one number from `random`.
 */
export function jitter(duration: Micros, maxFactor: number, random: RandomSource): Micros {
  const factor = maxFactor <= 0 ? 1.0 : maxFactor;
  return duration + truncateDuration(random() * factor * duration);
}
