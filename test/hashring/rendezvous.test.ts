import { describe, expect, it } from 'vitest';
import { buildRendezvous, measureLoad, RENDEZVOUS_DEFAULTS } from '../../lib/hashring/index.js';

const members = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];
const keys = Array.from({ length: 20_000 }, (_, i) => `key-${i}`);

describe('rendezvous (highest random weight) hashing', () => {
  it('gives each key to the member with the highest score', () => {
    const table = buildRendezvous({ members });
    for (const key of keys.slice(0, 500)) {
      const scores = members.map((m) => table.score(key, m));
      expect(table.lookup(key)).toBe(members[scores.indexOf(Math.max(...scores))]);
    }
  });

  it('scores a pair the same way whatever else is in the table', () => {
    const small = buildRendezvous({ members: ['alpha', 'bravo'] });
    const large = buildRendezvous({ members });
    expect(small.score('key-1', 'alpha')).toBe(large.score('key-1', 'alpha'));
  });

  it('does not depend on member order', () => {
    const a = buildRendezvous({ members });
    const b = buildRendezvous({ members: [...members].reverse() });
    for (const key of keys.slice(0, 2000)) expect(b.lookup(key)).toBe(a.lookup(key));
  });

  it('spreads keys evenly', () => {
    expect(measureLoad(buildRendezvous({ members }), keys).maxOverMean).toBeLessThan(1.05);
  });

  it('uses murmur3-x86-32 unless told otherwise', () => {
    expect(buildRendezvous({ members }).hash).toBe(RENDEZVOUS_DEFAULTS.hash);
  });
});
