/**
 * FNV-1a, 32-bit (Fowler, Noll, Vo; http://www.isthe.com/chongo/tech/comp/fnv/).
 *
 * For each byte: hash ^= byte; hash *= 16777619 (mod 2^32), starting from the
 * offset basis 2166136261. Math.imul keeps the product exact in 32 bits.
 */

import { encodeUtf8ToScratch, utf8Scratch, type HashInput } from './utf8.js';
import { checkHashInput } from './argument-checks.js';

/** The FNV-1a 32-bit offset basis, which is also the hash of the empty input. */
export const FNV1A32_OFFSET_BASIS = 0x811c9dc5;

const FNV32_PRIME = 0x01000193;

/**
 * Returns the FNV-1a 32-bit hash of `input` (UTF-8 for strings) as an unsigned 32-bit integer.
 * Throws TypeError unless `input` is a string or Uint8Array.
 */
export function fnv1a32(input: HashInput): number {
  checkHashInput('fnv1a32', input);
  if (typeof input === 'string') return fnv1a32Bytes(utf8Scratch(), encodeUtf8ToScratch(input), FNV1A32_OFFSET_BASIS);
  return fnv1a32Bytes(input, input.length, FNV1A32_OFFSET_BASIS);
}

/**
 * Continues an FNV-1a 32-bit hash from state `basis` over `bytes[0..length)` and returns the new state.
 * With `basis` = {@link FNV1A32_OFFSET_BASIS} this is the plain hash of those bytes.
 */
export function fnv1a32Bytes(bytes: Uint8Array, length: number, basis: number): number {
  let h = basis | 0;
  for (let i = 0; i < length; i++) {
    h = Math.imul(h ^ (bytes[i] as number), FNV32_PRIME);
  }
  return h >>> 0;
}
