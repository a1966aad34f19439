/**
 * client-go's WithMaxWaitRateLimiter: any limiter, with its delay capped.
 */
import type { Micros } from '../time.js';
import { requireNumber } from './config-error.js';
import type { RateLimiter } from './rate-limiter.js';

/** Returns the wrapped limiter's delay, but never more than maxDelay; counting is left to the wrapped limiter. */
export class WithMaxWaitRateLimiter<T> implements RateLimiter<T> {
  /** The limiter whose delays are capped. */
  readonly limiter: RateLimiter<T>;
  /** Upper bound of any delay, in ticks. */
  readonly maxDelay: Micros;

  constructor(limiter: RateLimiter<T>, maxDelay: Micros) {
    this.limiter = limiter;
    this.maxDelay = requireNumber('WithMaxWaitRateLimiter', 'maxDelay', maxDelay, { min: 0 });
  }

  /** The wrapped limiter's delay for `item`, capped at maxDelay. */
  when(item: T, now: Micros): Micros {
    const delay = this.limiter.when(item, now);
    return delay > this.maxDelay ? this.maxDelay : delay;
  }

  /** Forgets `item` in the wrapped limiter. */
  forget(item: T): void {
    this.limiter.forget(item);
  }

  /** The wrapped limiter's failure count for `item`. */
  numRequeues(item: T): number {
    return this.limiter.numRequeues(item);
  }
}
