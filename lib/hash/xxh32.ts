/**
 * XXH32 (Yann Collet, https://github.com/Cyan4973/xxHash, doc/xxhash_spec.md).
 *
 * Inputs of 16 bytes or more run four accumulators over 16-byte stripes; the
 * rest is consumed 4 bytes and then 1 byte at a time, and an avalanche step
 * finishes. All arithmetic is modulo 2^32 via Math.imul and `| 0`.
 */

import { encodeUtf8ToScratch, utf8Scratch, type HashInput } from './utf8.js';
import { readU32LE } from './le-bytes.js';
import { checkHashInput, checkSeed32 } from './argument-checks.js';

const P1 = 0x9e3779b1;
const P2 = 0x85ebca77;
const P3 = 0xc2b2ae3d;
const P4 = 0x27d4eb2f;
const P5 = 0x165667b1;

/**
 * Returns XXH32 of `input` (UTF-8 for strings) with `seed`, as an unsigned 32-bit integer.
 * Throws TypeError for an input that is not a string or Uint8Array or a non-number seed, RangeError for a seed outside [0, 2^32 - 1].
 */
export function xxh32(input: HashInput, seed = 0): number {
  checkHashInput('xxh32', input);
  checkSeed32('xxh32', seed);
  if (typeof input === 'string') return xxh32Bytes(utf8Scratch(), encodeUtf8ToScratch(input), seed);
  return xxh32Bytes(input, input.length, seed);
}

/** Returns XXH32 of `bytes[0..length)` with `seed` (taken modulo 2^32). */
export function xxh32Bytes(bytes: Uint8Array, length: number, seed: number): number {
  let h: number;
  let i = 0;
  if (length >= 16) {
    let v1 = (seed + P1 + P2) | 0;
    let v2 = (seed + P2) | 0;
    let v3 = seed | 0;
    let v4 = (seed - P1) | 0;
    const limit = length - 16;
    do {
      v1 = round(v1, readU32LE(bytes, i));
      v2 = round(v2, readU32LE(bytes, i + 4));
      v3 = round(v3, readU32LE(bytes, i + 8));
      v4 = round(v4, readU32LE(bytes, i + 12));
      i += 16;
    } while (i <= limit);
    h = (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) | 0;
  } else {
    h = (seed + P5) | 0;
  }
  h = (h + length) | 0;
  for (; i + 4 <= length; i += 4) {
    h = (h + Math.imul(readU32LE(bytes, i), P3)) | 0;
    h = Math.imul(rotl(h, 17), P4);
  }
  for (; i < length; i++) {
    h = (h + Math.imul(bytes[i] as number, P5)) | 0;
    h = Math.imul(rotl(h, 11), P1);
  }
  h ^= h >>> 15;
  h = Math.imul(h, P2);
  h ^= h >>> 13;
  h = Math.imul(h, P3);
  h ^= h >>> 16;
  return h >>> 0;
}

function round(acc: number, input: number): number {
  acc = (acc + Math.imul(input, P2)) | 0;
  return Math.imul(rotl(acc, 13), P1);
}

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}
