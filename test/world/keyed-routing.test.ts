import { describe, expect, it } from 'vitest';
import { buildTable } from '../../lib/hashring/factory.js';
import { routingTableSpec } from '../../lib/hashring/routing-table.js';
import type { RoutingTableSpec } from '../../controllers/port/actions.js';
import { MINUTE, SECOND } from '../../lib/time.js';
import { RandomStream } from '../../lib/random.js';
import { KeyedCaches } from '../../sim/world/keyed-caches.js';
import type { CacheSpec } from '../../sim/world/world-spec.js';
import { build, mean, spec } from './helpers.js';

/** 300 equally popular keys; each instance caches 150, half the key space. */
const CACHE: CacheSpec = { keys: 300, zipf: 0, capacity: 150, missPenalty: 20_000, window: MINUTE, warmup: 2 * MINUTE };

/** Three instances of `web` at request level, each with a cache. */
const cachedWorld = (cache: CacheSpec = CACHE) =>
  build(spec({ fidelity: 'request', horizon: 10 * MINUTE }, { initialReplicas: 3, load: [{ shape: 'constant', rps: 150 }], cache }));

const rendezvous = (members: readonly string[], generation = 1): RoutingTableSpec =>
  routingTableSpec(buildTable({ algorithm: 'rendezvous', members }), generation);

const setRouting = (o: ReturnType<typeof build>, table: RoutingTableSpec) =>
  o.world.apply('router', { kind: 'set-routing', service: 'web', table, reason: 'test' });

describe('key-based routing to per-instance caches', () => {
  it('without a table the balancer spreads every key over every cache, so each holds only half the keys it sees', () => {
    const o = cachedWorld();
    o.world.runToHorizon();
    const m = o.world.serviceMetrics();
    expect(m['web.cache_hit_ratio']).toBeGreaterThan(0.4);
    expect(m['web.cache_hit_ratio']).toBeLessThan(0.6);
  });

  it('with a table every key goes to its owner, so after the first miss of each key nearly every lookup hits', () => {
    const o = cachedWorld();
    expect(setRouting(o, rendezvous(['web-0', 'web-1', 'web-2']))).toBe('applied');
    o.world.runToHorizon();
    const m = o.world.serviceMetrics();
    expect(m['web.cache_hit_ratio']).toBeGreaterThan(0.99);
    expect(m['web.cache_hit_ratio_min']).toBeGreaterThan(0.99);
    expect(o.events.at(-1)).toMatchObject({ controller: 'router', type: 'action', action: 'set-routing', target: 'web', to: 'rendezvous gen 1 (3 members)' });
  });

  it('charges the miss penalty as service time: routing by key lowers mean latency', () => {
    const spread = cachedWorld();
    spread.world.runToHorizon();
    const keyed = cachedWorld();
    setRouting(keyed, rendezvous(['web-0', 'web-1', 'web-2']));
    keyed.world.runToHorizon();
    expect(mean(keyed.rows, 'latency_ms')).toBeLessThan(mean(spread.rows, 'latency_ms') - 5);
  });

  it('writes the window hit ratio in the time series, empty for a service without caches', () => {
    const o = cachedWorld();
    o.world.runToHorizon();
    expect(o.rows.every((r) => typeof r['cache_hit_ratio'] === 'number')).toBe(true);
    const plain = build(spec({ fidelity: 'request', horizon: MINUTE }));
    plain.world.runToHorizon();
    expect(plain.rows.every((r) => r['cache_hit_ratio'] === '')).toBe(true);
    expect(plain.world.serviceMetrics()).toEqual({});
  });

  it('fails requests whose key maps to an instance that is not ready, as stale routes', () => {
    const o = cachedWorld();
    setRouting(o, rendezvous(['web-0', 'web-99']));
    o.world.runToHorizon();
    const a = o.world.accounting('web');
    expect(a.staleRoutes).toBeGreaterThan(0.3 * a.arrived);
    expect(a.failed).toBeGreaterThanOrEqual(a.staleRoutes);
    expect(a.arrived).toBe(a.served + a.dropped + a.failed + a.inFlight);
  });

  it('drops every request under a table with no members: there is nowhere to route', () => {
    const o = cachedWorld();
    setRouting(o, { algorithm: 'ring', members: [], options: {}, generation: 2 });
    o.world.sim.run({ until: MINUTE });
    const a = o.world.accounting('web');
    expect(a.dropped).toBe(a.arrived);
  });

  it('a crashed owner loses its cache: its keys miss again once it is replaced in the table', () => {
    const o = cachedWorld();
    setRouting(o, rendezvous(['web-0', 'web-1', 'web-2']));
    o.world.sim.run({ until: 3 * MINUTE });
    o.world.apply('ops', { kind: 'replace', instance: 'web-2', reason: 'crash' });
    setRouting(o, rendezvous(['web-0', 'web-1'], 2));
    o.world.runToHorizon();
    const min = o.world.serviceMetrics()['web.cache_hit_ratio_min']!;
    expect(min).toBeLessThan(0.99);
    expect(o.world.serviceMetrics()['web.cache_hit_ratio']).toBeGreaterThan(min);
  });

  it('rejects a table for a service without request keys, and a malformed table, saying why', () => {
    const plain = build(spec());
    expect(setRouting(plain, rendezvous(['web-0']))).toBe('rejected');
    expect(plain.events.at(-1)!['reason']).toBe('service web has no request keys (give it a cache, at request fidelity): test');
    const o = cachedWorld();
    expect(setRouting(o, { algorithm: 'spiral', members: ['web-0'], options: {}, generation: 1 })).toBe('rejected');
    expect(o.events.at(-1)!['reason']).toMatch(/^malformed table: .*spiral.*: test$/);
  });

  it('is deterministic: the same seed gives the same trace and hit ratios', () => {
    const once = () => {
      const o = cachedWorld({ ...CACHE, zipf: 1 });
      setRouting(o, rendezvous(['web-0', 'web-1', 'web-2']));
      o.world.runToHorizon();
      return [o.world.sim.fingerprint, o.world.serviceMetrics()];
    };
    expect(once()).toEqual(once());
  });
});

describe('KeyedCaches', () => {
  const caches = (spec: Partial<CacheSpec> = {}) => new KeyedCaches({ ...CACHE, ...spec }, RandomStream.root(1).fork('keys'), 0);

  it('charges the miss penalty on a miss and nothing on a hit', () => {
    const c = caches();
    expect(c.lookup('a', 1, 0)).toBe(20_000);
    expect(c.lookup('a', 1, 1)).toBe(0);
    expect(c.lookup('b', 1, 2)).toBe(20_000);
  });

  it('forgets an instance: its next lookup starts cold', () => {
    const c = caches();
    c.lookup('a', 1, 0);
    c.forget('a');
    expect(c.lookup('a', 1, 1)).toBe(20_000);
  });

  it('takes the lowest hit ratio over full windows after warm-up, leaving out the cold start', () => {
    const c = caches({ window: 10 * SECOND, warmup: 10 * SECOND });
    // Window [0, 10 s): all misses, ends at warm-up, so it counts; window [10 s, 20 s): one hit in two.
    c.lookup('a', 1, 0);
    c.lookup('a', 2, SECOND);
    c.lookup('a', 1, 11 * SECOND);
    c.lookup('a', 3, 12 * SECOND);
    expect(c.metrics(25 * SECOND)).toEqual({ cache_hit_ratio: 0.25, cache_hit_ratio_min: 0 });
    const late = caches({ window: 10 * SECOND, warmup: 11 * SECOND });
    late.lookup('a', 1, 0);
    late.lookup('a', 1, 11 * SECOND);
    late.lookup('a', 3, 12 * SECOND);
    expect(late.metrics(25 * SECOND)).toEqual({ cache_hit_ratio: 0.3333, cache_hit_ratio_min: 0.5 });
  });

  it('reports no hit ratio before any lookup', () => {
    expect(caches().metrics(MINUTE)).toEqual({ cache_hit_ratio: null, cache_hit_ratio_min: null });
  });
});
