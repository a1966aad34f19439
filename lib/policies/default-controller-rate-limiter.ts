/**
 * client-go's DefaultControllerRateLimiter / DefaultTypedControllerRateLimiter.
 */
import { MILLISECOND, SECOND } from '../time.js';
import { BucketRateLimiter } from './bucket-rate-limiter.js';
import { ItemExponentialFailureRateLimiter } from './item-exponential-failure-rate-limiter.js';
import { MaxOfRateLimiter } from './max-of-rate-limiter.js';

/**
 * The rate limiter every client-go controller gets by default: the larger of
 * a per-item exponential backoff (5 ms doubling up to 1000 s) and an overall
 * token bucket (10 per second, burst 100) shared by all items. The bucket only
 * bites when more than 100 retries are queued in a short time.
 */
export function defaultControllerRateLimiter<T>(): MaxOfRateLimiter<T> {
  return new MaxOfRateLimiter<T>([
    new ItemExponentialFailureRateLimiter<T>({ baseDelay: 5 * MILLISECOND, maxDelay: 1000 * SECOND }),
    new BucketRateLimiter<T>({ qps: 10, burst: 100 }),
  ]);
}
