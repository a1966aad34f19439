import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HashringConfigError, jumpConsistentHash, u64FromBigInt } from '../../lib/hashring/index.js';

interface Vector {
  readonly key: string;
  readonly buckets: number;
  readonly bucket: number;
  readonly source: string;
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/hash/jump.json', import.meta.url), 'utf8')) as {
  readonly vectors: readonly Vector[];
};

/** The paper's C++ loop, transcribed with BigInt for the LCG: an independent oracle for the 32-bit-halves version. */
function referenceJump(key: bigint, buckets: number): number {
  let k = key;
  let b = -1;
  let j = 0;
  while (j < buckets) {
    b = j;
    k = (k * 2862933555777941757n + 1n) & 0xffffffffffffffffn;
    j = Math.floor((b + 1) * (2147483648 / (Number(k >> 33n) + 1)));
  }
  return b;
}

describe('jump consistent hash', () => {
  it('holds 108 published vectors', () => {
    expect(fixture.vectors).toHaveLength(108);
  });

  it.each(fixture.vectors.map((v) => [v.key, v.buckets, v.bucket, v] as const))(
    'puts key %s, with %i buckets, into the published bucket %i',
    (_k, _n, _b, v) => {
      expect(jumpConsistentHash(u64FromBigInt(BigInt(v.key)), v.buckets)).toBe(v.bucket);
    },
  );

  it('agrees with a BigInt transcription of the C++ on keys across the whole 64-bit range', () => {
    let x = 0x9e3779b97f4a7c15n;
    for (let i = 0; i < 2000; i++) {
      x = (x * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
      const buckets = 1 + (Number(x >> 40n) % 5000);
      expect(jumpConsistentHash(u64FromBigInt(x), buckets)).toBe(referenceJump(x, buckets));
    }
  });

  it('moves a key only into the newly added last bucket as buckets grow', () => {
    for (const key of [0n, 1n, 0xdeadbeefn, 0xffffffffffffffffn]) {
      let last = 0;
      for (let n = 1; n <= 3000; n++) {
        const b = jumpConsistentHash(u64FromBigInt(key), n);
        if (b !== last) {
          expect(b).toBe(n - 1);
          last = b;
        }
      }
    }
  });

  it('rejects a bucket count outside [1, 2^31 - 1], naming the field', () => {
    expect(() => jumpConsistentHash(u64FromBigInt(1n), 0)).toThrow(HashringConfigError);
    expect(() => jumpConsistentHash(u64FromBigInt(1n), 1.5)).toThrow(/buckets: must be an integer in \[1, 2147483647\]; got 1.5 \(number\)/);
  });
});
