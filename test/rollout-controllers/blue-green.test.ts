import { describe, expect, it } from 'vitest';
import { MINUTE, SECOND } from '../../controllers/port/index.js';
import { BlueGreenController, type BlueGreenOptions } from '../../controllers/rollout/index.js';
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

  it('errors out of pre-promotion analysis with no test traffic and aborts after more than consecutiveErrorLimit errors', () => {
    const c = blueGreen({
      prePromotionAnalysis: [{ name: 'errors', metric: 'error_rate', successMax: 0.01, interval: 30 * SECOND, consecutiveErrorLimit: 2 }],
    });
    // The preview serves nothing, so the world reports its rps and no error_rate.
    const cluster = new ScriptedCluster({ initial: { v1: 4 }, startupDelay: () => 30 * SECOND });
    cluster.versionMetrics = { v2: { rps: sample('rps', 0, 0) } };
    const log = runScripted(c, cluster, 10 * MINUTE);
    const measured = log.filter((l) => l.outcome === 'measurement');
    expect(measured[0]?.reason).toBe('pre-promotion analysis of v2: errors: no value → Error (no error_rate sample for version v2)');
    // Errors are retried every 10 s (Argo's error retry interval); the third in a row breaks a limit of 2.
    expect(measured.map((l) => l.at)).toEqual([30 * SECOND, 40 * SECOND + 1, 50 * SECOND + 2]);
    expect(log.find((l) => l.outcome === 'rollout-aborted')).toMatchObject({
      at: 50 * SECOND + 2,
      reason: expect.stringContaining('pre-promotion analysis Error: Metric "errors" assessed Error due to consecutiveErrors (3) > consecutiveErrorLimit (2)'),
    });
    expect(log.some((l) => l.outcome === 'promoted' || l.outcome === 'rollout-completed')).toBe(false);
    expect(cluster.trafficWeights).toEqual({ v1: 100, v2: 0 });
  });

  it('routes previewTraffic percent to the preview while pre-promotion analysis runs, and all back to active once it passes', () => {
    const c = blueGreen({
      previewTraffic: 10,
      autoPromotionSeconds: 60,
      prePromotionAnalysis: [{ name: 'errors', metric: 'error_rate', successMax: 0.01, count: 2, interval: 30 * SECOND }],
    });
    c.reconcile(fleet(0, { v1: { ready: 4 } }));
    const good = (t: number) => ({ trafficWeights: { v1: 100, v2: 0 }, versionMetrics: { v2: { error_rate: sample('error_rate', 0.001, t) } } });
    const started = c.reconcile(fleet(MINUTE, { v1: { ready: 4 }, v2: { ready: 4 } }, good(MINUTE)));
    expect(kinds(started)).toEqual(['analysis-started', 'measurement']);
    expect(started.actions).toEqual([
      { kind: 'shift-traffic', service: 'web', weights: { v1: 90, v2: 10 }, reason: 'blue-green v2 (preview): v1 90%, v2 10%' },
    ]);
    const passed = c.reconcile(
      fleet(MINUTE + 30 * SECOND + 1, { v1: { ready: 4 }, v2: { ready: 4 } }, { ...good(MINUTE + 30 * SECOND), trafficWeights: { v1: 90, v2: 10 } }),
    );
    expect(kinds(passed)).toEqual(['measurement', 'paused']);
    expect(passed.actions).toEqual([{ kind: 'shift-traffic', service: 'web', weights: { v1: 100, v2: 0 }, reason: expect.any(String) }]);
  });

  it('catches a bad preview on its test traffic before promotion, and gives the active version all traffic back', () => {
    const c = blueGreen({
      previewTraffic: 20,
      prePromotionAnalysis: [{ name: 'errors', metric: 'error_rate', successMax: 0.01, interval: 30 * SECOND, initialDelay: 30 * SECOND }],
    });
    const cluster = new ScriptedCluster({ initial: { v1: 4 }, startupDelay: () => 30 * SECOND });
    // The preview has data only while it gets a share of the traffic.
    const log = runScripted(c, cluster, 10 * MINUTE, {
      before: (now) => {
        const share = cluster.trafficWeights?.['v2'] ?? 0;
        cluster.versionMetrics =
          share > 0 ? { v2: { rps: sample('rps', 20, now), error_rate: sample('error_rate', 0.2, now) } } : { v2: { rps: sample('rps', 0, now) } };
      },
    });
    const shifts = cluster.applied.filter((a) => a.kind === 'shift-traffic').map((a) => (a.kind === 'shift-traffic' ? a.weights : {}));
    expect(shifts).toEqual([
      { v1: 100, v2: 0 },
      { v1: 80, v2: 20 },
      { v1: 100, v2: 0 },
    ]);
    expect(log.find((l) => l.outcome === 'rollout-aborted')?.reason).toMatch(/^keeping v1 active: pre-promotion analysis Failed/);
    expect(log.some((l) => l.outcome === 'promoted' || l.outcome === 'rollout-completed')).toBe(false);
    expect(c.summaryMetrics()).toMatchObject({ rollout_aborted: 1, rollout_completed: 0 });
    expect(c.rolloutSummary().new_version_requests).toBeGreaterThan(0);
  });

  it('refuses a previewTraffic outside [0, 100), naming the field', () => {
    expect(() => blueGreen({ previewTraffic: 100 })).toThrow('BlueGreenOptions.previewTraffic: expected a percent in [0, 100), got 100 (number)');
  });

  it('keeps the old version through post-promotion analysis and scales it down only after the analysis passes', () => {
    const c = blueGreen({
      scaleDownDelaySeconds: 30,
      postPromotionAnalysis: [{ name: 'errors', metric: 'error_rate', successMax: 0.01, count: 2, interval: MINUTE }],
    });
    const good = (t: number) => ({ versionMetrics: { v2: { error_rate: sample('error_rate', 0.001, t) } } });
    c.reconcile(fleet(0, { v1: { ready: 4 } }));
    const switched = c.reconcile(fleet(MINUTE, { v1: { ready: 4 }, v2: { ready: 4 } }, good(MINUTE)));
    expect(kinds(switched)).toEqual(['promoted', 'measurement']);
    expect(c.phase()).toBe('switched');
    expect(c.reconcile(fleet(2 * MINUTE + 1, { v1: { ready: 4 }, v2: { ready: 4 } }, good(2 * MINUTE))).decisions?.map((d) => d.outcome)).toEqual([
      'measurement',
      'rollout-completed',
    ]);
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
