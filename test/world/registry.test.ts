import { describe, expect, it } from 'vitest';
import { MINUTE, SECOND } from '../../lib/time.js';
import type { ScenarioStep } from '../../sim/world/scenario-step.js';
import { between, build, run, spec, sum } from './helpers.js';

const REGISTRY = { ttl: 15 * SECOND, heartbeatEvery: 5 * SECOND };

describe('the heartbeat registry on the registry host', () => {
  it('feeds the load balancer: a normal run has no stale routes and serves everything', () => {
    const o = run(spec({ fidelity: 'request', network: { registry: REGISTRY } }));
    expect(sum(o.rows, 'stale_routes')).toBe(0);
    expect(o.world.accounting('web').failed).toBe(0);
    expect(o.world.accounting('web').dropped).toBe(0);
  });

  it('keeps routing to a crashed instance until its TTL runs out: stale routes for about one TTL', () => {
    const scenario: ScenarioStep[] = [{ at: 5 * MINUTE, action: 'crash', service: 'web', count: 1, for: 5 * MINUTE }];
    const o = run(spec({ fidelity: 'request', scenario, network: { registry: REGISTRY } }, { balancer: 'round-robin' }));
    const stale = sum(o.rows, 'stale_routes');
    // One of 6 endpoints for 15–20 s (TTL, then the next sweep) at 300 rps.
    expect(stale).toBeGreaterThan((300 / 6) * 14);
    expect(stale).toBeLessThan((300 / 6) * 21);
    expect(sum(between(o.rows, 330, 1200), 'stale_routes')).toBe(0);
  });

  it('evicts live instances whose heartbeats cannot get through, then takes them back when they can', () => {
    const scenario: ScenarioStep[] = [{ at: 5 * MINUTE, action: 'partition', between: [['zone-a'], ['registry']], for: 2 * MINUTE }];
    const o = build(spec({ fidelity: 'request', scenario, network: { registry: REGISTRY } }));
    const zoneAServed = () => {
      const web = o.world.observe(o.world.sim.now).services.get('web')!;
      return web.instances.filter((i) => i.zone === 'zone-a').map((i) => web.instanceMetrics[i.id]?.['requests']?.value ?? 0);
    };
    o.world.sim.run({ until: 4 * MINUTE });
    expect(zoneAServed().every((n) => n > 0)).toBe(true);
    o.world.sim.run({ until: 6 * MINUTE });
    expect(
      o.world.cluster
        .live('web')
        .filter((i) => i.zone === 'zone-a')
        .every((i) => i.state === 'ready'),
    ).toBe(true);
    expect(zoneAServed()).toEqual([0, 0]);
    o.world.sim.run({ until: 9 * MINUTE });
    expect(zoneAServed().every((n) => n > 0)).toBe(true);
  });

  it('expires heartbeats early when it trusts a sender whose clock runs behind', () => {
    const skewed = { ...REGISTRY, trustSenderClock: true };
    const clocks = { 'zone-b': { wallOffset: -20 * SECOND, drift: 0 } };
    const o = run(spec({ fidelity: 'request', network: { registry: skewed }, clocks }));
    const untrusting = run(spec({ fidelity: 'request', network: { registry: REGISTRY }, clocks }));
    const zoneB = (x: typeof o) => {
      const web = x.world.observe(x.world.sim.now).services.get('web')!;
      return web.instances.filter((i) => i.zone === 'zone-b').map((i) => web.instanceMetrics[i.id]?.['requests']?.value ?? 0);
    };
    expect(zoneB(o)).toEqual([0, 0]);
    expect(zoneB(untrusting).every((n) => n > 0)).toBe(true);
  });
});
