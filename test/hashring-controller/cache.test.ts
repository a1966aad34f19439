import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRing, fnv1a32 } from '../../lib/hashring/index.js';
import {
  CacheFleet,
  HashringController,
  LruCache,
  replayCache,
  routingTableFromSpec,
  seededUniform,
  zipfKeys,
  type KeyRouter,
  type ScheduledTable,
} from '../../controllers/hashring/index.js';
import type { Action, InstanceView, ObservedState } from '../../controllers/port/index.js';
import { MINUTE, SECOND } from '../../controllers/port/index.js';

/** The naive baseline: hash mod n, which reshuffles almost every key when n changes. */
function moduloTable(members: readonly string[]): KeyRouter {
  return { members, lookup: (key) => members[fnv1a32(key) % members.length]! };
}

const names = (n: number) => Array.from({ length: n }, (_, i) => `cache-${i}`);

describe('LruCache', () => {
  it('evicts the least recently used key when full', () => {
    const c = new LruCache(2);
    c.access('a');
    c.access('b');
    expect(c.access('a')).toBe(true);
    c.access('c');
    expect(c.access('b')).toBe(false);
    expect(c.access('a')).toBe(false);
    expect(c.size).toBe(2);
  });

  it('answers every access exactly as a list kept in recency order would', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 200 }), (capacity, keys) => {
        const cache = new LruCache<number>(capacity);
        let model: number[] = [];
        for (const k of keys) {
          const hit = model.includes(k);
          model = [k, ...model.filter((m) => m !== k)].slice(0, capacity);
          expect(cache.access(k)).toBe(hit);
          expect(cache.size).toBe(model.length);
        }
      }),
      { seed: 5, numRuns: 300 },
    );
  });
});

describe('CacheFleet', () => {
  it('starts an instance cold and forgets the cache of an instance that left', () => {
    const fleet = new CacheFleet(10);
    expect(fleet.request('cache-0', 'k')).toBe(false);
    expect(fleet.request('cache-0', 'k')).toBe(true);
    fleet.retainOnly(['cache-1']);
    expect(fleet.request('cache-0', 'k')).toBe(false);
    expect(fleet.hitRatio).toBeCloseTo(1 / 3, 12);
  });
});

describe('zipfKeys', () => {
  it('draws hot keys most often and replays exactly from the same seed', () => {
    const draw = zipfKeys(1000, 1, seededUniform(42));
    const keys = Array.from({ length: 20_000 }, draw);
    const count = (k: string) => keys.filter((x) => x === k).length;
    expect(count('key-0')).toBeGreaterThan(count('key-1'));
    expect(count('key-1')).toBeGreaterThan(count('key-9'));
    // P(key-0) = 1 / H(1000) ≈ 0.1336.
    expect(count('key-0') / keys.length).toBeCloseTo(0.1336, 1);
    expect(Array.from({ length: 50 }, zipfKeys(1000, 1, seededUniform(42)))).toEqual(keys.slice(0, 50));
  });
});

describe('replayCache', () => {
  const replay = (schedule: ScheduledTable[]) =>
    replayCache({ schedule, requests: 200_000, nextKey: zipfKeys(20_000, 0.9, seededUniform(7)), capacityPerInstance: 800, window: 1_000 });

  it('keeps the hit ratio through a scale-out from 8 to 9 with a ring, losing about the 1/9 of keys that moved', () => {
    const r = replay([
      { from: 0, table: buildRing({ members: names(8) }) },
      { from: 100_000, table: buildRing({ members: names(9) }) },
    ]);
    const [change] = r.changes;
    expect(change!.before).toBeGreaterThan(0.6);
    expect(change!.before - change!.after).toBeLessThan(0.12);
  });

  it('collapses the hit ratio through the same scale-out with hash mod n', () => {
    const r = replay([
      { from: 0, table: moduloTable(names(8)) },
      { from: 100_000, table: moduloTable(names(9)) },
    ]);
    const [change] = r.changes;
    expect(change!.before - change!.after).toBeGreaterThan(0.3);
  });

  it('counts requests with no table as misses', () => {
    const r = replayCache({ schedule: [{ from: 0, table: undefined }], requests: 10, nextKey: () => 'k', capacityPerInstance: 1 });
    expect(r.hitRatio).toBe(0);
  });
});

describe('a move budget through a scale-out (cache hit ratio)', () => {
  /** Scales 8 → 16 ready instances at 2 min and replays 100 requests/s through the tables the controller publishes. */
  function worstDip(maxMovedFraction?: number) {
    const c = new HashringController({
      name: 'router',
      service: 'cache',
      table: { algorithm: 'ring' },
      ...(maxMovedFraction ? { maxMovedFraction, budgetPeriod: MINUTE } : {}),
    });
    const schedule: ScheduledTable[] = [];
    const rps = 100;
    for (let t = 0; t <= 20 * MINUTE; t += 5 * SECOND) {
      const n = t < 2 * MINUTE ? 8 : 16;
      const instances: InstanceView[] = names(n).map((id) => ({ id, service: 'cache', zone: 'z', version: 'v1', state: 'ready', createdAt: 0 }));
      const observed: ObservedState = {
        now: t,
        services: new Map([['cache', { name: 'cache', desiredReplicas: n, instances, metrics: {}, instanceMetrics: {} }]]),
      };
      for (const a of c.reconcile(observed).actions as Action[]) {
        if (a.kind === 'set-routing') schedule.push({ from: (t / SECOND) * rps, table: routingTableFromSpec(a.table) });
      }
    }
    const r = replayCache({ schedule, requests: 20 * 60 * rps, nextKey: zipfKeys(20_000, 0.9, seededUniform(3)), capacityPerInstance: 800, window: 3_000 });
    return { worst: Math.max(...r.changes.map((ch) => ch.before - ch.after)), changes: r.changes.length, hitRatio: r.hitRatio };
  }

  it('spreads the misses of doubling the fleet over several smaller dips', () => {
    const free = worstDip();
    const limited = worstDip(0.1);
    expect(free.changes).toBe(1);
    expect(limited.changes).toBeGreaterThan(4);
    expect(limited.worst).toBeLessThan(free.worst / 2);
  });
});
