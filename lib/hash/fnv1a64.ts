/**
 * FNV-1a, 64-bit (Fowler, Noll, Vo; http://www.isthe.com/chongo/tech/comp/fnv/).
 *
 * For each byte: hash ^= byte; hash *= 1099511628211 (mod 2^64), starting from
 * the offset basis 14695981039346656037. The prime is 2^40 + 0x1b3, so the
 * multiply splits into "times 0x1b3" plus "low half shifted left by 8 into the
 * high half": two 32-bit halves and no BigInt.
 */

import type { U64 } from './u64.js';
import { encodeUtf8ToScratch, utf8Scratch, type HashInput } from './utf8.js';
import { checkHashInput } from './argument-checks.js';

/** The FNV-1a 64-bit offset basis, which is also the hash of the empty input. */
export const FNV1A64_OFFSET_BASIS: U64 = { hi: 0xcbf29ce4, lo: 0x84222325 };

const PRIME_LOW = 0x1b3;
const TWO_32 = 4294967296;

/** Returns the FNV-1a 64-bit hash of `input` (UTF-8 for strings); throws TypeError unless `input` is a string or Uint8Array. */
export function fnv1a64(input: HashInput): U64 {
  checkHashInput('fnv1a64', input);
  if (typeof input === 'string') return fnv1a64Bytes(utf8Scratch(), encodeUtf8ToScratch(input), FNV1A64_OFFSET_BASIS);
  return fnv1a64Bytes(input, input.length, FNV1A64_OFFSET_BASIS);
}

/**
 * Continues an FNV-1a 64-bit hash from state `basis` over `bytes[0..length)` and returns the new state.
 * With `basis` = {@link FNV1A64_OFFSET_BASIS} this is the plain hash of those bytes.
 */
export function fnv1a64Bytes(bytes: Uint8Array, length: number, basis: U64): U64 {
  let hi = basis.hi;
  let lo = basis.lo;
  for (let i = 0; i < length; i++) {
    lo = (lo ^ (bytes[i] as number)) >>> 0;
    // lo * 0x1b3 < 2^41, exact in a double; its top bits carry into the high half.
    const loTimesPrime = lo * PRIME_LOW;
    const carry = Math.floor(loTimesPrime / TWO_32);
    hi = (Math.imul(hi, PRIME_LOW) + (lo << 8) + carry) >>> 0;
    lo = loTimesPrime >>> 0;
  }
  return { hi, lo };
}
