/**
 * client-go's ItemExponentialFailureRateLimiter: baseDelay · 2^failures per
 * item, capped at maxDelay.
 */
import { MILLISECOND, SECOND, type Micros } from '../time.js';
import { requireNumber } from './config-error.js';
import { MAX_GO_DURATION, truncateDuration } from './go-duration.js';
import type { RateLimiter } from './rate-limiter.js';

/** Options of ItemExponentialFailureRateLimiter. */
export interface ItemExponentialFailureOptions {
  /** Delay after an item's first failure, in ticks. */
  readonly baseDelay: Micros;
  /** Upper bound of any delay, in ticks. */
  readonly maxDelay: Micros;
  /**
   * The largest representable duration in the caller's tick; a computed
   * backoff above it returns maxDelay. Defaults to Go's int64-nanosecond
   * limit in microseconds; pass `2 ** 63 - 1` to replay nanosecond vectors.
   */
  readonly overflowLimit: number;
}

/** Upstream's `DefaultItemBasedRateLimiter`: 1 ms doubling up to 1000 s. */
export const DEFAULT_ITEM_EXPONENTIAL_FAILURE_OPTIONS: ItemExponentialFailureOptions = {
  baseDelay: 1 * MILLISECOND,
  maxDelay: 1000 * SECOND,
  overflowLimit: MAX_GO_DURATION,
};

/**
 * Delays the n-th failure of an item (n counted from 0) by baseDelay · 2^n,
 * and by maxDelay once that exceeds maxDelay or overflows.
 *
 * As upstream, the product is computed in floating point and compared with
 * the int64-nanosecond limit before it is truncated to a duration, so even a
 * thousand failures return maxDelay instead of wrapping around.
 */
export class ItemExponentialFailureRateLimiter<T> implements RateLimiter<T> {
  /** Delay after the first failure, in ticks. */
  readonly baseDelay: Micros;
  /** Upper bound of any delay, in ticks. */
  readonly maxDelay: Micros;
  /** Overflow bound on the computed backoff, in ticks. */
  readonly overflowLimit: number;
  readonly #failures = new Map<T, number>();

  constructor(options: Partial<ItemExponentialFailureOptions> = {}) {
    const o = { ...DEFAULT_ITEM_EXPONENTIAL_FAILURE_OPTIONS, ...options };
    const name = 'ItemExponentialFailureRateLimiter';
    this.baseDelay = requireNumber(name, 'baseDelay', o.baseDelay, { min: 0 });
    this.maxDelay = requireNumber(name, 'maxDelay', o.maxDelay, { min: 0 });
    this.overflowLimit = requireNumber(name, 'overflowLimit', o.overflowLimit, { min: 0 });
  }

  /** Returns baseDelay · 2^(failures so far), capped at maxDelay, and counts one more failure. */
  when(item: T): Micros {
    const exp = this.#failures.get(item) ?? 0;
    this.#failures.set(item, exp + 1);
    // Upstream computes 0 · 2^1024 = NaN here and converts it to a huge
    // negative duration on amd64; a zero base can only ever mean zero delay.
    if (this.baseDelay === 0) return 0;
    const backoff = this.baseDelay * 2 ** exp;
    if (backoff > this.overflowLimit) return this.maxDelay;
    const calculated = truncateDuration(backoff);
    return calculated > this.maxDelay ? this.maxDelay : calculated;
  }

  /** Forgets `item`'s failures. */
  forget(item: T): void {
    this.#failures.delete(item);
  }

  /** How many failures of `item` are counted. */
  numRequeues(item: T): number {
    return this.#failures.get(item) ?? 0;
  }
}
