/**
 * The hash functions a hashring algorithm can be configured with, by name.
 *
 * Algorithms need seeded hashes of string keys: 32-bit for ring positions,
 * Maglev offsets and rendezvous scores, 64-bit for jump hash. Every named
 * function provides both widths; the adapters below say how a function of the
 * other width is stretched or cut, so the choice stays a one-word option.
 */

import { fnv1a32Bytes, FNV1A32_OFFSET_BASIS } from './fnv1a32.js';
import { fnv1a64Bytes, FNV1A64_OFFSET_BASIS } from './fnv1a64.js';
import { murmur3x64_128Bytes } from './murmur3-x64-128.js';
import { murmur3x86_32Bytes } from './murmur3-x86-32.js';
import type { U64 } from './u64.js';
import { encodeUtf8ToScratch, utf8Scratch } from './utf8.js';
import { xxh32Bytes } from './xxh32.js';
import { xxh64Bytes } from './xxh64.js';

/**
 * The name of a hash function the hashring algorithms can use.
 *
 * Prefer the murmur3 and xxh functions for placement. FNV-1a mixes its last
 * bytes weakly, so labels that differ only at the end ("node-3#17",
 * "node-3#18") land close together: on a 100-vnode ring the new member's
 * share of an add spread with a standard deviation of 37% (fnv1a32) and 83%
 * (fnv1a64, low half) of the ideal, against 8–11% for murmur3 and xxh.
 */
export type HashName = 'fnv1a32' | 'fnv1a64' | 'murmur3-x86-32' | 'murmur3-x64-128' | 'xxh32' | 'xxh64';

/** Every {@link HashName}, for validation and for iterating in tests and benches. */
export const HASH_NAMES: readonly HashName[] = ['fnv1a32', 'fnv1a64', 'murmur3-x86-32', 'murmur3-x64-128', 'xxh32', 'xxh64'];

/** A seeded hash of a string key (as UTF-8) to an unsigned 32-bit integer; the seed is an unsigned 32-bit integer. */
export type KeyHash32 = (key: string, seed: number) => number;

/** A seeded hash of a string key (as UTF-8) to an unsigned 64-bit value; the seed is an unsigned 32-bit integer. */
export type KeyHash64 = (key: string, seed: number) => U64;

/** A seeded 32-bit hash over bytes[0..length). */
type BytesHash32 = (bytes: Uint8Array, length: number, seed: number) => number;

const seedBytes = new Uint8Array(4);

function writeSeed(seed: number): void {
  seedBytes[0] = seed & 0xff;
  seedBytes[1] = (seed >>> 8) & 0xff;
  seedBytes[2] = (seed >>> 16) & 0xff;
  seedBytes[3] = (seed >>> 24) & 0xff;
}

/**
 * FNV-1a has no seed. A non-zero seed is absorbed first, as four little-endian
 * bytes, so seed 0 is exactly the standard hash and other seeds give
 * unrelated functions.
 */
const fnv32Seeded: BytesHash32 = (bytes, length, seed) => {
  let basis = FNV1A32_OFFSET_BASIS;
  if (seed !== 0) {
    writeSeed(seed);
    basis = fnv1a32Bytes(seedBytes, 4, basis);
  }
  return fnv1a32Bytes(bytes, length, basis);
};

function fnv64Seeded(bytes: Uint8Array, length: number, seed: number): U64 {
  let basis = FNV1A64_OFFSET_BASIS;
  if (seed !== 0) {
    writeSeed(seed);
    basis = fnv1a64Bytes(seedBytes, 4, basis);
  }
  return fnv1a64Bytes(bytes, length, basis);
}

function onKey32(h: BytesHash32): KeyHash32 {
  return (key, seed) => h(utf8Scratch(), encodeUtf8ToScratch(key), seed);
}

/**
 * A 32-bit function is stretched to 64 bits by hashing the key's bytes twice,
 * with seeds 2s and 2s + 1, so neighbouring seeds never share a half. The key
 * is encoded once.
 */
function stretch(h: BytesHash32): KeyHash64 {
  return (key, seed) => {
    const length = encodeUtf8ToScratch(key);
    const bytes = utf8Scratch();
    const hi = h(bytes, length, (seed * 2) >>> 0);
    return { hi, lo: h(bytes, length, (seed * 2 + 1) >>> 0) };
  };
}

const hash32: Readonly<Record<HashName, KeyHash32>> = {
  fnv1a32: onKey32(fnv32Seeded),
  // 64- and 128-bit functions are cut to their low 32 bits.
  fnv1a64: (key, seed) => fnv64Seeded(utf8Scratch(), encodeUtf8ToScratch(key), seed).lo,
  'murmur3-x86-32': onKey32(murmur3x86_32Bytes),
  'murmur3-x64-128': (key, seed) => murmur3x64_128Bytes(utf8Scratch(), encodeUtf8ToScratch(key), seed).h1.lo,
  xxh32: onKey32(xxh32Bytes),
  xxh64: (key, seed) => xxh64Bytes(utf8Scratch(), encodeUtf8ToScratch(key), { hi: 0, lo: seed >>> 0 }).lo,
};

const hash64: Readonly<Record<HashName, KeyHash64>> = {
  fnv1a32: stretch(fnv32Seeded),
  fnv1a64: (key, seed) => fnv64Seeded(utf8Scratch(), encodeUtf8ToScratch(key), seed),
  'murmur3-x86-32': stretch(murmur3x86_32Bytes),
  'murmur3-x64-128': (key, seed) => murmur3x64_128Bytes(utf8Scratch(), encodeUtf8ToScratch(key), seed).h1,
  xxh32: stretch(xxh32Bytes),
  xxh64: (key, seed) => xxh64Bytes(utf8Scratch(), encodeUtf8ToScratch(key), { hi: 0, lo: seed >>> 0 }),
};

/** True when `name` is one of {@link HASH_NAMES}. */
export function isHashName(name: unknown): name is HashName {
  return typeof name === 'string' && (HASH_NAMES as readonly string[]).includes(name);
}

/** Returns the seeded 32-bit key hash for `name` (64- and 128-bit functions keep their low 32 bits). */
export function keyHash32(name: HashName): KeyHash32 {
  return hash32[name];
}

/** Returns the seeded 64-bit key hash for `name` (32-bit functions are applied twice with derived seeds). */
export function keyHash64(name: HashName): KeyHash64 {
  return hash64[name];
}
