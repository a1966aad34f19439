import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { murmur3x64_128, murmur3x86_32, u64ToHex, type U64 } from '../../lib/hashring/index.js';

interface Input {
  readonly ascii?: string;
  readonly hex?: string;
  readonly repeat?: number;
}
interface X86Vector {
  readonly input: Input;
  readonly seed: number;
  readonly hash: string;
  readonly source: string;
}
interface X64Vector {
  readonly input: Input;
  readonly seed: number;
  readonly h1: string;
  readonly h2: string;
  readonly source: string;
}
interface Verification {
  readonly fn: string;
  readonly value: string;
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/hash/murmur3.json', import.meta.url), 'utf8')) as {
  readonly verification: readonly Verification[];
  readonly x86_32: readonly X86Vector[];
  readonly x64_128: readonly X64Vector[];
};

function bytesOf(input: Input): Uint8Array {
  const unit = input.hex !== undefined ? Uint8Array.from(input.hex.match(/../g) ?? [], (h) => parseInt(h, 16)) : new TextEncoder().encode(input.ascii ?? '');
  const repeat = input.repeat ?? 1;
  const out = new Uint8Array(unit.length * repeat);
  for (let r = 0; r < repeat; r++) out.set(unit, r * unit.length);
  return out;
}

function label(input: Input): string {
  const text = input.hex !== undefined ? `0x${input.hex}` : JSON.stringify(input.ascii);
  return input.repeat ? `${text} x${input.repeat}` : text;
}

function le32(out: Uint8Array, at: number, v: number): void {
  out[at] = v & 0xff;
  out[at + 1] = (v >>> 8) & 0xff;
  out[at + 2] = (v >>> 16) & 0xff;
  out[at + 3] = (v >>> 24) & 0xff;
}

function le64(out: Uint8Array, at: number, v: U64): void {
  le32(out, at, v.lo);
  le32(out, at + 4, v.hi);
}

/** SMHasher's VerificationTest (KeysetTest.cpp): hash {}, {0}, {0,1}, ... with seed 256 - i, then hash the outputs. */
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

describe('MurmurHash3_x86_32', () => {
  it.each(fixture.x86_32.map((v) => [label(v.input), v.seed, v] as const))('hashes %s with seed %i to the published value', (_l, _s, v) => {
    expect(murmur3x86_32(bytesOf(v.input), v.seed).toString(16).padStart(8, '0')).toBe(v.hash);
  });

  it('reproduces the SMHasher verification value 0xB0F57EE3', () => {
    const got = smhasherVerification(4, (key, seed, out, at) => le32(out, at, murmur3x86_32(key, seed)));
    expect(got).toBe(expectedVerification('murmur3_x86_32'));
  });

  it('hashes a string as its UTF-8 bytes', () => {
    expect(murmur3x86_32('ππππππππ', 0x9747b28c)).toBe(0xd58063c1);
  });
});

describe('MurmurHash3_x64_128', () => {
  it.each(fixture.x64_128.map((v) => [label(v.input), v.seed, v] as const))('hashes %s with seed %i to the published words', (_l, _s, v) => {
    const got = murmur3x64_128(bytesOf(v.input), v.seed);
    expect([u64ToHex(got.h1), u64ToHex(got.h2)]).toEqual([v.h1, v.h2]);
  });

  it('reproduces the SMHasher verification value 0x6384BA69', () => {
    const got = smhasherVerification(16, (key, seed, out, at) => {
      const h = murmur3x64_128(key, seed);
      le64(out, at, h.h1);
      le64(out, at + 8, h.h2);
    });
    expect(got).toBe(expectedVerification('murmur3_x64_128'));
  });

  it('covers every tail length from 0 to 15 without disagreeing with itself across seeds', () => {
    // Regression guard for the tail switch: each length must give a distinct, stable result.
    const seen = new Set<string>();
    for (let n = 0; n < 48; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 0xff);
      const h = murmur3x64_128(bytes, 7);
      expect(murmur3x64_128(bytes, 7)).toEqual(h);
      seen.add(u64ToHex(h.h1) + u64ToHex(h.h2));
    }
    expect(seen.size).toBe(48);
  });
});
