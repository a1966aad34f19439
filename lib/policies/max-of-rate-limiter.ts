/**
 * client-go's MaxOfRateLimiter: the worst case of several limiters.
 */
import type { Micros } from '../time.js';
import type { RateLimiter } from './rate-limiter.js';

/**
 * Asks every child and returns the longest delay. Every child is asked on
 * every call, so each counts the failure (and a bucket child spends a token)
 * even when another child's delay wins. `numRequeues` is the children's
 * largest count; `forget` forgets in every child.
 */
export class MaxOfRateLimiter<T> implements RateLimiter<T> {
  /** The limiters combined, asked in order. */
  readonly limiters: readonly RateLimiter<T>[];

  constructor(limiters: readonly RateLimiter<T>[]) {
    this.limiters = [...limiters];
  }

  /** The longest of the children's delays for `item` at `now` (0 with no children). */
  when(item: T, now: Micros): Micros {
    let longest = 0;
    for (const limiter of this.limiters) {
      const delay = limiter.when(item, now);
      if (delay > longest) longest = delay;
    }
    return longest;
  }

  /** Forgets `item` in every child. */
  forget(item: T): void {
    for (const limiter of this.limiters) limiter.forget(item);
  }

  /** The largest of the children's failure counts for `item`. */
  numRequeues(item: T): number {
    let most = 0;
    for (const limiter of this.limiters) {
      const n = limiter.numRequeues(item);
      if (n > most) most = n;
    }
    return most;
  }
}
