import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fnv1a32, fnv1a64, u64ToHex, keyHash32 } from '../../lib/hashring/index.js';

interface FnvInput {
  readonly ascii?: string;
  readonly hex?: string;
  readonly repeat?: number;
  readonly nul?: boolean;
}
interface FnvVector {
  readonly index: number;
  readonly input: FnvInput;
  readonly fnv1a32: string;
  readonly fnv1a64: string;
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/hash/fnv1a.json', import.meta.url), 'utf8')) as {
  readonly vectors: readonly FnvVector[];
};

function bytesOf(input: FnvInput): Uint8Array {
  const unit =
    input.hex !== undefined
      ? Uint8Array.from(input.hex.match(/../g) ?? [], (h) => parseInt(h, 16))
      : Uint8Array.from(input.ascii ?? '', (c) => c.charCodeAt(0));
  const repeat = input.repeat ?? 1;
  const out = new Uint8Array(unit.length * repeat + (input.nul ? 1 : 0));
  for (let r = 0; r < repeat; r++) out.set(unit, r * unit.length);
  return out;
}

describe('FNV-1a against the reference suite (lcn2/fnv test_fnv.c)', () => {
  it('holds all 203 reference inputs', () => {
    expect(fixture.vectors).toHaveLength(203);
  });

  it.each(fixture.vectors.map((v) => [v.index, v] as const))('hashes reference input %i to the published 32-bit value', (_i, v) => {
    expect(fnv1a32(bytesOf(v.input)).toString(16).padStart(8, '0')).toBe(v.fnv1a32);
  });

  it.each(fixture.vectors.map((v) => [v.index, v] as const))('hashes reference input %i to the published 64-bit value', (_i, v) => {
    expect(u64ToHex(fnv1a64(bytesOf(v.input)))).toBe(v.fnv1a64);
  });

  it('hashes a string as its UTF-8 bytes', () => {
    const text = 'naïve ☃ 𝄞 key';
    const bytes = new TextEncoder().encode(text);
    expect(fnv1a32(text)).toBe(fnv1a32(bytes));
    expect(fnv1a64(text)).toEqual(fnv1a64(bytes));
  });

  it('hashes a lone surrogate as U+FFFD, like TextEncoder', () => {
    expect(fnv1a32('a\ud800b')).toBe(fnv1a32(new TextEncoder().encode('a\ud800b')));
    expect(fnv1a32('\udc00')).toBe(fnv1a32(new TextEncoder().encode('\ufffd')));
  });

  it('keeps seed 0 of the seeded key hash equal to the standard hash', () => {
    expect(keyHash32('fnv1a32')('foobar', 0)).toBe(0xbf9cf968);
    expect(keyHash32('fnv1a32')('foobar', 1)).not.toBe(0xbf9cf968);
  });
});
