import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MINUTE, SECOND } from '../../lib/time.js';
import { RequestServer } from '../../sim/world/request-server.js';
import type { ScenarioStep } from '../../sim/world/scenario-step.js';
import { build, spec } from './helpers.js';

const HORIZON = 5 * MINUTE;
const time = fc.integer({ min: 0, max: HORIZON / SECOND - 1 }).map((s) => s * SECOND);
const span = fc.integer({ min: 1, max: 120 }).map((s) => s * SECOND);
const zone = fc.constantFrom('zone-a', 'zone-b', 'zone-c');

/** Random fault steps on the web service: crashes, drains, grey failures, bad deploys, zone outages, registry trouble, load swings. */
const step: fc.Arbitrary<ScenarioStep> = fc.oneof(
  fc.record({ at: time, count: fc.integer({ min: 1, max: 3 }) }).map(({ at, count }) => ({ at, action: 'crash' as const, service: 'web', count })),
  fc.record({ at: time, zone }).map(({ at, zone }) => ({ at, action: 'drain' as const, service: 'web', zone })),
  fc.record({ at: time, slowdown: fc.integer({ min: 2, max: 8 }), for: span }).map((s) => ({ action: 'degrade' as const, service: 'web', count: 1, ...s })),
  fc.record({ at: time, for: span }).map((s) => ({ action: 'deploy' as const, service: 'web', version: 'v2', fraction: 0.5, ...s })),
  fc.record({ at: time, zone, for: span }).map((s) => ({ action: 'zone-outage' as const, replaceAfter: 10 * SECOND, ...s })),
  fc.record({ at: time, for: span }).map((s) => ({ action: 'partition' as const, between: [['registry'], ['lb']] as const, oneWay: false, ...s })),
  fc.record({ at: time, for: span }).map((s) => ({ action: 'hold' as const, between: [['registry'], ['lb']] as const, oneWay: true, ...s })),
  fc.record({ at: time, factor: fc.double({ min: 0, max: 3, noNaN: true }), for: span }).map((s) => ({ action: 'scale-load' as const, service: 'web', ...s })),
);

/** Random controller actions, applied at their times. */
const action = fc.record({
  at: time,
  replicas: fc.integer({ min: 0, max: 10 }),
  kind: fc.constantFrom('scale' as const, 'replace' as const, 'drain' as const),
  pick: fc.nat(),
});

const world = fc.record({
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  balancer: fc.constantFrom('round-robin' as const, 'least-outstanding' as const, 'random' as const),
  queueLimit: fc.integer({ min: 0, max: 50 }),
  resync: fc.constantFrom(0, 5 * SECOND),
  steps: fc.array(step, { maxLength: 6 }),
  actions: fc.array(action, { maxLength: 6 }),
});

type RandomWorld = typeof world extends fc.Arbitrary<infer T> ? T : never;

function runRandom(fidelity: 'fluid' | 'request', w: RandomWorld) {
  const o = build(
    spec(
      { seed: String(w.seed), horizon: HORIZON, fidelity, scenario: w.steps, network: { resyncEvery: w.resync } },
      {
        initialReplicas: 4,
        balancer: w.balancer,
        capacity: { rpsPerInstance: 100, serviceTime: { kind: 'exponential', mean: 50_000 }, maxBacklog: 500, queueLimit: w.queueLimit },
        startupDelay: { kind: 'uniform', min: 5 * SECOND, max: 20 * SECOND },
        drainTime: 10 * SECOND,
        versions: { v2: { errorRate: 0.3, latency: 10_000, slowdown: 1 } },
        load: [{ shape: 'constant', rps: 150 }],
      },
    ),
  );
  for (const a of w.actions) {
    o.world.sim.at(a.at, () => {
      const live = o.world.cluster.live('web');
      const target = live[a.pick % Math.max(1, live.length)];
      if (a.kind === 'scale') o.world.apply('prop', { kind: 'scale', service: 'web', replicas: a.replicas, reason: 'property' });
      else if (target) o.world.apply('prop', { kind: a.kind, instance: target.id, reason: 'property' });
    });
  }
  o.world.runToHorizon();
  return o;
}

describe('request accounting under random faults and actions', () => {
  afterEach(() => vi.restoreAllMocks());

  it("never offers a request to an instance that is not ready: the balancer's lagging picks are counted as stale routes instead", () => {
    const offeredTo: string[] = [];
    const offer = RequestServer.prototype.offer;
    vi.spyOn(RequestServer.prototype, 'offer').mockImplementation(function (this: RequestServer, arrivedAt: number) {
      if (this.instance.state !== 'ready') offeredTo.push(`${this.instance.id} (${this.instance.state})`);
      return offer.call(this, arrivedAt);
    });
    fc.assert(
      fc.property(world, (w) => {
        offeredTo.length = 0;
        runRandom('request', w);
        expect(offeredTo).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });

  it('accounts for every request at request level: served + dropped + failed + in flight = arrived', () => {
    fc.assert(
      fc.property(world, (w) => {
        const a = runRandom('request', w).world.accounting('web');
        expect(a.served + a.dropped + a.failed + a.inFlight).toBe(a.arrived);
        expect(a.staleRoutes).toBeLessThanOrEqual(a.failed);
      }),
      { numRuns: 25 },
    );
  });

  it('accounts for every request in fluid mode too, up to float rounding', () => {
    fc.assert(
      fc.property(world, (w) => {
        const a = runRandom('fluid', w).world.accounting('web');
        expect(Math.abs(a.served + a.dropped + a.failed + a.inFlight - a.arrived)).toBeLessThan(1e-6 * Math.max(1, a.arrived));
      }),
      { numRuns: 40 },
    );
  });
});
