import { describe, expect, it } from 'vitest';
import { ALGORITHM_KINDS, buildTable, HashringConfigError, type TableSpec } from '../../lib/hashring/index.js';

const members = ['a', 'b', 'c'];

describe('building a table from a tagged spec', () => {
  it.each(ALGORITHM_KINDS)('builds a %s table', (algorithm) => {
    const spec = (algorithm === 'bounded-load' ? { algorithm, members, keys: ['x', 'y'] } : { algorithm, members }) as TableSpec;
    const table = buildTable(spec);
    expect(table.kind).toBe(algorithm);
    expect(members).toContain(table.lookup('some-key'));
  });

  it('passes the algorithm options through', () => {
    const table = buildTable({ algorithm: 'maglev', members, tableSize: 101 });
    expect(table).toMatchObject({ kind: 'maglev', tableSize: 101 });
  });

  it('rejects an unknown algorithm and lists the valid ones', () => {
    const bad = { algorithm: 'modulo', members } as unknown as TableSpec;
    expect(() => buildTable(bad)).toThrow(HashringConfigError);
    expect(() => buildTable(bad)).toThrow('algorithm: must be one of ring, jump, rendezvous, maglev, bounded-load; got modulo (string)');
  });
});
