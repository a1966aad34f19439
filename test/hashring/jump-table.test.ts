import { describe, expect, it } from 'vitest';
import { buildJumpTable, JUMP_DEFAULTS, jumpConsistentHash, keyHash64, measureLoad, measureMovement } from '../../lib/hashring/index.js';

const keys = Array.from({ length: 20_000 }, (_, i) => `key-${i}`);
const five = ['n0', 'n1', 'n2', 'n3', 'n4'];

describe('jump hash membership table', () => {
  it('gives member i the keys whose jump bucket is i', () => {
    const table = buildJumpTable({ members: five });
    const h64 = keyHash64(JUMP_DEFAULTS.hash);
    for (const key of keys.slice(0, 1000)) {
      expect(table.lookup(key)).toBe(five[jumpConsistentHash(h64(key, 0), 5)]);
    }
  });

  it('appends a new member as the last bucket and moves keys only to it', () => {
    const before = buildJumpTable({ members: five });
    const after = before.withMember('n5');
    expect(after.slots).toEqual([...five, 'n5']);
    const report = measureMovement(before, after, keys);
    expect(report.moved).toBe(report.movedToAdded);
    expect(report.movedFraction).toBeCloseTo(1 / 6, 1);
  });

  it('shrinks the table when the last member leaves', () => {
    const table = buildJumpTable({ members: five }).withoutMember('n4');
    expect(table.slots).toEqual(['n0', 'n1', 'n2', 'n3']);
    expect(table.holeCount).toBe(0);
  });

  it('leaves a hole when a member other than the last leaves, moving only that member keys', () => {
    const before = buildJumpTable({ members: five });
    const after = before.withoutMember('n1');
    expect(after.slots).toEqual(['n0', null, 'n2', 'n3', 'n4']);
    expect(after.members).toEqual(['n0', 'n2', 'n3', 'n4']);
    const report = measureMovement(before, after, keys);
    expect(report.moved).toBe(report.movedFromRemoved);
    expect(report.movedBetweenSurvivors).toBe(0);
  });

  it('spreads the keys of a hole evenly over the live members', () => {
    const table = buildJumpTable({ members: five }).withoutMember('n1').withoutMember('n3');
    const load = measureLoad(table, keys);
    expect(load.maxOverMean).toBeLessThan(1.05);
  });

  it('fills the lowest hole first and takes back only keys that probed it', () => {
    const holed = buildJumpTable({ members: five }).withoutMember('n3').withoutMember('n1');
    const refilled = holed.withMember('fresh');
    expect(refilled.slots).toEqual(['n0', 'fresh', 'n2', null, 'n4']);
    const report = measureMovement(holed, refilled, keys);
    expect(report.moved).toBe(report.movedToAdded);
    expect(report.movedFraction).toBeCloseTo(1 / 4, 1);
  });

  it('keeps history in the slot layout, while a fresh build has no holes', () => {
    const viaHistory = buildJumpTable({ members: five }).withoutMember('n2');
    const fresh = buildJumpTable({ members: viaHistory.members });
    expect(viaHistory.holeCount).toBe(1);
    expect(fresh.holeCount).toBe(0);
    expect(new Set(viaHistory.members)).toEqual(new Set(fresh.members));
  });

  it('still answers, deterministically, when almost every slot is a hole', () => {
    let table = buildJumpTable({ members: Array.from({ length: 400 }, (_, i) => `m${i}`) });
    for (let i = 0; i < 399; i++) if (i !== 200) table = table.withoutMember(`m${i}`);
    expect(table.members).toEqual(['m200', 'm399']);
    for (const key of keys.slice(0, 50)) {
      expect(['m200', 'm399']).toContain(table.lookup(key));
      expect(table.lookup(key)).toBe(table.lookup(key));
    }
  });
});
