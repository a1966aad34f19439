import { describe, expect, it } from 'vitest';
import { MINUTE, SECOND } from '../../lib/time.js';
import { between, build, sum } from './helpers.js';
import { spec } from './helpers.js';

const apply = (o: ReturnType<typeof build>, action: Parameters<typeof o.world.apply>[1]) => o.world.apply('ops', action);

describe('the world applies controller actions', () => {
  it('scale: sets the desired count and logs it with the reason', () => {
    const o = build(spec());
    expect(apply(o, { kind: 'scale', service: 'web', replicas: 9, reason: 'more' })).toBe('applied');
    expect(o.world.cluster.desired('web')).toBe(9);
    expect(o.events.at(-1)).toMatchObject({ controller: 'ops', type: 'action', action: 'scale', target: 'web', from: 6, to: 9, reason: 'more' });
  });

  it('rejects a scale to a fractional count, and any action on an unknown service, saying why', () => {
    const o = build(spec());
    expect(apply(o, { kind: 'scale', service: 'web', replicas: 2.5, reason: 'x' })).toBe('rejected');
    expect(apply(o, { kind: 'scale', service: 'api', replicas: 2, reason: 'x' })).toBe('rejected');
    expect(o.events.map((e) => e['reason'])).toEqual(['replicas must be an integer ≥ 0, got 2.5: x', 'no service api: x']);
  });

  it('replace: terminates the instance at once, fails its in-flight work, and starts a fresh one of its version', () => {
    const o = build(spec({ fidelity: 'request' }));
    o.world.sim.run({ until: MINUTE });
    expect(apply(o, { kind: 'replace', instance: 'web-3', reason: 'slow' })).toBe('applied');
    expect(o.world.cluster.find('web-3')).toBeUndefined();
    const fresh = o.world.cluster.live('web').at(-1)!;
    expect(fresh).toMatchObject({ id: 'web-6', version: 'v1', state: 'starting' });
    expect(o.world.cluster.desired('web')).toBe(6);
    expect(o.events.at(-1)).toMatchObject({ action: 'replace', target: 'web-3', from: 'ready', to: 'terminated' });
    o.world.runToHorizon();
    const a = o.world.accounting('web');
    expect(a.arrived).toBe(a.served + a.dropped + a.failed + a.inFlight);
  });

  it('drain: stops routing to the instance, lets it finish, terminates it and keeps the desired count', () => {
    const o = build(spec({ fidelity: 'request' }));
    o.world.sim.run({ until: MINUTE });
    expect(apply(o, { kind: 'drain', instance: 'web-0', reason: 'evict' })).toBe('applied');
    expect(o.world.cluster.find('web-0')?.state).toBe('draining');
    o.world.sim.run({ until: MINUTE + 5 * SECOND });
    expect(o.world.cluster.find('web-0')).toBeUndefined();
    expect(o.world.cluster.desired('web')).toBe(6);
    o.world.runToHorizon();
    expect(o.world.accounting('web').failed).toBe(0);
  });

  it('rejects replacing or draining an instance that does not exist, naming it', () => {
    const o = build(spec());
    expect(apply(o, { kind: 'replace', instance: 'web-99', reason: 'x' })).toBe('rejected');
    expect(o.events.at(-1)!['reason']).toBe('no live instance web-99: x');
  });

  it('scale-version: runs a second version beside the first; the observation shows both counts', () => {
    const o = build(spec());
    expect(apply(o, { kind: 'scale-version', service: 'web', version: 'v2', replicas: 2, reason: 'canary' })).toBe('applied');
    const seen = o.world.observe(0).services.get('web')!;
    expect(seen.versionReplicas).toEqual({ v1: 6, v2: 2 });
    expect(seen.desiredReplicas).toBe(8);
    expect(seen.instances.filter((i) => i.version === 'v2').map((i) => i.state)).toEqual(['starting', 'starting']);
    apply(o, { kind: 'scale', service: 'web', replicas: 10, reason: 'autoscaler' });
    expect(o.world.observe(0).services.get('web')!.versionReplicas).toEqual({ v1: 8, v2: 2 });
  });

  it('shift-traffic: splits requests by version weight, shown in the observation and the time series', () => {
    const o = build(spec({ fidelity: 'request' }, { versions: { v2: { errorRate: 1, latency: 0, slowdown: 1 } } }));
    apply(o, { kind: 'scale-version', service: 'web', version: 'v2', replicas: 3, reason: 'canary' });
    o.world.sim.run({ until: MINUTE });
    expect(apply(o, { kind: 'shift-traffic', service: 'web', weights: { v1: 90, v2: 10 }, reason: '10% canary' })).toBe('applied');
    o.world.sim.run({ until: 6 * MINUTE });
    const seen = o.world.observe(o.world.sim.now).services.get('web')!;
    expect(seen.trafficWeights).toEqual({ v1: 90, v2: 10 });
    expect(seen.versionMetrics!['v2']!['error_rate']!.value).toBe(1);
    expect(seen.versionMetrics!['v1']!['error_rate']!.value).toBe(0);
    const window = between(o.rows, 70, 360);
    const share = sum(window, 'errors') / sum(window, 'arrived');
    expect(share).toBeGreaterThan(0.08);
    expect(share).toBeLessThan(0.12);
  });

  it('rejects weights that do not sum to 100', () => {
    const o = build(spec());
    expect(apply(o, { kind: 'shift-traffic', service: 'web', weights: { v1: 90, v2: 20 }, reason: 'x' })).toBe('rejected');
    expect(o.events.at(-1)!['reason']).toBe('weights must be ≥ 0 and sum to 100, got v1=90 v2=20: x');
  });

  it('refuses set-routing visibly for a service whose requests carry no keys (keyed routing: keyed-routing.test.ts)', () => {
    const o = build(spec());
    const table = { algorithm: 'ring', members: ['web-0'], options: {}, generation: 1 };
    expect(apply(o, { kind: 'set-routing', service: 'web', table, reason: 'ring' })).toBe('rejected');
    expect(o.events.at(-1)!['reason']).toBe('service web has no request keys (give it a cache, at request fidelity): ring');
  });
});
