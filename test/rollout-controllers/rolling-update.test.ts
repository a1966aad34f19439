import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MINUTE, SECOND } from '../../controllers/port/index.js';
import { deploymentMaxSurge, deploymentMaxUnavailable, applyDeploymentDefaults } from '../../lib/rollout/index.js';
import { RollingUpdateController, type RollingUpdateOptions } from '../../controllers/rollout/index.js';
import { fleet } from './fixtures.js';
import { ScriptedCluster } from './scripted-cluster.js';

function controller(overrides: Partial<RollingUpdateOptions> = {}) {
  return new RollingUpdateController({ name: 'deploy', service: 'web', version: 'v2', syncPeriod: 5 * SECOND, ...overrides });
}

describe('RollingUpdateController', () => {
  it('surges the new version first: 10 replicas with 25% maxSurge start 3 instances of v2', () => {
    const r = controller().reconcile(fleet(MINUTE, { v1: { ready: 10 } }));
    expect(r.actions).toEqual([{ kind: 'scale-version', service: 'web', version: 'v2', replicas: 3, reason: expect.stringContaining('surge v2 0 → 3') }]);
    expect(r.decisions?.[0]).toMatchObject({ outcome: 'rollout-started', reason: expect.stringContaining('10 replicas, maxSurge 3, maxUnavailable 2') });
  });

  it('scales the old version down by what is available above replicas − maxUnavailable once the surge is spent', () => {
    const c = controller();
    c.reconcile(fleet(MINUTE, { v1: { ready: 10 } }));
    const r = c.reconcile(fleet(2 * MINUTE, { v1: { ready: 10 }, v2: { ready: 3 } }));
    // 13 available, at least 8 must stay: v1 gives up 5.
    expect(r.actions).toEqual([
      { kind: 'scale-version', service: 'web', version: 'v1', replicas: 5, reason: expect.stringContaining('scale down old v1 10 → 5') },
    ]);
  });

  it('scales the old version down only by maxUnavailable while the new instances are still starting', () => {
    const c = controller();
    c.reconcile(fleet(MINUTE, { v1: { ready: 10 } }));
    const r = c.reconcile(fleet(MINUTE + 5 * SECOND, { v1: { ready: 10 }, v2: { starting: 3 } }));
    expect(r.actions).toEqual([{ kind: 'scale-version', service: 'web', version: 'v1', replicas: 8, reason: expect.any(String) }]);
  });

  it('ignores draining instances: they belong to no version set', () => {
    const c = controller({ replicas: 4, maxSurge: 1, maxUnavailable: 0 });
    const r = c.reconcile(fleet(MINUTE, { v1: { ready: 4, draining: 3 } }));
    expect(r.actions).toEqual([{ kind: 'scale-version', service: 'web', version: 'v2', replicas: 1, reason: expect.any(String) }]);
  });

  it('reads each version’s spec from versionReplicas when the world reports it', () => {
    const c = controller();
    c.reconcile(fleet(MINUTE, { v1: { ready: 10 } }));
    // The world has accepted v2 = 3 but not created the instances yet: no further surge.
    const r = c.reconcile(fleet(MINUTE + 5 * SECOND, { v1: { ready: 10 } }, { versionReplicas: { v1: 10, v2: 3 } }));
    expect(r.actions.filter((a) => a.kind === 'scale-version' && a.version === 'v2')).toEqual([]);
  });

  it('waits for the start time and asks to be woken exactly then', () => {
    const r = controller({ startAt: 10 * MINUTE }).reconcile(fleet(MINUTE, { v1: { ready: 10 } }));
    expect(r.actions).toEqual([]);
    expect(r.requeueAfter).toBe(9 * MINUTE);
  });

  it('logs rollout-completed once when every instance runs the new version, then stays quiet', () => {
    const c = controller();
    c.reconcile(fleet(MINUTE, { v1: { ready: 10 } }));
    const first = c.reconcile(fleet(5 * MINUTE, { v2: { ready: 10 } }));
    expect(first.actions).toEqual([]);
    expect(first.decisions?.map((d) => d.outcome)).toContain('rollout-completed');
    expect(c.reconcile(fleet(6 * MINUTE, { v2: { ready: 10 } })).decisions).toEqual([]);
    expect(c.summaryMetrics()).toMatchObject({ rollout_completed: 1, rollout_aborted: 0, time_to_full_rollout_s: 240 });
  });

  it('reports ProgressDeadlineExceeded once when new instances never become ready, and keeps its old instances', () => {
    const cluster = new ScriptedCluster({ initial: { v1: 4 }, startupDelay: () => Infinity });
    const c = controller({ progressDeadlineSeconds: 60, maxSurge: 1, maxUnavailable: 0 });
    const outcomes: { at: number; outcome: string }[] = [];
    for (let t = 0; t <= 3 * MINUTE; t += 5 * SECOND) {
      cluster.advanceTo(t);
      const r = c.reconcile(cluster.observe());
      for (const a of r.actions) cluster.apply(a);
      for (const d of r.decisions ?? []) outcomes.push({ at: t, outcome: d.outcome });
    }
    const exceeded = outcomes.filter((o) => o.outcome === 'ProgressDeadlineExceeded');
    // The last progress is v2's instance appearing, seen at 5 s; the first check strictly after 65 s is at 70 s.
    expect(exceeded).toEqual([{ at: 70 * SECOND, outcome: 'ProgressDeadlineExceeded' }]);
    expect(cluster.ready('v1')).toBe(4);
    expect(c.summaryMetrics()).toMatchObject({ rollout_deadline_exceeded: 1, rollout_completed: 0 });
  });

  it('asks to be woken just after the progress deadline when that comes before the next sync', () => {
    const c = controller({ progressDeadlineSeconds: 2, syncPeriod: MINUTE });
    const r = c.reconcile(fleet(MINUTE, { v1: { ready: 10 } }));
    expect(r.requeueAfter).toBe(2 * SECOND + 1);
  });

  it('rejects a malformed maxSurge when built, naming the field', () => {
    expect(() => controller({ maxSurge: 'lots' })).toThrow(/maxSurge must be an integer or a percentage/);
  });

  it('rolls 10 instances from v1 to v2 in a scripted cluster and completes', () => {
    const cluster = new ScriptedCluster({ initial: { v1: 10 }, startupDelay: () => 20 * SECOND });
    const c = controller();
    for (let t = 0; t <= 10 * MINUTE && c.lifecycle().completedAt === undefined; t += 5 * SECOND) {
      cluster.advanceTo(t);
      for (const a of c.reconcile(cluster.observe()).actions) cluster.apply(a);
    }
    expect(cluster.count('v1')).toBe(0);
    expect(cluster.ready('v2')).toBe(10);
    expect(c.lifecycle().completedAt).toBeDefined();
  });
});

describe('a rolling update (property)', () => {
  const intOrPercent = fc.oneof(
    fc.integer({ min: 0, max: 5 }),
    fc.integer({ min: 0, max: 60 }).map((p) => `${p}%`),
  );

  it('never has fewer than replicas − maxUnavailable ready, nor more than replicas + maxSurge instances, and completes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 25 }),
        intOrPercent,
        intOrPercent,
        fc.array(fc.integer({ min: 0, max: 90 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 20 }),
        (replicas, maxSurge, maxUnavailable, delaysS, syncS) => {
          const cluster = new ScriptedCluster({ initial: { v1: replicas }, startupDelay: (n) => delaysS[n % delaysS.length]! * SECOND });
          const c = controller({ maxSurge, maxUnavailable, syncPeriod: syncS * SECOND });
          const d = applyDeploymentDefaults({ replicas, maxSurge, maxUnavailable });
          const minReady = replicas - deploymentMaxUnavailable(d);
          const maxTotal = replicas + deploymentMaxSurge(d);
          let t = 0;
          for (let round = 0; round < 2000 && c.lifecycle().completedAt === undefined; round++) {
            cluster.advanceTo(t);
            const r = c.reconcile(cluster.observe());
            for (const a of r.actions) cluster.apply(a);
            // Right after the actions is the low point: between reconciles instances only become ready.
            expect(cluster.ready()).toBeGreaterThanOrEqual(minReady);
            expect(cluster.size).toBeLessThanOrEqual(maxTotal);
            t += r.requeueAfter ?? syncS * SECOND;
          }
          expect(c.lifecycle().completedAt).toBeDefined();
          expect(cluster.ready('v2')).toBe(replicas);
          expect(cluster.count('v1')).toBe(0);
        },
      ),
      { seed: 20240611, numRuns: 300 },
    );
  });
});
