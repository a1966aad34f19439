/**
 * client-go's BucketRateLimiter: one shared token bucket for all items.
 */
import type { Micros } from '../time.js';
import type { RateLimiter } from './rate-limiter.js';
import { TokenBucket, delayFrom } from './token-bucket.js';

/** Options of a BucketRateLimiter. */
export interface BucketRateLimiterOptions {
  /** Tokens added per second (upstream's `rate.Limit`). */
  readonly qps: number;
  /** Capacity of the bucket. */
  readonly burst: number;
}

/**
 * Adapts a token bucket to the RateLimiter contract: every `when` takes one
 * token, even into debt, and returns the wait until that token exists
 * (upstream's `Reserve().Delay()`). It counts nothing per item: `forget` does
 * nothing and `numRequeues` is always 0.
 */
export class BucketRateLimiter<T> implements RateLimiter<T> {
  /** The bucket all items share. */
  readonly bucket: TokenBucket;

  constructor(bucketOrOptions: TokenBucket | BucketRateLimiterOptions) {
    this.bucket = bucketOrOptions instanceof TokenBucket ? bucketOrOptions : new TokenBucket({ limit: bucketOrOptions.qps, burst: bucketOrOptions.burst });
  }

  /** Takes one token at `now` and returns how long until it is available (0 if one was in the bucket). */
  when(_item: T, now: Micros): Micros {
    return delayFrom(this.bucket.reserveN(now, 1), now);
  }

  /** Does nothing: the bucket keeps no per-item state. */
  forget(_item: T): void {}

  /** Always 0: the bucket keeps no per-item state. */
  numRequeues(_item: T): number {
    return 0;
  }
}
