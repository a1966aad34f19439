import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { u64ToHex, xxh32, xxh64, type U64 } from '../../lib/hashring/index.js';

interface Input {
  readonly ascii?: string;
  readonly repeat?: number;
  readonly sanityBuffer?: number;
  readonly xorshiftSample?: number;
}
interface Vector {
  readonly input: Input;
  readonly seed: number;
  readonly hash: string;
  readonly source: string;
}
interface Verification {
  readonly fn: string;
  readonly value: string;
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/hash/xxhash.json', import.meta.url), 'utf8')) as {
  readonly verification: readonly Verification[];
  readonly xxh32: readonly Vector[];
  readonly xxh64: readonly Vector[];
};

/** xxhsum's XSUM_fillTestBuffer: byteGen starts at PRIME32, each byte is byteGen >> 56, then byteGen *= PRIME64. */
function sanityBuffer(length: number): Uint8Array {
  const out = new Uint8Array(length);
  let gen = 2654435761n;
  for (let i = 0; i < length; i++) {
    out[i] = Number(gen >> 56n);
    gen = (gen * 11400714785074694797n) & 0xffffffffffffffffn;
  }
  return out;
}

/** The xorshift32 byte stream of xxHash's tests/harness.js sample(). */
function xorshiftSample(length: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = 0x9e3779b9 >>> 0;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

function bytesOf(input: Input): Uint8Array {
  if (input.sanityBuffer !== undefined) return sanityBuffer(input.sanityBuffer);
  if (input.xorshiftSample !== undefined) return xorshiftSample(input.xorshiftSample);
  return new TextEncoder().encode((input.ascii ?? '').repeat(input.repeat ?? 1));
}

function label(input: Input): string {
  if (input.sanityBuffer !== undefined) return `${input.sanityBuffer} bytes of the xxhsum sanity buffer`;
  if (input.xorshiftSample !== undefined) return `the ${input.xorshiftSample}-byte xorshift sample`;
  const text = JSON.stringify(input.ascii);
  return input.repeat ? `${text} x${input.repeat}` : text;
}

function le32(out: Uint8Array, at: number, v: number): void {
  out[at] = v & 0xff;
  out[at + 1] = (v >>> 8) & 0xff;
  out[at + 2] = (v >>> 16) & 0xff;
  out[at + 3] = (v >>> 24) & 0xff;
}

/** SMHasher's VerificationTest (KeysetTest.cpp), with 64-bit outputs written little-endian. */
function smhasherVerification(bytesPerHash: number, hash: (key: Uint8Array, seed: number, out: Uint8Array, at: number) => void): number {
  const key = new Uint8Array(256);
  const hashes = new Uint8Array(bytesPerHash * 256);
  for (let i = 0; i < 256; i++) {
    key[i] = i;
    hash(key.subarray(0, i), 256 - i, hashes, i * bytesPerHash);
  }
  const final = new Uint8Array(bytesPerHash);
  hash(hashes, 0, final, 0);
  return ((final[0] as number) | ((final[1] as number) << 8) | ((final[2] as number) << 16) | ((final[3] as number) << 24)) >>> 0;
}

function expectedVerification(fn: string): number {
  const v = fixture.verification.find((x) => x.fn === fn);
  if (!v) throw new Error(`fixture has no verification value for ${fn}`);
  return parseInt(v.value, 16);
}

describe('XXH32', () => {
  it.each(fixture.xxh32.map((v) => [label(v.input), v.seed, v] as const))('hashes %s with seed %i to the published value', (_l, _s, v) => {
    expect(xxh32(bytesOf(v.input), v.seed).toString(16).padStart(8, '0')).toBe(v.hash);
  });

  it('reproduces the SMHasher verification value 0xBA88B743', () => {
    expect(smhasherVerification(4, (key, seed, out, at) => le32(out, at, xxh32(key, seed)))).toBe(expectedVerification('xxh32'));
  });
});

describe('XXH64', () => {
  it.each(fixture.xxh64.map((v) => [label(v.input), v.seed, v] as const))('hashes %s with seed %i to the published value', (_l, _s, v) => {
    expect(u64ToHex(xxh64(bytesOf(v.input), v.seed))).toBe(v.hash);
  });

  it('reproduces the SMHasher verification value 0x024B7CF4', () => {
    const put = (out: Uint8Array, at: number, h: U64): void => {
      le32(out, at, h.lo);
      le32(out, at + 4, h.hi);
    };
    expect(smhasherVerification(8, (key, seed, out, at) => put(out, at, xxh64(key, seed)))).toBe(expectedVerification('xxh64'));
  });

  it('takes a full 64-bit seed', () => {
    const a = xxh64('key', { hi: 1, lo: 0 });
    const b = xxh64('key', 0);
    expect(a).not.toEqual(b);
    expect(xxh64('key', { hi: 0, lo: 5 })).toEqual(xxh64('key', 5));
  });
});
