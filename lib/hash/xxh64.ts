/**
 * XXH64 (Yann Collet, https://github.com/Cyan4973/xxHash, doc/xxhash_spec.md).
 *
 * Inputs of 32 bytes or more run four 64-bit accumulators over 32-byte
 * stripes; the rest is consumed 8, 4 and then 1 byte at a time, and an
 * avalanche step finishes. The 64-bit arithmetic runs on 32-bit halves in
 * local variables: helpers return the low half and leave the high half in
 * `rh`, so hashing allocates nothing but the returned U64.
 */

import { mul64Hi, u64FromNumber, type U64 } from './u64.js';
import { encodeUtf8ToScratch, utf8Scratch, type HashInput } from './utf8.js';
import { readU32LE } from './le-bytes.js';
import { checkHashInput, checkSeed64 } from './argument-checks.js';

const P1_HI = 0x9e3779b1;
const P1_LO = 0x85ebca87;
const P2_HI = 0xc2b2ae3d;
const P2_LO = 0x27d4eb4f;
const P3_HI = 0x165667b1;
const P3_LO = 0x9e3779f9;
const P4_HI = 0x85ebca77;
const P4_LO = 0xc2b2ae63;
const P5_HI = 0x27d4eb2f;
const P5_LO = 0x165667c5;

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

function sub(ah: number, al: number, bh: number, bl: number): number {
  const lo = al - bl;
  rh = (ah - bh - (lo < 0 ? 1 : 0)) >>> 0;
  return lo >>> 0;
}

function rotl(h: number, l: number, r: number): number {
  // Rotations in XXH64 are all in (0, 32): 1, 7, 11, 12, 18, 23, 27, 31.
  rh = ((h << r) | (l >>> (32 - r))) >>> 0;
  return ((l << r) | (h >>> (32 - r))) >>> 0;
}

/** acc = rotl(acc + input * P2, 31) * P1 */
function round(ah: number, al: number, ih: number, il: number): number {
  let l = mul(ih, il, P2_HI, P2_LO);
  l = add(ah, al, rh, l);
  l = rotl(rh, l, 31);
  return mul(rh, l, P1_HI, P1_LO);
}

/** acc = (acc ^ round(0, val)) * P1 + P4 */
function mergeRound(ah: number, al: number, vh: number, vl: number): number {
  let l = round(0, 0, vh, vl);
  const h = (ah ^ rh) >>> 0;
  l = (al ^ l) >>> 0;
  l = mul(h, l, P1_HI, P1_LO);
  return add(rh, l, P4_HI, P4_LO);
}

/**
 * Returns XXH64 of `input` (UTF-8 for strings) with `seed` (a U64, or an integer in [0, 2^53 - 1]).
 * Throws TypeError for an input that is not a string or Uint8Array or a seed of another type, RangeError for a seed out of range.
 */
export function xxh64(input: HashInput, seed: U64 | number = 0): U64 {
  checkHashInput('xxh64', input);
  checkSeed64('xxh64', seed);
  const s = typeof seed === 'number' ? u64FromNumber(seed) : seed;
  if (typeof input === 'string') return xxh64Bytes(utf8Scratch(), encodeUtf8ToScratch(input), s);
  return xxh64Bytes(input, input.length, s);
}

/** Returns XXH64 of `bytes[0..length)` with the 64-bit `seed`. */
export function xxh64Bytes(bytes: Uint8Array, length: number, seed: U64): U64 {
  const sh = seed.hi >>> 0;
  const sl = seed.lo >>> 0;
  let hh: number;
  let hl: number;
  let i = 0;
  if (length >= 32) {
    let v1l = add(sh, sl, P1_HI, P1_LO);
    let v1h = rh;
    v1l = add(v1h, v1l, P2_HI, P2_LO); v1h = rh;
    let v2l = add(sh, sl, P2_HI, P2_LO);
    let v2h = rh;
    let v3l = sl;
    let v3h = sh;
    let v4l = sub(sh, sl, P1_HI, P1_LO);
    let v4h = rh;
    const limit = length - 32;
    do {
      v1l = round(v1h, v1l, readU32LE(bytes, i + 4), readU32LE(bytes, i)); v1h = rh;
      v2l = round(v2h, v2l, readU32LE(bytes, i + 12), readU32LE(bytes, i + 8)); v2h = rh;
      v3l = round(v3h, v3l, readU32LE(bytes, i + 20), readU32LE(bytes, i + 16)); v3h = rh;
      v4l = round(v4h, v4l, readU32LE(bytes, i + 28), readU32LE(bytes, i + 24)); v4h = rh;
      i += 32;
    } while (i <= limit);
    hl = rotl(v1h, v1l, 1); hh = rh;
    let tl = rotl(v2h, v2l, 7);
    hl = add(hh, hl, rh, tl); hh = rh;
    tl = rotl(v3h, v3l, 12);
    hl = add(hh, hl, rh, tl); hh = rh;
    tl = rotl(v4h, v4l, 18);
    hl = add(hh, hl, rh, tl); hh = rh;
    hl = mergeRound(hh, hl, v1h, v1l); hh = rh;
    hl = mergeRound(hh, hl, v2h, v2l); hh = rh;
    hl = mergeRound(hh, hl, v3h, v3l); hh = rh;
    hl = mergeRound(hh, hl, v4h, v4l); hh = rh;
  } else {
    hl = add(sh, sl, P5_HI, P5_LO);
    hh = rh;
  }
  hl = add(hh, hl, 0, length); hh = rh;

  for (; i + 8 <= length; i += 8) {
    const kl = round(0, 0, readU32LE(bytes, i + 4), readU32LE(bytes, i));
    hh = (hh ^ rh) >>> 0;
    hl = (hl ^ kl) >>> 0;
    hl = rotl(hh, hl, 27); hh = rh;
    hl = mul(hh, hl, P1_HI, P1_LO); hh = rh;
    hl = add(hh, hl, P4_HI, P4_LO); hh = rh;
  }
  if (i + 4 <= length) {
    const kl = mul(0, readU32LE(bytes, i), P1_HI, P1_LO);
    hh = (hh ^ rh) >>> 0;
    hl = (hl ^ kl) >>> 0;
    hl = rotl(hh, hl, 23); hh = rh;
    hl = mul(hh, hl, P2_HI, P2_LO); hh = rh;
    hl = add(hh, hl, P3_HI, P3_LO); hh = rh;
    i += 4;
  }
  for (; i < length; i++) {
    const kl = mul(0, bytes[i] as number, P5_HI, P5_LO);
    hh = (hh ^ rh) >>> 0;
    hl = (hl ^ kl) >>> 0;
    hl = rotl(hh, hl, 11); hh = rh;
    hl = mul(hh, hl, P1_HI, P1_LO); hh = rh;
  }

  // Avalanche: h ^= h >> 33; h *= P2; h ^= h >> 29; h *= P3; h ^= h >> 32.
  hl = (hl ^ (hh >>> 1)) >>> 0;
  hl = mul(hh, hl, P2_HI, P2_LO); hh = rh;
  hl = (hl ^ ((hh << 3) | (hl >>> 29))) >>> 0;
  hh = (hh ^ (hh >>> 29)) >>> 0;
  hl = mul(hh, hl, P3_HI, P3_LO); hh = rh;
  hl = (hl ^ hh) >>> 0;
  return { hi: hh, lo: hl };
}
