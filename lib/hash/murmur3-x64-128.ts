/**
 * MurmurHash3_x64_128 (Austin Appleby, https://github.com/aappleby/smhasher).
 *
 * Two 64-bit lanes consume 16-byte little-endian blocks, then a tail of up to
 * 15 bytes, then the fmix64 finalizer. The 64-bit arithmetic runs on 32-bit
 * halves kept in local variables; the helpers below return the low half and
 * leave the high half in `rh`, so the hot loop allocates nothing.
 */

import { mul64Hi, type U64 } from './u64.js';
import { encodeUtf8ToScratch, utf8Scratch, type HashInput } from './utf8.js';
import { checkHashInput, checkSeed32 } from './argument-checks.js';
import { readU32LE } from './le-bytes.js';

/** The 128-bit MurmurHash3_x64_128 result as its two 64-bit words, in the reference's output order. */
export interface Murmur3x64Hash {
  /** The first output word (bytes 0..7 of the reference output, little-endian). */
  readonly h1: U64;
  /** The second output word (bytes 8..15). */
  readonly h2: U64;
}

const C1_HI = 0x87c37b91;
const C1_LO = 0x114253d5;
const C2_HI = 0x4cf5ad43;
const C2_LO = 0x2745937f;
const F1_HI = 0xff51afd7;
const F1_LO = 0xed558ccd;
const F2_HI = 0xc4ceb9fe;
const F2_LO = 0x1a85ec53;

// High half of the last helper result; the helpers return the low half.
let rh = 0;

function mul(ah: number, al: number, bh: number, bl: number): number {
  rh = mul64Hi(ah, al, bh, bl);
  return Math.imul(al, bl) >>> 0;
}

function add(ah: number, al: number, bh: number, bl: number): number {
  const lo = al + bl;
  rh = (ah + bh + (lo > 0xffffffff ? 1 : 0)) >>> 0;
  return lo >>> 0;
}

function rotl(h: number, l: number, r: number): number {
  if (r >= 32) {
    const t = h;
    h = l;
    l = t;
    r -= 32;
  }
  if (r === 0) {
    rh = h;
    return l;
  }
  rh = ((h << r) | (l >>> (32 - r))) >>> 0;
  return ((l << r) | (h >>> (32 - r))) >>> 0;
}

function fmix64(h: number, l: number): number {
  l = (l ^ (h >>> 1)) >>> 0;
  l = mul(h, l, F1_HI, F1_LO);
  h = rh;
  l = (l ^ (h >>> 1)) >>> 0;
  l = mul(h, l, F2_HI, F2_LO);
  h = rh;
  l = (l ^ (h >>> 1)) >>> 0;
  return l;
}

/**
 * Returns MurmurHash3_x64_128 of `input` (UTF-8 for strings) with a 32-bit `seed`.
 * Throws TypeError for an input that is not a string or Uint8Array or a non-number seed, RangeError for a seed outside [0, 2^32 - 1].
 */
export function murmur3x64_128(input: HashInput, seed = 0): Murmur3x64Hash {
  checkHashInput('murmur3x64_128', input);
  checkSeed32('murmur3x64_128', seed);
  if (typeof input === 'string') return murmur3x64_128Bytes(utf8Scratch(), encodeUtf8ToScratch(input), seed);
  return murmur3x64_128Bytes(input, input.length, seed);
}

/** Returns MurmurHash3_x64_128 of `bytes[0..length)` with `seed` (taken modulo 2^32, as the reference's uint32_t). */
export function murmur3x64_128Bytes(bytes: Uint8Array, length: number, seed: number): Murmur3x64Hash {
  let h1h = 0;
  let h1l = seed >>> 0;
  let h2h = 0;
  let h2l = seed >>> 0;
  const blockEnd = length - (length % 16);
  let i = 0;
  for (; i < blockEnd; i += 16) {
    let k1l = readU32LE(bytes, i);
    let k1h = readU32LE(bytes, i + 4);
    let k2l = readU32LE(bytes, i + 8);
    let k2h = readU32LE(bytes, i + 12);

    k1l = mul(k1h, k1l, C1_HI, C1_LO); k1h = rh;
    k1l = rotl(k1h, k1l, 31); k1h = rh;
    k1l = mul(k1h, k1l, C2_HI, C2_LO); k1h = rh;
    h1h = (h1h ^ k1h) >>> 0; h1l = (h1l ^ k1l) >>> 0;
    h1l = rotl(h1h, h1l, 27); h1h = rh;
    h1l = add(h1h, h1l, h2h, h2l); h1h = rh;
    h1l = mul(h1h, h1l, 0, 5); h1h = rh;
    h1l = add(h1h, h1l, 0, 0x52dce729); h1h = rh;

    k2l = mul(k2h, k2l, C2_HI, C2_LO); k2h = rh;
    k2l = rotl(k2h, k2l, 33); k2h = rh;
    k2l = mul(k2h, k2l, C1_HI, C1_LO); k2h = rh;
    h2h = (h2h ^ k2h) >>> 0; h2l = (h2l ^ k2l) >>> 0;
    h2l = rotl(h2h, h2l, 31); h2h = rh;
    h2l = add(h2h, h2l, h1h, h1l); h2h = rh;
    h2l = mul(h2h, h2l, 0, 5); h2h = rh;
    h2l = add(h2h, h2l, 0, 0x38495ab5); h2h = rh;
  }

  const tail = length - blockEnd;
  if (tail > 8) {
    let k2h = 0;
    let k2l = 0;
    for (let t = tail - 1; t >= 8; t--) {
      const b = bytes[i + t] as number;
      if (t >= 12) k2h = (k2h | (b << ((t - 12) * 8))) >>> 0;
      else k2l = (k2l | (b << ((t - 8) * 8))) >>> 0;
    }
    k2l = mul(k2h, k2l, C2_HI, C2_LO); k2h = rh;
    k2l = rotl(k2h, k2l, 33); k2h = rh;
    k2l = mul(k2h, k2l, C1_HI, C1_LO); k2h = rh;
    h2h = (h2h ^ k2h) >>> 0; h2l = (h2l ^ k2l) >>> 0;
  }
  if (tail > 0) {
    let k1h = 0;
    let k1l = 0;
    for (let t = Math.min(tail, 8) - 1; t >= 0; t--) {
      const b = bytes[i + t] as number;
      if (t >= 4) k1h = (k1h | (b << ((t - 4) * 8))) >>> 0;
      else k1l = (k1l | (b << (t * 8))) >>> 0;
    }
    k1l = mul(k1h, k1l, C1_HI, C1_LO); k1h = rh;
    k1l = rotl(k1h, k1l, 31); k1h = rh;
    k1l = mul(k1h, k1l, C2_HI, C2_LO); k1h = rh;
    h1h = (h1h ^ k1h) >>> 0; h1l = (h1l ^ k1l) >>> 0;
  }

  // The reference xors in len as a 64-bit size_t; lengths here stay below 2^32.
  h1l = (h1l ^ length) >>> 0;
  h2l = (h2l ^ length) >>> 0;
  h1l = add(h1h, h1l, h2h, h2l); h1h = rh;
  h2l = add(h2h, h2l, h1h, h1l); h2h = rh;
  h1l = fmix64(h1h, h1l); h1h = rh;
  h2l = fmix64(h2h, h2l); h2h = rh;
  h1l = add(h1h, h1l, h2h, h2l); h1h = rh;
  h2l = add(h2h, h2l, h1h, h1l); h2h = rh;
  return { h1: { hi: h1h, lo: h1l }, h2: { hi: h2h, lo: h2l } };
}
