import { describe, expect, it } from 'vitest';
import { MINUTE, SECOND } from '../../lib/time.js';
import type { ScenarioStep } from '../../sim/world/scenario-step.js';
import { between, build, max, mean, run, spec, sum } from './helpers.js';

const at = (m: number) => m * MINUTE;
const zonesOf = (ids: readonly { zone: string }[]) => new Set(ids.map((i) => i.zone));

describe('scenario faults', () => {
  it('crash: a fraction of a zone crashes and replacements start at once', () => {
    const scenario: ScenarioStep[] = [{ at: at(5), action: 'crash', service: 'web', zone: 'zone-b', fraction: 1 }];
    const { rows, events } = run(spec({ scenario }, { initialReplicas: 6 }));
    expect(events.find((e) => e['action'] === 'crash')?.['reason']).toBe('2 instance(s): web-1 web-4');
    expect(between(rows, 300, 301)[0]!['ready']).toBe(4);
    expect(between(rows, 300, 301)[0]!['live']).toBe(6);
    expect(between(rows, 340, 341)[0]!['ready']).toBe(6);
  });

  it('crash with for: nothing replaces the lost instances until the restart', () => {
    const scenario: ScenarioStep[] = [{ at: at(5), action: 'crash', service: 'web', count: 3, for: at(5) }];
    const { rows } = run(spec({ scenario }));
    expect(between(rows, 310, 600).every((r) => r['live'] === 3)).toBe(true);
    expect(between(rows, 600, 601)[0]!['live']).toBe(6);
    expect(between(rows, 640, 641)[0]!['ready']).toBe(6);
  });

  it("zone outage: the zone's instances crash, replacements land elsewhere after the eviction delay, none in the zone until it recovers", () => {
    const scenario: ScenarioStep[] = [{ at: at(2), action: 'zone-outage', zone: 'zone-a', replaceAfter: at(1), for: at(10) }];
    const o = build(spec({ scenario }, { initialReplicas: 6 }));
    o.world.sim.run({ until: at(2) + SECOND });
    expect(o.world.cluster.live('web').length).toBe(4);
    expect(zonesOf(o.world.cluster.live('web'))).toEqual(new Set(['zone-b', 'zone-c']));
    o.world.sim.run({ until: at(4) });
    expect(o.world.cluster.count('web', 'ready')).toBe(6);
    expect(zonesOf(o.world.cluster.live('web'))).toEqual(new Set(['zone-b', 'zone-c']));
    o.world.runToHorizon();
    expect(o.events.map((e) => e['action'])).toEqual(expect.arrayContaining(['zone-outage', 'zone-recover']));
    expect(mean(between(o.rows, 130, 150), 'utilization')).toBeGreaterThan(mean(between(o.rows, 60, 110), 'utilization') * 1.3);
  });

  it('node drain: drained instances finish their work and are replaced, with no request lost', () => {
    const scenario: ScenarioStep[] = [{ at: at(5), action: 'drain', service: 'web', zone: 'zone-c', fraction: 1 }];
    const o = run(spec({ scenario, fidelity: 'request' }, { initialReplicas: 6 }));
    const a = o.world.accounting('web');
    expect(a.failed).toBe(0);
    expect(a.dropped).toBe(0);
    expect(o.events.find((e) => e['action'] === 'drain')?.['reason']).toBe('2 instance(s): web-2 web-5');
    expect(o.world.cluster.find('web-2')).toBeUndefined();
    expect(between(o.rows, 360, 361)[0]!['ready']).toBe(6);
  });

  it('grey failure: a degraded instance stays ready and healthy while the p99 climbs, until restored', () => {
    const scenario: ScenarioStep[] = [{ at: at(5), action: 'degrade', service: 'web', count: 1, slowdown: 4, for: at(5) }];
    const o = build(spec({ scenario, fidelity: 'request' }, { initialReplicas: 6, balancer: 'round-robin', load: [{ shape: 'constant', rps: 250 }] }));
    o.world.sim.run({ until: at(9) });
    const slow = o.world.cluster.live('web').find((i) => i.slowdown === 4)!;
    expect(slow.state).toBe('ready');
    const seen = o.world.observe(o.world.sim.now).services.get('web')!;
    expect(seen.instances.find((i) => i.id === slow.id)!.health!.consecutiveProbeFailures).toBe(0);
    const latencyOf = (id: string) => seen.instanceMetrics[id]!['latency_ms']!.value;
    const others = seen.instances.filter((i) => i.id !== slow.id).map((i) => latencyOf(i.id));
    expect(latencyOf(slow.id)).toBeGreaterThan(3 * Math.max(...others));
    o.world.runToHorizon();
    expect(mean(between(o.rows, 400, 600), 'p99_ms')).toBeGreaterThan(2 * mean(between(o.rows, 60, 300), 'p99_ms'));
    expect(mean(between(o.rows, 700, 1200), 'p99_ms')).toBeLessThan(1.5 * mean(between(o.rows, 60, 300), 'p99_ms'));
  });

  it('hang: a hung instance stays ready and answers nothing, failing one probe per probe period, until restored', () => {
    const scenario: ScenarioStep[] = [{ at: at(2), action: 'hang', service: 'web', count: 1, for: at(3) }];
    const o = build(spec({ fidelity: 'request', scenario }, { probePeriod: 10 * SECOND }));
    o.world.sim.run({ until: at(2) + 35 * SECOND });
    const hung = o.events.find((e) => e['action'] === 'hang')!['reason'] as string;
    const id = /web-\d+/.exec(hung)![0];
    const seen = o.world.observe(0).services.get('web')!.instances;
    expect(seen.find((i) => i.id === id)).toMatchObject({ state: 'ready', health: { consecutiveProbeFailures: 3 } });
    expect(seen.filter((i) => i.id !== id).every((i) => (i.health?.consecutiveProbeFailures ?? 0) === 0)).toBe(true);
    // What it accepted never completes: its queue fills, and from then on its share of requests is dropped.
    const before = o.world.accounting('web');
    expect(before.inFlight).toBeGreaterThan(900);
    o.world.sim.run({ until: at(4) });
    const after = o.world.accounting('web');
    expect(after.dropped - before.dropped).toBeGreaterThan(0.1 * (after.arrived - before.arrived));
    o.world.sim.run({ until: at(5) + SECOND });
    expect(
      o.world
        .observe(0)
        .services.get('web')!
        .instances.find((i) => i.id === id)?.health?.consecutiveProbeFailures ?? 0,
    ).toBe(0);
    expect(o.events.some((e) => e['action'] === 'restore')).toBe(true);
  });

  it('bad version: a deploy brings its error rate and extra latency, a rollback takes them away', () => {
    const scenario: ScenarioStep[] = [{ at: at(5), action: 'deploy', service: 'web', version: 'v2', fraction: 1, for: at(5) }];
    const o = run(spec({ scenario, fidelity: 'request' }, { versions: { v2: { errorRate: 0.2, latency: 30_000, slowdown: 1 } } }));
    const during = between(o.rows, 400, 600);
    const errorShare = sum(during, 'errors') / sum(during, 'arrived');
    expect(errorShare).toBeGreaterThan(0.17);
    expect(errorShare).toBeLessThan(0.23);
    expect(mean(during, 'latency_ms')).toBeGreaterThan(mean(between(o.rows, 60, 300), 'latency_ms') + 25);
    expect(during.at(-1)!['served_by_version']).toMatch(/^v1:0;v2:\d+$/);
    expect(sum(between(o.rows, 700, 1200), 'errors')).toBe(0);
    expect(sum(between(o.rows, 0, 300), 'errors')).toBe(0);
  });

  it('slow cold starts: instances created meanwhile take the factor times longer to be ready', () => {
    const scenario: ScenarioStep[] = [
      { at: at(1), action: 'slow-start', service: 'web', factor: 4, for: at(5) },
      { at: at(2), action: 'crash', service: 'web', count: 1 },
      { at: at(8), action: 'crash', service: 'web', count: 1 },
    ];
    const o = run(spec({ scenario }, { startupDelay: { kind: 'constant', value: 30 * SECOND } }));
    const readyRows = (from: number) => between(o.rows, from, from + 200).find((r) => r['ready'] === 6)!['time_s'] as number;
    expect(readyRows(120) - 120).toBe(120);
    expect(readyRows(480) - 480).toBe(30);
  });

  it('scale-load: offered load doubles for the step and comes back', () => {
    const scenario: ScenarioStep[] = [{ at: at(5), action: 'scale-load', service: 'web', factor: 2, for: at(5) }];
    for (const fidelity of ['fluid', 'request'] as const) {
      const { rows } = run(spec({ scenario, fidelity }, { initialReplicas: 10 }));
      expect(mean(between(rows, 310, 600), 'load_rps') / mean(between(rows, 10, 300), 'load_rps')).toBeCloseTo(2, 1);
      expect(mean(between(rows, 610, 900), 'load_rps') / mean(between(rows, 10, 300), 'load_rps')).toBeCloseTo(1, 1);
    }
  });

  it('controller ↔ metrics partition: the controller keeps its last sample, which ages until the repair', () => {
    const scenario: ScenarioStep[] = [{ at: at(5), action: 'partition', between: [['autoscaler'], ['metrics']], for: at(5) }];
    const o = build(spec({ scenario }), { autoscaler: true });
    const seenAt = (t: number) => {
      o.world.sim.run({ until: t });
      return o.world.observe(t, 'controller/autoscaler').services.get('web')!.metrics['cpu_utilization']!.measuredAt;
    };
    expect(seenAt(at(4))).toBe(at(4));
    expect(seenAt(at(9))).toBe(at(5) - 15 * SECOND);
    expect(seenAt(at(11))).toBe(at(11));
    o.world.runToHorizon();
    expect(o.events.some((e) => String(e['reason']).includes('(300s old)'))).toBe(true);
  });

  it('registry ↔ load balancer partition: routes to a crashed instance are stale routes, counted and failed, until the repair', () => {
    const scenario: ScenarioStep[] = [
      { at: at(5), action: 'partition', between: [['registry'], ['lb']], for: at(5) },
      { at: at(6), action: 'crash', service: 'web', count: 2 },
    ];
    const o = run(spec({ scenario, fidelity: 'request' }, { initialReplicas: 6, balancer: 'round-robin' }));
    const stale = between(o.rows, 370, 600);
    expect(sum(stale, 'stale_routes') / sum(stale, 'arrived')).toBeCloseTo(2 / 6, 1);
    expect(sum(between(o.rows, 0, 360), 'stale_routes')).toBe(0);
    expect(sum(between(o.rows, 610, 1200), 'stale_routes')).toBe(0);
    const a = o.world.accounting('web');
    expect(a.failed).toBeGreaterThanOrEqual(a.staleRoutes);
  });

  it('hold and release: metrics held on their way to the controller arrive, late, on release', () => {
    const scenario: ScenarioStep[] = [
      { at: at(5), action: 'hold', between: [['metrics'], ['autoscaler']], oneWay: true },
      { at: at(8), action: 'release', between: [['metrics'], ['autoscaler']], oneWay: true },
    ];
    const o = build(spec({ scenario }), { autoscaler: true });
    o.world.sim.run({ until: at(7) });
    expect(o.world.observe(at(7), 'controller/autoscaler').services.get('web')!.metrics['cpu_utilization']!.measuredAt).toBe(at(5) - 15 * SECOND);
    o.world.sim.run({ until: at(8) });
    expect(o.world.observe(at(8), 'controller/autoscaler').services.get('web')!.metrics['cpu_utilization']!.measuredAt).toBe(at(8));
    expect(o.world.network.stats.held).toBeGreaterThan(10);
  });

  it('one-way partition controller → api: its actions are rejected while it still observes', () => {
    const scenario: ScenarioStep[] = [{ at: 0, action: 'partition', between: [['autoscaler'], ['api']], oneWay: true }];
    const o = run(spec({ scenario }, { initialReplicas: 2, load: [{ shape: 'constant', rps: 190 }] }), { autoscaler: true });
    const rejected = o.events.filter((e) => e['type'] === 'rejected');
    expect(rejected.length).toBeGreaterThan(0);
    expect(String(rejected[0]!['reason'])).toMatch(/^controller\/autoscaler cannot reach api: /);
    expect(o.rows.every((r) => r['desired'] === 2)).toBe(true);
  });

  it("a lossy link from a zone to the metrics host leaves that zone's instances out of the scrape", () => {
    const o = build(spec({ network: { links: [{ from: ['zone-a'], to: ['metrics'], loss: 1, symmetric: false }] } }));
    o.world.sim.run({ until: at(1) });
    const seen = o.world.observe(at(1)).services.get('web')!;
    const reported = Object.keys(seen.instanceMetrics);
    expect(reported.length).toBe(4);
    expect(reported.every((id) => o.world.cluster.find(id)!.zone !== 'zone-a')).toBe(true);
  });

  it('churn: instances crash after MTBF draws from their own streams and are replaced', () => {
    const o = run(
      spec({ horizon: 2 * 60 * MINUTE }, { initialReplicas: 10, churn: { mtbf: { kind: 'exponential', mean: 60 * MINUTE }, restartDelay: 10 * SECOND } }),
    );
    const crashes = o.events.filter((e) => e['controller'] === 'churn');
    // 10 instances for 2 hours at one crash per instance-hour: about 20.
    expect(crashes.length).toBeGreaterThan(10);
    expect(crashes.length).toBeLessThan(32);
    expect(o.world.cluster.live('web').length).toBe(10);
    expect(max(o.rows, 'live')).toBe(10);
  });
});
