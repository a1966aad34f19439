/**
 * Jump consistent hash (Lamping & Veach, "A Fast, Minimal Memory, Consistent
 * Hash Algorithm", 2014, arXiv:1406.2294).
 *
 * The reference C++:
 *
 *     int64_t b = -1, j = 0;
 *     while (j < num_buckets) {
 *       b = j;
 *       key = key * 2862933555777941757ULL + 1;
 *       j = (b + 1) * (double(1LL << 31) / double((key >> 33) + 1));
 *     }
 *     return b;
 *
 * The 64-bit LCG step runs on 32-bit halves (exact modulo 2^64), and the
 * bucket arithmetic uses the same IEEE double operations in the same order as
 * the C++, so results match the reference bit for bit.
 */

import { requireInteger } from './config-error.js';
import { checkU64 } from '../hash/argument-checks.js';
import { mul64Hi, type U64 } from '../hash/u64.js';

const LCG_HI = 0x27bb2ee6;
const LCG_LO = 0x87b0b0fd;
const TWO_31 = 2147483648;

/** The largest bucket count the reference's int32_t num_buckets allows. */
export const JUMP_MAX_BUCKETS = 0x7fffffff;

/**
 * Returns the bucket in [0, buckets) that jump consistent hash assigns to the 64-bit `key`.
 * Growing `buckets` by one moves a key only into the new last bucket, with probability 1/(buckets+1).
 * Throws HashringConfigError unless `buckets` is an integer in [1, 2^31 - 1], and TypeError/RangeError unless
 * `key` is a U64 (a bigint or a string key is refused, not hashed as 0: convert with u64FromBigInt or hash the string first).
 */
export function jumpConsistentHash(key: U64, buckets: number): number {
  checkU64('jumpConsistentHash', 'key', key);
  requireInteger('buckets', buckets, 1, JUMP_MAX_BUCKETS);
  return jumpBucket(key.hi >>> 0, key.lo >>> 0, buckets);
}

/**
 * The unchecked core of {@link jumpConsistentHash} for hot paths: `keyHi`/`keyLo` are the
 * unsigned 32-bit halves of the key, and `buckets` must already be a valid bucket count.
 */
export function jumpBucket(keyHi: number, keyLo: number, buckets: number): number {
  let kh = keyHi;
  let kl = keyLo;
  let b = -1;
  let j = 0;
  while (j < buckets) {
    b = j;
    const hi = mul64Hi(kh, kl, LCG_HI, LCG_LO);
    kl = (Math.imul(kl, LCG_LO) + 1) >>> 0;
    kh = kl === 0 ? (hi + 1) >>> 0 : hi;
    // key >> 33 is the top 31 bits: the high half shifted right once.
    j = Math.floor((b + 1) * (TWO_31 / ((kh >>> 1) + 1)));
  }
  return b;
}
