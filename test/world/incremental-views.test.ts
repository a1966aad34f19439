import { describe, expect, it } from 'vitest';
import type { InstanceView } from '../../controllers/port/observations.js';
import { MINUTE, SECOND } from '../../lib/time.js';
import type { Instance } from '../../sim/world/cluster.js';
import type { ScenarioStep } from '../../sim/world/scenario-step.js';
import { DEFAULT_PROBE_PERIOD } from '../../sim/world/world.js';
import { build, spec } from './helpers.js';

/** What a view of `i` must show at `now`, built from scratch: the reference the kept views are checked against. */
function expectedView(i: Instance, now: number): InstanceView {
  const failures = i.hungSince === undefined ? 0 : Math.floor((now - i.hungSince) / DEFAULT_PROBE_PERIOD);
  const health = failures > 0 ? { consecutiveProbeFailures: failures } : i.state === 'ready' ? { consecutiveProbeFailures: 0 } : undefined;
  return {
    id: i.id,
    service: i.service,
    zone: i.zone,
    version: i.version,
    state: i.state,
    createdAt: i.createdAt,
    ...(i.readyAt !== undefined ? { readyAt: i.readyAt } : {}),
    ...(health !== undefined ? { health } : {}),
  };
}

/** A busy hour: churn, a hang, a crash and an autoscaler resizing the fleet. */
function busyWorld() {
  const scenario: ScenarioStep[] = [
    { at: 10 * MINUTE, action: 'hang', service: 'web', count: 2, for: 5 * MINUTE },
    { at: 20 * MINUTE, action: 'crash', service: 'web', zone: 'zone-b', fraction: 1 },
    { at: 30 * MINUTE, action: 'scale-load', service: 'web', factor: 3 },
  ];
  return build(
    spec({ horizon: 60 * MINUTE, scenario }, { initialReplicas: 9, churn: { mtbf: { kind: 'exponential', mean: 20 * MINUTE }, restartDelay: 10 * SECOND } }),
    { autoscaler: true },
  );
}

describe('observation views kept in step with the cluster', () => {
  it('shows, at every observation, what a view built from scratch of each live instance would show', () => {
    const o = busyWorld();
    let checked = 0;
    for (let t = 7 * SECOND; t <= 60 * MINUTE; t += 37 * SECOND) {
      o.world.sim.run({ until: t });
      const seen = o.world.observe(o.world.sim.now).services.get('web')!.instances;
      expect(seen).toEqual(o.world.cluster.live('web').map((i) => expectedView(i, o.world.sim.now)));
      checked += seen.length;
    }
    expect(o.events.some((e) => e['action'] === 'hang')).toBe(true);
    expect(o.events.some((e) => e['controller'] === 'churn')).toBe(true);
    expect(checked).toBeGreaterThan(500);
  });

  it('never changes a snapshot after handing it over', () => {
    const o = busyWorld();
    const snapshots: { views: readonly InstanceView[]; frozen: string }[] = [];
    for (let t = MINUTE; t <= 60 * MINUTE; t += 3 * MINUTE) {
      o.world.sim.run({ until: t });
      const views = o.world.observe(o.world.sim.now).services.get('web')!.instances;
      snapshots.push({ views, frozen: JSON.stringify(views) });
    }
    for (const s of snapshots) expect(JSON.stringify(s.views)).toBe(s.frozen);
  });

  it('hands an instance that did not change the same view object as last time, so a quiet fleet costs no new views', () => {
    const o = build(spec({ horizon: 10 * MINUTE }, { initialReplicas: 50 }));
    o.world.sim.run({ until: 2 * MINUTE });
    const before = o.world.observe(o.world.sim.now).services.get('web')!.instances;
    o.world.sim.run({ until: 3 * MINUTE });
    const after = o.world.observe(o.world.sim.now).services.get('web')!.instances;
    expect(after).not.toBe(before);
    expect(after.every((v, k) => v === before[k])).toBe(true);
  });
});

describe('per-instance metrics of a scrape round', () => {
  it('belong to the instances that were ready at the scrape, not to one that became ready since', () => {
    const scenario: ScenarioStep[] = [{ at: 2 * MINUTE, action: 'crash', service: 'web', count: 1 }];
    const o = build(spec({ scenario }, { initialReplicas: 4, startupDelay: { kind: 'constant', value: 20 * SECOND } }));
    // Scrapes every 15 s: at 2:15 the replacement (ready at 2:20) is not scraped yet; at 2:30 it is.
    o.world.sim.run({ until: 2 * MINUTE + 25 * SECOND });
    let web = o.world.observe(o.world.sim.now).services.get('web')!;
    const fresh = web.instances.find((v) => v.readyAt === 2 * MINUTE + 20 * SECOND)!;
    expect(fresh.state).toBe('ready');
    expect(web.instanceMetrics[fresh.id]).toBeUndefined();
    expect(Object.keys(web.instanceMetrics)).toHaveLength(3);
    o.world.sim.run({ until: 2 * MINUTE + 35 * SECOND });
    web = o.world.observe(o.world.sim.now).services.get('web')!;
    expect(web.instanceMetrics[fresh.id]?.['requests']?.value).toBeGreaterThan(0);
    expect(Object.keys(web.instanceMetrics)).toHaveLength(4);
  });
});
