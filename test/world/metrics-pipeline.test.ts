import { describe, expect, it } from 'vitest';
import { MINUTE } from '../../lib/time.js';
import { build, spec } from './helpers.js';

const apply = (o: ReturnType<typeof build>, action: Parameters<typeof o.world.apply>[1]) => o.world.apply('ops', action);
const web = (o: ReturnType<typeof build>) => o.world.observe(o.world.sim.now).services.get('web')!;

describe('the metrics pipeline with no requests in a scrape window', () => {
  // Regression: a version with instances but no traffic reported error_rate 0, so an analysis passed it on no evidence.
  it('reports no error_rate (and no latency) for a version that served no requests, only its rps of 0', () => {
    for (const fidelity of ['fluid', 'request'] as const) {
      const o = build(spec({ fidelity }, { versions: { v2: { errorRate: 1, latency: 0, slowdown: 1 } } }));
      apply(o, { kind: 'scale-version', service: 'web', version: 'v2', replicas: 2, reason: 'preview' });
      apply(o, { kind: 'shift-traffic', service: 'web', weights: { v1: 100, v2: 0 }, reason: 'active only' });
      o.world.sim.run({ until: 3 * MINUTE });
      const seen = web(o);
      expect(seen.instances.filter((i) => i.version === 'v2' && i.state === 'ready')).toHaveLength(2);
      expect(seen.versionMetrics!['v2']).toEqual({ rps: { name: 'rps', value: 0, measuredAt: expect.any(Number) } });
      expect(seen.versionMetrics!['v1']!['error_rate']!.value).toBe(0);
    }
  });

  it('drops a version’s error_rate in the first window without its requests, rather than keeping the last value', () => {
    const o = build(spec({ fidelity: 'request' }, { versions: { v2: { errorRate: 1, latency: 0, slowdown: 1 } } }));
    apply(o, { kind: 'scale-version', service: 'web', version: 'v2', replicas: 2, reason: 'preview' });
    o.world.sim.run({ until: MINUTE });
    apply(o, { kind: 'shift-traffic', service: 'web', weights: { v1: 90, v2: 10 }, reason: 'test traffic' });
    o.world.sim.run({ until: 2 * MINUTE });
    expect(web(o).versionMetrics!['v2']!['error_rate']!.value).toBe(1);
    apply(o, { kind: 'shift-traffic', service: 'web', weights: { v1: 100, v2: 0 }, reason: 'test over' });
    // One scrape (15 s) still counts the last requests; the next window has none.
    o.world.sim.run({ until: 2 * MINUTE + 31_000_000 });
    expect(web(o).versionMetrics!['v2']!['error_rate']).toBeUndefined();
  });

  it('reports no service-level error_rate or latency when no request arrived, and never NaN', () => {
    const o = build(spec({}, { load: [{ shape: 'constant', rps: 0 }] }));
    o.world.sim.run({ until: 2 * MINUTE });
    const metrics = web(o).metrics;
    expect(metrics['error_rate']).toBeUndefined();
    expect(metrics['latency_ms']).toBeUndefined();
    expect(metrics['cpu_utilization']!.value).toBe(0);
    expect(metrics['rps']!.value).toBe(0);
    for (const m of Object.values(web(o).versionMetrics!['v1']!)) expect(Number.isNaN(m!.value)).toBe(false);
  });
});
