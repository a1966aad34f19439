import { describe, expect, it } from 'vitest';
import { buildRing, HashringConfigError, murmur3x86_32, RING_DEFAULTS, type RingTable } from '../../lib/hashring/index.js';
import { buildRingPoints, successorIndex } from '../../lib/hashring/ring-points.js';

const members = ['alpha', 'bravo', 'charlie', 'delta'];

function allPoints(ring: RingTable): { position: number; member: string }[] {
  return Array.from({ length: ring.pointCount }, (_, i) => ring.point(i));
}

describe('ring consistent hashing with virtual nodes', () => {
  it('places vnodes points per member at the hashes of "<member>#<i>", in ascending order', () => {
    const ring = buildRing({ members, vnodes: 10 });
    const points = allPoints(ring);
    expect(points).toHaveLength(40);
    for (let i = 1; i < points.length; i++) expect(points[i]!.position).toBeGreaterThanOrEqual(points[i - 1]!.position);
    const expected = members.flatMap((m) => Array.from({ length: 10 }, (_, i) => murmur3x86_32(`${m}#${i}`, 0))).sort((a, b) => a - b);
    expect(points.map((p) => p.position)).toEqual(expected);
  });

  it('uses 100 vnodes and murmur3-x86-32 unless told otherwise', () => {
    const ring = buildRing({ members });
    expect([ring.vnodes, ring.hash, ring.pointCount]).toEqual([RING_DEFAULTS.vnodes, RING_DEFAULTS.hash, 400]);
  });

  it('gives a key to the member owning the first point at or after the key hash', () => {
    const ring = buildRing({ members, vnodes: 5 });
    const points = allPoints(ring);
    for (let k = 0; k < 500; k++) {
      const key = `key-${k}`;
      const h = murmur3x86_32(key, 0);
      const owner = (points.find((p) => p.position >= h) ?? points[0]!).member;
      expect(ring.lookup(key)).toBe(owner);
    }
  });

  it('wraps a key hashed past the last point around to the first point', () => {
    const ring = buildRing({ members: ['a', 'b'], vnodes: 1 });
    const last = ring.point(ring.pointCount - 1).position;
    const key = Array.from({ length: 10_000 }, (_, i) => `wrap-${i}`).find((k) => murmur3x86_32(k, 0) > last);
    expect(key).toBeDefined();
    expect(ring.lookup(key!)).toBe(ring.point(0).member);
  });

  it('does not depend on the order members are listed or added', () => {
    const a = buildRing({ members, vnodes: 20 });
    const b = buildRing({ members: [...members].reverse(), vnodes: 20 });
    const c = buildRing({ members: ['delta', 'alpha'], vnodes: 20 })
      .withMember('charlie')
      .withMember('bravo');
    expect(allPoints(b)).toEqual(allPoints(a));
    expect(allPoints(c)).toEqual(allPoints(a));
  });

  it('merges an added member into the same points a fresh build would have', () => {
    const grown = buildRing({ members, vnodes: 50 }).withMember('echo');
    expect(allPoints(grown)).toEqual(allPoints(buildRing({ members: [...members, 'echo'], vnodes: 50 })));
    expect(grown.members).toEqual([...members, 'echo']);
  });

  it('drops exactly the removed member points', () => {
    const ring = buildRing({ members, vnodes: 50 });
    const shrunk = ring.withoutMember('bravo');
    expect(allPoints(shrunk)).toEqual(allPoints(ring).filter((p) => p.member !== 'bravo'));
    expect(shrunk.members).toEqual(['alpha', 'charlie', 'delta']);
  });

  it('leaves the original table untouched by a membership change', () => {
    const ring = buildRing({ members, vnodes: 10 });
    const before = allPoints(ring);
    ring.withMember('echo');
    ring.withoutMember('alpha');
    expect(allPoints(ring)).toEqual(before);
  });

  it('orders points at the same position by member name', () => {
    // A constant hash puts every point at one position; only the name order remains.
    const points = buildRingPoints(['zulu', 'alpha', 'mike'], 2, () => 7);
    expect(Array.from(points.owners)).toEqual([1, 1, 2, 2, 0, 0]);
    expect(Array.from(points.positions)).toEqual([7, 7, 7, 7, 7, 7]);
  });

  it('finds the same successor through the bucket index as a search of the whole ring, wrap-around included', () => {
    let x = 2463534242;
    const next = (): number => {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      return x;
    };
    for (const [count, vnodes] of [
      [1, 1],
      [2, 1],
      [3, 7],
      [10, 100],
      [700, 100],
    ] as const) {
      const names = Array.from({ length: count }, (_, i) => `m${i}`);
      const points = buildRingPoints(names, vnodes, (label) => murmur3x86_32(label, 0));
      const positions = Array.from(points.positions);
      const probes = [0, 0xffffffff, ...positions, ...positions.map((p) => (p + 1) >>> 0), ...Array.from({ length: 2000 }, next)];
      const mismatches: number[] = [];
      for (const h of probes) {
        // Oracle: a lower-bound search over the whole array, with no bucket index.
        let lo = 0;
        let hi = positions.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (positions[mid]! < h) lo = mid + 1;
          else hi = mid;
        }
        if (successorIndex(points, h) !== (lo === positions.length ? 0 : lo)) mismatches.push(h);
      }
      expect(mismatches).toEqual([]);
    }
  });

  it('rejects a bad vnodes count, naming the field, the range, and the value and type received', () => {
    expect(() => buildRing({ members, vnodes: 0 })).toThrow(HashringConfigError);
    expect(() => buildRing({ members, vnodes: 0 })).toThrow('vnodes: must be an integer in [1, 65536]; got 0 (number)');
    expect(() => buildRing({ members, vnodes: '5' as unknown as number })).toThrow('vnodes: must be an integer in [1, 65536]; got "5" (string)');
  });

  it('rejects empty, duplicate and non-string members', () => {
    expect(() => buildRing({ members: [] })).toThrow('members: must be a non-empty array');
    expect(() => buildRing({ members: ['a', 'b', 'a'] })).toThrow('members[2]: duplicate member "a"');
    expect(() => buildRing({ members: ['a', ''] })).toThrow('members[1]: must be a non-empty string; got "" (string)');
  });

  it('rejects an unknown hash name and lists the valid ones', () => {
    expect(() => buildRing({ members, hash: 'md5' as never })).toThrow(/hash: must be one of fnv1a32, .*xxh64; got "md5" \(string\)/);
  });

  it('refuses to add an existing member or to remove the last one', () => {
    const ring = buildRing({ members: ['solo'] });
    expect(() => ring.withMember('solo')).toThrow('member: "solo" is already a member');
    expect(() => ring.withoutMember('solo')).toThrow('a table needs at least one member');
    expect(() => ring.withoutMember('ghost')).toThrow('member: is not a member; got "ghost" (string)');
  });
});
