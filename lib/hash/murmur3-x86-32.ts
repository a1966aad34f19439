/**
 * MurmurHash3_x86_32 (Austin Appleby, https://github.com/aappleby/smhasher).
 *
 * Reads the input as little-endian 32-bit blocks, mixes each into the state,
 * folds in the 1..3 tail bytes, and finishes with the fmix32 avalanche. Every
 * multiply is Math.imul, so the result matches the C reference bit for bit.
 */

import { encodeUtf8ToScratch, utf8Scratch, type HashInput } from './utf8.js';
import { checkHashInput, checkSeed32 } from './argument-checks.js';

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/**
 * Returns MurmurHash3_x86_32 of `input` (UTF-8 for strings) with `seed`, as an unsigned 32-bit integer.
 * Throws TypeError for an input that is not a string or Uint8Array or a non-number seed, RangeError for a seed outside [0, 2^32 - 1].
 */
export function murmur3x86_32(input: HashInput, seed = 0): number {
  checkHashInput('murmur3x86_32', input);
  checkSeed32('murmur3x86_32', seed);
  if (typeof input === 'string') return murmur3x86_32Bytes(utf8Scratch(), encodeUtf8ToScratch(input), seed);
  return murmur3x86_32Bytes(input, input.length, seed);
}

/** Returns MurmurHash3_x86_32 of `bytes[0..length)` with `seed` (taken modulo 2^32). */
export function murmur3x86_32Bytes(bytes: Uint8Array, length: number, seed: number): number {
  let h = seed | 0;
  const blockEnd = length & ~3;
  let i = 0;
  for (; i < blockEnd; i += 4) {
    let k = (bytes[i] as number) | ((bytes[i + 1] as number) << 8) | ((bytes[i + 2] as number) << 16) | ((bytes[i + 3] as number) << 24);
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = length & 3;
  if (tail !== 0) {
    let k = 0;
    if (tail === 3) k ^= (bytes[i + 2] as number) << 16;
    if (tail >= 2) k ^= (bytes[i + 1] as number) << 8;
    k ^= bytes[i] as number;
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
  }
  h ^= length;
  return fmix32(h);
}

/**
 * MurmurHash3's 32-bit finalizer: a bijection on 32-bit integers in which every
 * input bit affects every output bit. Returns an unsigned 32-bit integer.
 */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
