import { describe, expect, it } from 'vitest';
import { boundedLoadCapacity, buildBoundedLoad, buildRing, measureLoad } from '../../lib/hashring/index.js';

const members = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];
const keys = Array.from({ length: 5000 }, (_, i) => `key-${i}`);

describe('consistent hashing with bounded loads', () => {
  it('never places more than ⌈c × keys / members⌉ keys on a member', () => {
    for (const c of [1, 1.05, 1.25, 2]) {
      const table = buildBoundedLoad({ members, keys, capacityFactor: c, vnodes: 10 });
      expect(table.capacity).toBe(Math.ceil((c * keys.length) / members.length - 1e-9));
      for (const m of members) expect(table.loadOf(m)).toBeLessThanOrEqual(table.capacity);
      expect(members.reduce((sum, m) => sum + table.loadOf(m), 0)).toBe(keys.length);
    }
  });

  it('balances perfectly with c = 1', () => {
    const table = buildBoundedLoad({ members, keys, capacityFactor: 1, vnodes: 3 });
    expect(members.map((m) => table.loadOf(m))).toEqual([1000, 1000, 1000, 1000, 1000]);
  });

  it('agrees with the plain ring when the capacity never binds', () => {
    const bounded = buildBoundedLoad({ members, keys, capacityFactor: 100, vnodes: 20 });
    const ring = buildRing({ members, vnodes: 20 });
    for (const key of keys) expect(bounded.lookup(key)).toBe(ring.lookup(key));
  });

  it('moves a key off a full member only to a later member along the ring', () => {
    const ring = buildRing({ members, vnodes: 3 });
    const bounded = buildBoundedLoad({ members, keys, capacityFactor: 1.05, vnodes: 3 });
    const skewed = measureLoad(ring, keys);
    expect(skewed.maxOverMean).toBeGreaterThan(1.05);
    expect(measureLoad(bounded, keys).maxOverMean).toBeLessThanOrEqual(1.05);
  });

  it('answers for an unplaced key where it would go next, without placing it', () => {
    const table = buildBoundedLoad({ members, keys, capacityFactor: 1.25, vnodes: 10 });
    const owner = table.lookup('not-a-placed-key');
    expect(members).toContain(owner);
    expect(table.keys).not.toContain('not-a-placed-key');
    expect(members.reduce((sum, m) => sum + table.loadOf(m), 0)).toBe(keys.length);
  });

  it('places a repeated key once, at its first occurrence', () => {
    const table = buildBoundedLoad({ members, keys: ['a', 'b', 'a', 'c', 'b'] });
    expect(table.keys).toEqual(['a', 'b', 'c']);
  });

  it('re-places every key in the same order after a membership change', () => {
    const table = buildBoundedLoad({ members, keys, vnodes: 10 });
    const grown = table.withMember('foxtrot');
    expect(grown.capacity).toBe(boundedLoadCapacity(1.25, keys.length, 6));
    expect(grown).toEqual(buildBoundedLoad({ members: [...members, 'foxtrot'], keys, vnodes: 10 }));
  });

  it('rejects a capacity factor below 1', () => {
    expect(() => buildBoundedLoad({ members, keys, capacityFactor: 0.9 })).toThrow('capacityFactor: must be a number in [1, 1000000]; got 0.9 (number)');
  });

  it('does not let float rounding bump an exact capacity', () => {
    expect(boundedLoadCapacity(1.1, 100, 10)).toBe(11);
  });
});
