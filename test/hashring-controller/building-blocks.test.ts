import { describe, expect, it } from 'vitest';
import { buildJumpTable, buildRing } from '../../lib/hashring/index.js';
import { KeyMoveBudget, routingTableFromSpec, routingTableSpec } from '../../controllers/hashring/index.js';
import { MINUTE, SECOND } from '../../controllers/port/index.js';

describe('KeyMoveBudget', () => {
  it('refills continuously up to its capacity', () => {
    const b = new KeyMoveBudget(100, MINUTE);
    b.spend(0, 100);
    expect(b.available(30 * SECOND)).toBeCloseTo(50, 9);
    expect(b.available(10 * MINUTE)).toBe(100);
  });

  it('runs into debt on a forced change and says when a change fits again', () => {
    const b = new KeyMoveBudget(100, MINUTE);
    b.spend(0, 150);
    expect(b.allows(0, 10)).toBe(false);
    expect(b.readyAt(0, 10)).toBe(36 * SECOND);
    expect(b.allows(36 * SECOND, 10)).toBe(true);
  });

  it('lets one change larger than the whole budget through when the bucket is full', () => {
    const b = new KeyMoveBudget(100, MINUTE);
    expect(b.allows(0, 400)).toBe(true);
  });
});

describe('routing table specs', () => {
  it('restore a jump table with holes exactly, trailing hole included', () => {
    const jump = buildJumpTable({ members: ['a', 'b', 'c', 'd'] })
      .withoutMember('c')
      .withoutMember('d');
    expect(jump.slots).toEqual(['a', 'b', null]);
    const rebuilt = routingTableFromSpec(routingTableSpec(jump, 3))!;
    for (let k = 0; k < 3000; k++) expect(rebuilt.lookup(`k${k}`)).toBe(jump.lookup(`k${k}`));
  });

  it('carry the options a ring needs and nothing for an empty table', () => {
    expect(routingTableSpec(buildRing({ members: ['a'], vnodes: 7, hash: 'xxh32' }), 1)).toEqual({
      algorithm: 'ring',
      members: ['a'],
      options: { vnodes: 7, hash: 'xxh32' },
      generation: 1,
    });
    expect(routingTableFromSpec({ algorithm: 'ring', members: [], options: {}, generation: 2 })).toBeUndefined();
  });

  it('refuse an unknown algorithm, naming the field', () => {
    expect(() => routingTableFromSpec({ algorithm: 'modulo', members: ['a'], options: {}, generation: 1 })).toThrow(/^algorithm: must be one of/);
  });
});
