import { describe, expect, it } from 'vitest';
import { buildMaglev, isPrime, maglevPopulate, MAGLEV_DEFAULTS, measureLoad } from '../../lib/hashring/index.js';

const members = ['b0', 'b1', 'b2', 'b3', 'b4', 'b5', 'b6'];

function slotCounts(table: ReturnType<typeof buildMaglev>): Map<string, number> {
  const counts = new Map<string, number>();
  for (let s = 0; s < table.tableSize; s++) counts.set(table.slotOwner(s), (counts.get(table.slotOwner(s)) ?? 0) + 1);
  return counts;
}

describe('Maglev hashing', () => {
  it("reproduces the paper's worked example of population (Table 1, M = 7)", () => {
    // B0: offset 3, skip 4; B1: offset 0, skip 2; B2: offset 3, skip 1.
    const before = maglevPopulate(Uint32Array.of(3, 0, 3), Uint32Array.of(4, 2, 1), 7);
    expect(Array.from(before)).toEqual([1, 0, 1, 0, 2, 2, 0]);
    // The same backends after B1 is removed.
    const after = maglevPopulate(Uint32Array.of(3, 3), Uint32Array.of(4, 1), 7);
    expect(Array.from(after)).toEqual([0, 0, 0, 0, 1, 1, 1]);
  });

  it('gives every member ⌊M/n⌋ or ⌈M/n⌉ slots', () => {
    const table = buildMaglev({ members });
    const counts = [...slotCounts(table).values()];
    expect(counts).toHaveLength(7);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(Math.floor(65537 / 7));
    expect(Math.max(...counts)).toBeLessThanOrEqual(Math.ceil(65537 / 7));
  });

  it('sends a key to the owner of slot hash(key) mod M, so keys spread as evenly as slots', () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `key-${i}`);
    expect(measureLoad(buildMaglev({ members }), keys).maxOverMean).toBeLessThan(1.06);
  });

  it('uses the paper table size 65537 unless told otherwise', () => {
    expect(buildMaglev({ members }).tableSize).toBe(MAGLEV_DEFAULTS.tableSize);
    expect(isPrime(65537)).toBe(true);
  });

  it('rejects a table size that is not prime or smaller than the member count', () => {
    expect(() => buildMaglev({ members, tableSize: 65536 })).toThrow('tableSize: must be a prime; got 65536 (number)');
    expect(() => buildMaglev({ members, tableSize: 5 })).toThrow('tableSize: must be at least the member count 7; got 5 (number)');
    expect(() =>
      buildMaglev({ members: ['a', 'b'], tableSize: 3 })
        .withMember('c')
        .withMember('d'),
    ).toThrow('exceed tableSize 3');
  });

  it('rebuilds on a membership change and keeps the population order, with new members last', () => {
    const table = buildMaglev({ members: ['x', 'y'], tableSize: 101 })
      .withMember('z')
      .withoutMember('x');
    expect(table.members).toEqual(['y', 'z']);
    expect([...slotCounts(table).values()].sort()).toEqual([50, 51]);
  });
});
