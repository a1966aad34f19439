import { describe, expect, it } from 'vitest';
import { fnv1a32 } from '../../lib/hash/fnv1a32.js';
import { fnv1a64 } from '../../lib/hash/fnv1a64.js';
import { murmur3x64_128 } from '../../lib/hash/murmur3-x64-128.js';
import { murmur3x86_32 } from '../../lib/hash/murmur3-x86-32.js';
import { u64FromBigInt } from '../../lib/hash/u64.js';
import { xxh32 } from '../../lib/hash/xxh32.js';
import { xxh64 } from '../../lib/hash/xxh64.js';
import { jumpConsistentHash } from '../../lib/hashring/jump.js';
import { maglevPopulate } from '../../lib/hashring/maglev.js';

// Defect pinned here: JavaScript coerced wrong arguments silently, so a bigint key hashed as key 0,
// a bigint seed became seed 0, an ArrayBuffer hashed as empty input, and maglevPopulate looped forever.

const u32 = (...xs: number[]): Uint32Array => Uint32Array.from(xs);

describe('jumpConsistentHash', () => {
  it('refuses a bigint key instead of hashing it as key 0', () => {
    expect(() => jumpConsistentHash(123n as never, 10)).toThrow(TypeError);
    expect(() => jumpConsistentHash(123n as never, 10)).toThrow(/key must be a U64 \{hi, lo\} \(convert a bigint with u64FromBigInt\); got 123n \(bigint\)/);
  });

  it('refuses a string key', () => {
    expect(() => jumpConsistentHash('123' as never, 10)).toThrow(TypeError);
  });

  it('refuses a U64 whose halves are not 32-bit unsigned integers', () => {
    expect(() => jumpConsistentHash({ hi: -1, lo: 0 }, 10)).toThrow(RangeError);
    expect(() => jumpConsistentHash({ hi: 0, lo: 1.5 }, 10)).toThrow(RangeError);
  });

  it('still hashes a converted bigint exactly as before', () => {
    expect(jumpConsistentHash(u64FromBigInt(123n), 10)).toBe(jumpConsistentHash({ hi: 0, lo: 123 }, 10));
  });
});

describe('the hash functions', () => {
  it('refuse an ArrayBuffer instead of hashing nothing, and say how to wrap it', () => {
    const buffer = new ArrayBuffer(4);
    for (const f of [fnv1a32, fnv1a64, xxh32, xxh64, murmur3x86_32, murmur3x64_128] as Array<(x: never) => unknown>) {
      expect(() => f(buffer as never)).toThrow(TypeError);
      expect(() => f(buffer as never)).toThrow(/new Uint8Array\(buffer\)/);
    }
  });

  it('refuse numbers, null and undefined as input', () => {
    for (const bad of [42, null, undefined, {}]) {
      expect(() => fnv1a32(bad as never)).toThrow(TypeError);
      expect(() => xxh64(bad as never)).toThrow(TypeError);
    }
  });

  it('refuse a bigint seed for xxh64 instead of using seed 0', () => {
    expect(() => xxh64('a', 5n as never)).toThrow(TypeError);
    expect(() => xxh64('a', 5n as never)).toThrow(/u64FromBigInt/);
  });

  it('refuse negative, fractional and unsafe seeds for xxh64', () => {
    expect(() => xxh64('a', -1)).toThrow(RangeError);
    expect(() => xxh64('a', 1.5)).toThrow(RangeError);
    expect(() => xxh64('a', 2 ** 53)).toThrow(RangeError);
  });

  it('refuse 32-bit seeds outside [0, 2^32 - 1]', () => {
    for (const f of [xxh32, murmur3x86_32, murmur3x64_128] as Array<(x: string, s: number) => unknown>) {
      expect(() => f('a', -1)).toThrow(RangeError);
      expect(() => f('a', 2 ** 32)).toThrow(RangeError);
      expect(() => f('a', 0.5)).toThrow(RangeError);
      expect(() => f('a', '1' as never)).toThrow(TypeError);
    }
  });

  it('accept the edges of the seed ranges', () => {
    expect(() => xxh32('a', 2 ** 32 - 1)).not.toThrow();
    expect(() => xxh64('a', 2 ** 53 - 1)).not.toThrow();
    expect(() => xxh64('a', u64FromBigInt(2n ** 64n - 1n))).not.toThrow();
  });
});

describe('maglevPopulate', () => {
  it('refuses a table size that is not prime instead of looping forever', () => {
    expect(() => maglevPopulate(u32(0, 1), u32(2, 4), 6)).toThrow(RangeError);
    expect(() => maglevPopulate(u32(0, 1), u32(2, 4), 6)).toThrow(/tableSize must be a prime/);
  });

  it('refuses a zero skip instead of looping forever', () => {
    expect(() => maglevPopulate(u32(0, 1), u32(0, 3), 7)).toThrow(/skips\[0\] must be in \[1, 6\]; got 0/);
  });

  it('refuses an empty member list and mismatched lengths', () => {
    expect(() => maglevPopulate(u32(), u32(), 7)).toThrow(RangeError);
    expect(() => maglevPopulate(u32(0), u32(1, 2), 7)).toThrow(RangeError);
  });

  it('refuses an offset past the table', () => {
    expect(() => maglevPopulate(u32(7), u32(1), 7)).toThrow(/offsets\[0\] must be in \[0, 6\]; got 7/);
  });

  it('fills every slot of a valid table', () => {
    const entries = maglevPopulate(u32(3, 0), u32(4, 2), 7);
    expect([...entries].every((e) => e === 0 || e === 1)).toBe(true);
  });
});
