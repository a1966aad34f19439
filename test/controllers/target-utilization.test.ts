import { describe, expect, it } from 'vitest';
import { TargetUtilizationAutoscaler } from '../../controllers/autoscalers/target-utilization.js';
import type { InstanceView, ObservedState } from '../../controllers/port/index.js';
import { MINUTE, SECOND } from '../../controllers/port/index.js';

function observed(now: number, ready: number, utilization: number | undefined, desired = ready): ObservedState {
  const instances: InstanceView[] = Array.from({ length: ready }, (_, i) => ({
    id: `web-${i}`,
    service: 'web',
    zone: 'zone-a',
    version: 'v1',
    state: 'ready',
    createdAt: 0,
    readyAt: 0,
  }));
  const cpu = utilization === undefined ? undefined : { name: 'cpu_utilization', value: utilization, measuredAt: now - 30 * SECOND };
  return { now, services: new Map([['web', { name: 'web', desiredReplicas: desired, instances, metrics: { cpu_utilization: cpu }, instanceMetrics: {} }]]) };
}

function autoscaler() {
  return new TargetUtilizationAutoscaler({
    name: 'as',
    service: 'web',
    metric: 'cpu_utilization',
    target: 0.5,
    tolerance: 0.1,
    minReplicas: 2,
    maxReplicas: 10,
    scaleUpCooldown: 0,
    scaleDownCooldown: 5 * MINUTE,
  });
}

describe('TargetUtilizationAutoscaler', () => {
  it('scales 4 replicas at 90% utilization with a 50% target to ⌈4 × 0.9 / 0.5⌉ = 8', () => {
    const { actions } = autoscaler().reconcile(observed(MINUTE, 4, 0.9));
    expect(actions).toEqual([{ kind: 'scale', service: 'web', replicas: 8, reason: expect.stringContaining('4 → 8') }]);
  });

  it('holds within the tolerance band', () => {
    const r = autoscaler().reconcile(observed(MINUTE, 4, 0.54));
    expect(r.actions).toEqual([]);
    expect(r.decisions?.[0]?.reason).toMatch(/within tolerance/);
  });

  it('holds when no metric has arrived yet', () => {
    expect(autoscaler().reconcile(observed(0, 4, undefined)).actions).toEqual([]);
  });

  it('clamps to maxReplicas and minReplicas', () => {
    expect(autoscaler().reconcile(observed(MINUTE, 8, 1)).actions[0]).toMatchObject({ replicas: 10 });
    expect(autoscaler().reconcile(observed(MINUTE, 8, 0.05)).actions[0]).toMatchObject({ replicas: 2 });
  });

  it('waits out the scale-down cooldown after a scale action, then scales down', () => {
    const as = autoscaler();
    expect(as.reconcile(observed(MINUTE, 4, 0.9)).actions).toHaveLength(1);
    const during = as.reconcile(observed(2 * MINUTE, 8, 0.2, 8));
    expect(during.actions).toEqual([]);
    expect(during.decisions?.[0]).toMatchObject({ outcome: 'cooldown' });
    expect(as.reconcile(observed(7 * MINUTE, 8, 0.2, 8)).actions[0]).toMatchObject({ replicas: 4 });
  });

  // Regression: after a zone outage cut ready from 18 to 10, utilization 1.0 gave ⌈10 × 1.0 / 0.75⌉ = 14 < 18 and scaled down at full load.
  it('adds instances lost to an outage back on top of what the serving ones need, instead of scaling down at full load', () => {
    const as = new TargetUtilizationAutoscaler({
      name: 'as',
      service: 'web',
      metric: 'cpu_utilization',
      target: 0.75,
      tolerance: 0.1,
      minReplicas: 2,
      maxReplicas: 30,
      scaleUpCooldown: 0,
      scaleDownCooldown: 0,
    });
    // 10 ready of 18 desired, none starting: 8 lost; ⌈10 × 1.333⌉ = 14, plus 8 = 22.
    expect(as.reconcile(observed(MINUTE, 10, 1.0, 18)).actions[0]).toMatchObject({ replicas: 22, reason: expect.stringContaining('18 → 22') });
  });

  it('never scales down while utilization is above target', () => {
    const as = autoscaler();
    const starting: ObservedState = observed(MINUTE, 4, 0.6, 10);
    const web = starting.services.get('web')!;
    const instances: InstanceView[] = [
      ...web.instances,
      ...Array.from({ length: 6 }, (_, i) => ({ ...web.instances[0]!, id: `new-${i}`, state: 'starting' as const })),
    ];
    const r = as.reconcile({ now: MINUTE, services: new Map([['web', { ...web, instances }]]) });
    // ⌈4 × 1.2⌉ = 5 < 10 desired while 6 are still starting: hold, not 10 → 5.
    expect(r.actions).toEqual([]);
    expect(r.decisions?.[0]?.reason).toMatch(/not above current 10/);
  });

  it('never scales up while utilization is below target', () => {
    const as = autoscaler();
    expect(as.reconcile(observed(MINUTE, 8, 0.3, 4)).actions).toEqual([]);
  });
});
