import { describe, expect, it } from 'vitest';
import { MINUTE, SECOND } from '../../controllers/port/index.js';
import { BlueGreenController, type BlueGreenOptions } from '../../controllers/rollout-controllers/index.js';
import { fleet, sample } from './fixtures.js';
import { runScripted, ScriptedCluster } from './scripted-cluster.js';

function blueGreen(overrides: Partial<BlueGreenOptions> = {}) {
  return new BlueGreenController({ name: 'bg', service: 'web', version: 'v2', syncPeriod: 5 * SECOND, ...overrides });
}

const kinds = (r: { decisions?: readonly { outcome: string }[] }) => (r.decisions ?? []).map((d) => d.outcome);

describe('BlueGreenController', () => {
  it('brings the preview up beside the active version and pins all traffic to the active one', () => {
    const r = blueGreen().reconcile(fleet(0, { v1: { ready: 4 } }));
    expect(r.actions).toEqual([
      { kind: 'scale-version', service: 'web', version: 'v2', replicas: 4, reason: expect.stringContaining('preview v2 0 → 4') },
      { kind: 'shift-traffic', service: 'web', weights: { v1: 100, v2: 0 }, reason: expect.any(String) },
    ]);
    expect(kinds(r)).toEqual(['rollout-started']);
  });

  it('switches all traffic at once when the preview is available and auto-promotion has no delay', () => {
    const c = blueGreen();
    c.reconcile(fleet(0, { v1: { ready: 4 } }));
    const r = c.reconcile(fleet(MINUTE, { v1: { ready: 4 }, v2: { ready: 4 } }));
    expect(kinds(r)).toEqual(['rollout-completed']);
    expect(r.actions).toEqual([{ kind: 'shift-traffic', service: 'web', weights: { v2: 100, v1: 0 }, reason: expect.stringContaining('completed') }]);
    expect(c.phase()).toBe('completed');
  });

  it('does not switch while the preview is still starting', () => {
    const c = blueGreen();
    c.reconcile(fleet(0, { v1: { ready: 4 } }));
    const r = c.reconcile(fleet(MINUTE, { v1: { ready: 4 }, v2: { ready: 3, starting: 1 } }));
    expect(r.actions).toEqual([]);
    expect(r.decisions).toEqual([{ outcome: 'hold', reason: 'preview: preview v2 3/4 available' }]);
  });

  it('scales the old active version down scaleDownDelaySeconds after the switch', () => {
    const c = blueGreen({ scaleDownDelaySeconds: 60 });
    c.reconcile(fleet(0, { v1: { ready: 4 } }));
    const switched = c.reconcile(fleet(MINUTE, { v1: { ready: 4 }, v2: { ready: 4 } }));
    expect(switched.requeueAfter).toBe(5 * SECOND);
    expect(c.reconcile(fleet(2 * MINUTE - 1, { v1: { ready: 4 }, v2: { ready: 4 } })).actions).toEqual([]);
    expect(c.reconcile(fleet(2 * MINUTE, { v1: { ready: 4 }, v2: { ready: 4 } })).actions).toEqual([
      { kind: 'scale-version', service: 'web', version: 'v1', replicas: 0, reason: expect.stringContaining('old active v1 4 → 0') },
    ]);
  });

  it('holds a ready preview for autoPromotionSeconds and promotes one tick after, waking exactly then', () => {
    const c = blueGreen({ autoPromotionSeconds: 30, syncPeriod: MINUTE });
    c.reconcile(fleet(0, { v1: { ready: 4 } }));
    const paused = c.reconcile(fleet(MINUTE, { v1: { ready: 4 }, v2: { ready: 4 } }));
    expect(kinds(paused)).toEqual(['paused']);
    expect(paused.requeueAfter).toBe(30 * SECOND + 1);
    expect(kinds(c.reconcile(fleet(MINUTE + 30 * SECOND, { v1: { ready: 4 }, v2: { ready: 4 } })))).toEqual(['hold']);
    expect(kinds(c.reconcile(fleet(MINUTE + 30 * SECOND + 1, { v1: { ready: 4 }, v2: { ready: 4 } })))).toEqual(['rollout-completed']);
  });

  it('waits for a promotion when auto-promotion is off', () => {
    const c = blueGreen({ autoPromotionEnabled: false });
    c.reconcile(fleet(0, { v1: { ready: 4 } }));
    expect(kinds(c.reconcile(fleet(MINUTE, { v1: { ready: 4 }, v2: { ready: 4 } })))).toEqual(['paused']);
    expect(c.reconcile(fleet(60 * MINUTE, { v1: { ready: 4 }, v2: { ready: 4 } })).actions).toEqual([]);
    c.requestPromote();
    expect(kinds(c.reconcile(fleet(61 * MINUTE, { v1: { ready: 4 }, v2: { ready: 4 } })))).toEqual(['resumed', 'rollout-completed']);
  });

  it('lets a simulated operator promote operatorPromoteAfter into the pause', () => {
    const c = blueGreen({ autoPromotionEnabled: false, operatorPromoteAfter: 10 * MINUTE });
    const log = runScripted(c, new ScriptedCluster({ initial: { v1: 4 }, startupDelay: () => 30 * SECOND }), 30 * MINUTE);
    const paused = log.find((l) => l.outcome === 'paused')!;
    expect(log.find((l) => l.outcome === 'rollout-completed')?.at).toBe(paused.at + 10 * MINUTE);
  });

  it('grows a reduced preview to full size before switching (scaleUpPreviewCheckPoint)', () => {
    const c = blueGreen({ previewReplicaCount: 1 });
    expect(c.reconcile(fleet(0, { v1: { ready: 4 } })).actions[0]).toMatchObject({ version: 'v2', replicas: 1 });
    const grow = c.reconcile(fleet(MINUTE, { v1: { ready: 4 }, v2: { ready: 1 } }));
    expect(kinds(grow)).toEqual(['scale-up-preview']);
    expect(grow.actions).toEqual([{ kind: 'scale-version', service: 'web', version: 'v2', replicas: 4, reason: expect.any(String) }]);
    expect(kinds(c.reconcile(fleet(2 * MINUTE, { v1: { ready: 4 }, v2: { ready: 4 } })))).toEqual(['rollout-completed']);
  });

  it('aborts on a failed pre-promotion analysis: traffic stays on active and the preview goes 30 s later', () => {
    const c = blueGreen({ prePromotionAnalysis: [{ name: 'errors', metric: 'error_rate', successMax: 0.01 }] });
    c.reconcile(fleet(0, { v1: { ready: 4 } }));
    const bad = { versionMetrics: { v2: { error_rate: sample('error_rate', 0.3, MINUTE) } } };
    const r = c.reconcile(fleet(MINUTE, { v1: { ready: 4 }, v2: { ready: 4 } }, bad));
    expect(kinds(r)).toEqual(['analysis-started', 'measurement', 'rollout-aborted']);
    expect(r.actions).toEqual([]);
    expect(c.phase()).toBe('aborted');
    expect(c.reconcile(fleet(MINUTE + 30 * SECOND, { v1: { ready: 4 }, v2: { ready: 4 } })).actions).toEqual([
      { kind: 'scale-version', service: 'web', version: 'v2', replicas: 0, reason: expect.any(String) },
    ]);
    expect(c.summaryMetrics()).toMatchObject({ rollout_aborted: 1, rollout_completed: 0 });
  });

  it('promotes after a successful pre-promotion analysis', () => {
    const c = blueGreen({ prePromotionAnalysis: [{ name: 'errors', metric: 'error_rate', successMax: 0.01, count: 2, interval: 30 * SECOND }] });
    const cluster = new ScriptedCluster({ initial: { v1: 4 }, startupDelay: () => 30 * SECOND });
    cluster.versionMetrics = { v2: { error_rate: sample('error_rate', 0.001, 0) } };
    const log = runScripted(c, cluster, 10 * MINUTE);
    expect(log.filter((l) => l.outcome === 'measurement').map((l) => l.at)).toEqual([30 * SECOND, MINUTE + 1]);
    expect(log.find((l) => l.outcome === 'rollout-completed')?.at).toBe(MINUTE + 1);
    expect(cluster.trafficWeights).toEqual({ v2: 100, v1: 0 });
    expect(cluster.count('v1')).toBe(0);
  });

  it('keeps the old version through post-promotion analysis and scales it down only after the analysis passes', () => {
    const c = blueGreen({ scaleDownDelaySeconds: 30, postPromotionAnalysis: [{ name: 'errors', metric: 'error_rate', successMax: 0.01, count: 2, interval: MINUTE }] });
    const good = (t: number) => ({ versionMetrics: { v2: { error_rate: sample('error_rate', 0.001, t) } } });
    c.reconcile(fleet(0, { v1: { ready: 4 } }));
    const switched = c.reconcile(fleet(MINUTE, { v1: { ready: 4 }, v2: { ready: 4 } }, good(MINUTE)));
    expect(kinds(switched)).toEqual(['promoted', 'measurement']);
    expect(c.phase()).toBe('switched');
    expect(c.reconcile(fleet(2 * MINUTE + 1, { v1: { ready: 4 }, v2: { ready: 4 } }, good(2 * MINUTE))).decisions?.map((d) => d.outcome)).toEqual(['measurement', 'rollout-completed']);
    expect(c.reconcile(fleet(2 * MINUTE + 30 * SECOND, { v1: { ready: 4 }, v2: { ready: 4 } })).actions).toEqual([]);
    expect(c.reconcile(fleet(2 * MINUTE + 30 * SECOND + 1, { v1: { ready: 4 }, v2: { ready: 4 } })).actions).toEqual([
      { kind: 'scale-version', service: 'web', version: 'v1', replicas: 0, reason: expect.any(String) },
    ]);
  });

  it('switches all traffic back to the old version when post-promotion analysis fails', () => {
    const c = blueGreen({ postPromotionAnalysis: [{ name: 'errors', metric: 'error_rate', successMax: 0.01 }] });
    c.reconcile(fleet(0, { v1: { ready: 4 } }));
    const r = c.reconcile(fleet(MINUTE, { v1: { ready: 4 }, v2: { ready: 4 } }, { versionMetrics: { v2: { error_rate: sample('error_rate', 0.2, MINUTE) } } }));
    expect(kinds(r)).toEqual(['promoted', 'measurement', 'rollout-aborted']);
    expect(r.decisions?.at(-1)?.reason).toMatch(/^keeping v1 active: post-promotion analysis Failed/);
    // The switch and the switch back happen in one reconcile: the router is told v1 100% (it already was).
    expect(r.actions).toEqual([]);
    expect(c.reconcile(fleet(MINUTE + 30 * SECOND, { v1: { ready: 4 }, v2: { ready: 4 } })).actions).toEqual([
      { kind: 'scale-version', service: 'web', version: 'v2', replicas: 0, reason: expect.any(String) },
    ]);
    expect(c.summaryMetrics()).toMatchObject({ rollout_aborted: 1, rollout_completed: 0 });
  });

  it('logs an unchanged hold once, not every sync period', () => {
    const c = blueGreen();
    c.reconcile(fleet(0, { v1: { ready: 4 } }));
    const starting = fleet(5 * SECOND, { v1: { ready: 4 }, v2: { starting: 4 } });
    expect(kinds(c.reconcile(starting))).toEqual(['hold']);
    expect(kinds(c.reconcile({ ...starting, now: 10 * SECOND }))).toEqual([]);
  });

  it('goes straight to full size and all traffic on a first deploy', () => {
    const c = blueGreen({ replicas: 2 });
    expect(c.reconcile(fleet(0, {})).actions).toEqual([{ kind: 'scale-version', service: 'web', version: 'v2', replicas: 2, reason: expect.any(String) }]);
    const r = c.reconcile(fleet(MINUTE, { v2: { ready: 2 } }));
    expect(kinds(r)).toEqual(['rollout-completed']);
    expect(r.actions).toEqual([{ kind: 'shift-traffic', service: 'web', weights: { v2: 100 }, reason: expect.any(String) }]);
  });
});
