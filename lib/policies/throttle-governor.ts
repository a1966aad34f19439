/**
 * An overall rate cap on actions, from a token bucket.
 */
import type { Micros } from '../time.js';
import { ALLOW, deny, waitUntil, type ActionGovernor, type Decision } from './action-governor.js';
import type { TokenBucket } from './token-bucket.js';

/**
 * Allows an action while the bucket holds a whole token, and takes one for
 * every action carried out, whatever its outcome. All actions share the
 * bucket, whatever their key. When the bucket is short, the answer is to wait
 * until the missing fraction of a token has accrued, rounded up to a whole
 * tick so that asking then finds the token; a bucket that can never refill
 * (limit 0, or burst below 1) denies.
 */
export class ThrottleGovernor<A = string> implements ActionGovernor<A> {
  /** The bucket every action draws from. */
  readonly bucket: TokenBucket;

  constructor(bucket: TokenBucket) {
    this.bucket = bucket;
  }

  /** Allows the action if a whole token is available at `now`. */
  request(now: Micros): Decision {
    if (this.bucket.limit === Number.POSITIVE_INFINITY) return ALLOW;
    const tokens = this.bucket.tokensAt(now);
    if (tokens >= 1) return ALLOW;
    if (this.bucket.limit <= 0 || this.bucket.burst < 1) return deny('token bucket never refills to a whole token');
    const wait = Math.max(1, Math.ceil(((1 - tokens) / this.bucket.limit) * this.bucket.ticksPerSecond));
    return waitUntil(now + wait, `throttled: ${tokens.toFixed(3)} tokens`);
  }

  /** Takes one token at `now` (into debt if need be). */
  record(now: Micros): void {
    this.bucket.reserveN(now, 1);
  }
}
