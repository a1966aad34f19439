import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MINUTE, SECOND } from '../../controllers/port/index.js';
import { canaryMaxSurge, canaryMaxUnavailable } from '../../lib/rollout/index.js';
import { CanaryController, judgeRollout, type CanaryControllerOptions, type CanaryControllerStep, type ProbeMetric } from '../../controllers/rollout/index.js';
import { RandomStream } from '../../lib/random.js';
import { fleet, sample } from './fixtures.js';
import { runScripted, ScriptedCluster } from './scripted-cluster.js';

const errorRate = (overrides: Partial<ProbeMetric> = {}): ProbeMetric => ({
  name: 'error-rate',
  metric: 'error_rate',
  successMax: 0.01,
  interval: 30 * SECOND,
  failureLimit: 1,
  ...overrides,
});
/** The error-rate metric without an interval: measured once, when its analysis starts. */
const errorRateOnce = (overrides: Partial<ProbeMetric> = {}): ProbeMetric => {
  const { interval: _everyThirtySeconds, ...once } = errorRate(overrides);
  return once;
};

const STEPS: CanaryControllerStep[] = [
  { kind: 'setWeight', weight: 20 },
  { kind: 'pause' },
  { kind: 'setWeight', weight: 50 },
  { kind: 'pause', duration: 2 * MINUTE },
];

function canary(overrides: Partial<CanaryControllerOptions> = {}) {
  return new CanaryController({ name: 'canary', service: 'web', version: 'v2', steps: STEPS, trafficRouting: true, syncPeriod: 5 * SECOND, ...overrides });
}

const kinds = (r: { decisions?: readonly { outcome: string }[] }) => (r.decisions ?? []).map((d) => d.outcome);

describe('CanaryController with traffic routing', () => {
  it('sizes the canary for the first setWeight and keeps all traffic on stable until a canary instance is available', () => {
    const r = canary().reconcile(fleet(MINUTE, { v1: { ready: 10 } }));
    expect(r.actions).toEqual([
      { kind: 'scale-version', service: 'web', version: 'v2', replicas: 2, reason: expect.stringContaining('canary v2 0 → 2') },
      { kind: 'shift-traffic', service: 'web', weights: { v1: 100, v2: 0 }, reason: expect.any(String) },
    ]);
    expect(kinds(r)).toEqual(['rollout-started']);
  });

  it('sends 20% to the canary once its instances are available, and pauses at the untimed pause step', () => {
    const c = canary();
    c.reconcile(fleet(MINUTE, { v1: { ready: 10 } }));
    const r = c.reconcile(fleet(2 * MINUTE, { v1: { ready: 10 }, v2: { ready: 2 } }));
    expect(r.actions).toEqual([{ kind: 'shift-traffic', service: 'web', weights: { v1: 80, v2: 20 }, reason: expect.any(String) }]);
    expect(kinds(r)).toEqual(['step-completed', 'paused']);
    expect(c.status()).toMatchObject({ phase: 'paused', stepIndex: 1, weights: { canary: 20, stable: 80 } });
  });

  it('does not advance a setWeight step while the router still shows another weight', () => {
    const c = canary();
    c.reconcile(fleet(MINUTE, { v1: { ready: 10 } }));
    const r = c.reconcile(fleet(2 * MINUTE, { v1: { ready: 10 }, v2: { ready: 2 } }, { trafficWeights: { v1: 100, v2: 0 } }));
    expect(kinds(r)).not.toContain('step-completed');
    expect(r.actions).toEqual([{ kind: 'shift-traffic', service: 'web', weights: { v1: 80, v2: 20 }, reason: expect.any(String) }]);
    const next = c.reconcile(fleet(2 * MINUTE + 5 * SECOND, { v1: { ready: 10 }, v2: { ready: 2 } }, { trafficWeights: { v1: 80, v2: 20 } }));
    expect(kinds(next)).toEqual(['step-completed', 'paused']);
  });

  it('stays paused at an untimed pause until resumed, then sizes the canary for the next weight', () => {
    const c = canary();
    c.reconcile(fleet(MINUTE, { v1: { ready: 10 } }));
    c.reconcile(fleet(2 * MINUTE, { v1: { ready: 10 }, v2: { ready: 2 } }));
    expect(c.reconcile(fleet(30 * MINUTE, { v1: { ready: 10 }, v2: { ready: 2 } })).actions).toEqual([]);
    c.requestResume();
    const r = c.reconcile(fleet(31 * MINUTE, { v1: { ready: 10 }, v2: { ready: 2 } }));
    expect(kinds(r)).toEqual(['resumed', 'step-completed']);
    expect(r.actions).toEqual([
      { kind: 'scale-version', service: 'web', version: 'v2', replicas: 5, reason: expect.stringContaining('step 3/4 setWeight 50') },
    ]);
  });

  it('lets a simulated operator resume an untimed pause after operatorResumeAfter', () => {
    const c = canary({ operatorResumeAfter: 10 * MINUTE });
    c.reconcile(fleet(MINUTE, { v1: { ready: 10 } }));
    const paused = c.reconcile(fleet(2 * MINUTE, { v1: { ready: 10 }, v2: { ready: 2 } }));
    expect(paused.requeueAfter).toBe(5 * SECOND);
    expect(kinds(c.reconcile(fleet(12 * MINUTE - 1, { v1: { ready: 10 }, v2: { ready: 2 } })))).not.toContain('resumed');
    expect(kinds(c.reconcile(fleet(12 * MINUTE, { v1: { ready: 10 }, v2: { ready: 2 } })))).toEqual(['resumed', 'step-completed']);
  });

  it('ends a timed pause one tick after its duration and asks to be woken exactly then', () => {
    const c = canary({
      steps: [
        { kind: 'setWeight', weight: 50 },
        { kind: 'pause', duration: 2 * SECOND },
      ],
      syncPeriod: MINUTE,
    });
    c.reconcile(fleet(0, { v1: { ready: 4 } }));
    const paused = c.reconcile(fleet(MINUTE, { v1: { ready: 4 }, v2: { ready: 2 } }));
    expect(kinds(paused)).toEqual(['step-completed', 'paused']);
    expect(paused.requeueAfter).toBe(2 * SECOND + 1);
    expect(kinds(c.reconcile(fleet(MINUTE + 2 * SECOND, { v1: { ready: 4 }, v2: { ready: 2 } })))).not.toContain('step-completed');
    expect(kinds(c.reconcile(fleet(MINUTE + 2 * SECOND + 1, { v1: { ready: 4 }, v2: { ready: 2 } })))).toEqual(['step-completed']);
  });

  it('promotes after the last step once the canary runs at full size, then scales the old stable down after scaleDownDelaySeconds', () => {
    const c = canary({ steps: [{ kind: 'setWeight', weight: 50 }], scaleDownDelaySeconds: 30 });
    c.reconcile(fleet(0, { v1: { ready: 4 } }));
    const full = c.reconcile(fleet(MINUTE, { v1: { ready: 4 }, v2: { ready: 2 } }));
    expect(full.actions).toEqual([
      { kind: 'scale-version', service: 'web', version: 'v2', replicas: 4, reason: expect.stringContaining('all steps done') },
      { kind: 'shift-traffic', service: 'web', weights: { v1: 50, v2: 50 }, reason: expect.stringContaining('all steps done') },
    ]);
    const promoted = c.reconcile(fleet(2 * MINUTE, { v1: { ready: 4 }, v2: { ready: 4 } }));
    expect(kinds(promoted)).toEqual(['rollout-completed']);
    expect(promoted.actions).toEqual([{ kind: 'shift-traffic', service: 'web', weights: { v2: 100, v1: 0 }, reason: expect.stringContaining('promoted') }]);
    expect(promoted.requeueAfter).toBe(5 * SECOND);
    expect(c.reconcile(fleet(2 * MINUTE + 29 * SECOND, { v1: { ready: 4 }, v2: { ready: 4 } })).actions).toEqual([]);
    expect(c.reconcile(fleet(2 * MINUTE + 30 * SECOND, { v1: { ready: 4 }, v2: { ready: 4 } })).actions).toEqual([
      { kind: 'scale-version', service: 'web', version: 'v1', replicas: 0, reason: expect.stringContaining('old v1 4 → 0') },
    ]);
    expect(c.summaryMetrics()).toMatchObject({ rollout_completed: 1, time_to_full_rollout_s: 120 });
  });

  it('goes straight to full size when there is no stable version (a first deploy skips the steps)', () => {
    const r = canary({ replicas: 3 }).reconcile(fleet(0, {}));
    expect(r.actions).toEqual([
      { kind: 'scale-version', service: 'web', version: 'v2', replicas: 3, reason: expect.any(String) },
      { kind: 'shift-traffic', service: 'web', weights: { v2: 100 }, reason: expect.any(String) },
    ]);
  });

  it('aborts when background analysis fails: all traffic back to stable at once, the canary scaled down 30 s later', () => {
    const c = canary({ analysis: { metrics: [errorRate()] } });
    const bad = { versionMetrics: { v2: { error_rate: sample('error_rate', 0.2, MINUTE) } } };
    c.reconcile(fleet(0, { v1: { ready: 10 } }));
    const first = c.reconcile(fleet(MINUTE, { v1: { ready: 10 }, v2: { ready: 2 } }, bad));
    expect(first.decisions).toContainEqual({ outcome: 'measurement', reason: 'background analysis of v2: error-rate: error_rate=0.2000 → Failed' });
    expect(kinds(first)).not.toContain('rollout-aborted');
    // Measured again strictly after 30 s: failed (2) > failureLimit (1).
    expect(first.requeueAfter).toBe(5 * SECOND);
    const second = c.reconcile(fleet(MINUTE + 30 * SECOND + 1, { v1: { ready: 10 }, v2: { ready: 2 } }, bad));
    expect(second.decisions).toContainEqual({
      outcome: 'rollout-aborted',
      reason: 'rolling web back to v1: background analysis Failed: Metric "error-rate" assessed Failed due to failed (2) > failureLimit (1)',
    });
    expect(second.actions).toEqual([{ kind: 'shift-traffic', service: 'web', weights: { v1: 100, v2: 0 }, reason: expect.stringContaining('aborted') }]);
    expect(c.status().phase).toBe('aborted');
    expect(c.reconcile(fleet(2 * MINUTE + 1, { v1: { ready: 10 }, v2: { ready: 2 } })).actions).toEqual([
      { kind: 'scale-version', service: 'web', version: 'v2', replicas: 0, reason: expect.stringContaining('aborted, rolling back') },
    ]);
  });

  it('counts a missing metric as an Error and aborts after more than consecutiveErrorLimit of them', () => {
    const c = canary({ analysis: { metrics: [errorRate({ consecutiveErrorLimit: 2 })] } });
    const log = runScripted(c, new ScriptedCluster({ initial: { v1: 4 } }), 5 * MINUTE);
    const errors = log.filter((l) => l.outcome === 'measurement');
    expect(errors.map((l) => l.reason)[0]).toBe('background analysis of v2: error-rate: no value → Error (no error_rate sample for version v2)');
    // Errors are retried every 10 s (Argo's error retry interval); the third in a row breaks a limit of 2.
    expect(errors.map((l) => l.at)).toEqual([0, 10 * SECOND + 1, 20 * SECOND + 2]);
    expect(log.find((l) => l.outcome === 'rollout-aborted')).toMatchObject({
      at: 20 * SECOND + 2,
      reason: expect.stringContaining('consecutiveErrors (3) > consecutiveErrorLimit (2)'),
    });
  });

  it('pauses on an inconclusive background analysis and starts a fresh one when resumed', () => {
    const c = canary({ analysis: { metrics: [errorRate({ failAbove: 0.05, count: 1 })] } });
    const grey = { versionMetrics: { v2: { error_rate: sample('error_rate', 0.03, 0) } } };
    c.reconcile(fleet(0, { v1: { ready: 10 } }, grey));
    expect(c.status()).toMatchObject({ phase: 'paused', backgroundAnalysis: 'Inconclusive' });
    c.requestResume();
    const r = c.reconcile(fleet(MINUTE, { v1: { ready: 10 } }, { versionMetrics: { v2: { error_rate: sample('error_rate', 0.001, MINUTE) } } }));
    expect(kinds(r)).toEqual(['resumed', 'analysis-started', 'measurement']);
    expect(c.status()).toMatchObject({ phase: 'progressing', backgroundAnalysis: 'Successful' });
  });

  it('waits for startingStep before starting background analysis', () => {
    const c = canary({ analysis: { metrics: [errorRate()], startingStep: 2 } });
    expect(kinds(c.reconcile(fleet(0, { v1: { ready: 10 } })))).not.toContain('analysis-started');
  });

  it('advances past an analysis step whose run succeeds, and aborts on one that fails', () => {
    const steps: CanaryControllerStep[] = [
      { kind: 'setWeight', weight: 25 },
      { kind: 'analysis', metrics: [errorRateOnce({ failureLimit: 0 })] },
      { kind: 'setWeight', weight: 50 },
    ];
    const good = canary({ steps });
    good.reconcile(fleet(0, { v1: { ready: 4 } }));
    const ok = good.reconcile(
      fleet(MINUTE, { v1: { ready: 4 }, v2: { ready: 1 } }, { versionMetrics: { v2: { error_rate: sample('error_rate', 0.001, MINUTE) } } }),
    );
    expect(kinds(ok)).toEqual(['step-completed', 'analysis-started', 'measurement', 'step-completed']);
    expect(good.status().stepIndex).toBe(2);

    const bad = canary({ steps });
    bad.reconcile(fleet(0, { v1: { ready: 4 } }));
    const failed = bad.reconcile(
      fleet(MINUTE, { v1: { ready: 4 }, v2: { ready: 1 } }, { versionMetrics: { v2: { error_rate: sample('error_rate', 0.5, MINUTE) } } }),
    );
    expect(kinds(failed)).toEqual(['step-completed', 'analysis-started', 'measurement', 'rollout-aborted']);
    expect(failed.decisions?.at(-1)?.reason).toContain('step 2 analysis Failed: Metric "error-rate" assessed Failed due to failed (1) > failureLimit (0)');
  });

  it('pauses on an inconclusive analysis step and, once resumed, counts the step as passed', () => {
    const steps: CanaryControllerStep[] = [
      { kind: 'analysis', metrics: [errorRateOnce({ failAbove: 0.1 })] },
      { kind: 'setWeight', weight: 50 },
    ];
    const c = canary({ steps });
    const r = c.reconcile(fleet(0, { v1: { ready: 4 } }, { versionMetrics: { v2: { error_rate: sample('error_rate', 0.05, 0) } } }));
    expect(kinds(r)).toEqual(['rollout-started', 'analysis-started', 'measurement', 'paused']);
    c.requestResume();
    expect(kinds(c.reconcile(fleet(MINUTE, { v1: { ready: 4 } })))).toEqual(['resumed', 'step-completed']);
    expect(c.status().stepIndex).toBe(1);
  });

  it('aborts on request', () => {
    const c = canary();
    c.reconcile(fleet(0, { v1: { ready: 4 } }));
    c.requestAbort('bad dashboards');
    const r = c.reconcile(fleet(MINUTE, { v1: { ready: 4 }, v2: { ready: 1 } }));
    expect(r.decisions).toContainEqual({ outcome: 'rollout-aborted', reason: 'rolling web back to v1: bad dashboards' });
  });

  it('skips the remaining steps on a full promotion and completes once the canary is at full size', () => {
    const c = canary();
    c.reconcile(fleet(0, { v1: { ready: 4 } }));
    c.requestPromoteFull();
    const r = c.reconcile(fleet(MINUTE, { v1: { ready: 4 }, v2: { ready: 1 } }));
    expect(kinds(r)).toEqual(['promote-full']);
    expect(r.actions).toContainEqual({ kind: 'scale-version', service: 'web', version: 'v2', replicas: 4, reason: expect.any(String) });
    expect(kinds(c.reconcile(fleet(2 * MINUTE, { v1: { ready: 4 }, v2: { ready: 4 } })))).toEqual(['rollout-completed']);
  });
});

describe('CanaryController without traffic routing (basic canary)', () => {
  it('splits pods by weight within maxSurge and maxUnavailable: 20% of 10 gives v2 2 and v1 8', () => {
    const r = canary({ trafficRouting: false }).reconcile(fleet(0, { v1: { ready: 10 } }));
    expect(r.actions).toEqual([
      { kind: 'scale-version', service: 'web', version: 'v2', replicas: 2, reason: expect.any(String) },
      { kind: 'scale-version', service: 'web', version: 'v1', replicas: 8, reason: expect.any(String) },
    ]);
  });

  it('rolls back within maxUnavailable after an abort', () => {
    const c = canary({ trafficRouting: false, maxUnavailable: 1 });
    c.reconcile(fleet(0, { v1: { ready: 10 } }));
    c.requestAbort();
    const r = c.reconcile(fleet(MINUTE, { v1: { ready: 8 }, v2: { ready: 2 } }, { versionReplicas: { v1: 8, v2: 2 } }));
    // 10 available counted against a minimum of 9: the canary gives up one, stable regrows within the surge.
    expect(r.actions).toEqual([
      { kind: 'scale-version', service: 'web', version: 'v2', replicas: 1, reason: expect.stringContaining('aborted, rolling back') },
      { kind: 'scale-version', service: 'web', version: 'v1', replicas: 10, reason: expect.stringContaining('stable v1 8 → 10') },
    ]);
    const then = c.reconcile(fleet(2 * MINUTE, { v1: { ready: 10 }, v2: { ready: 1 } }, { versionReplicas: { v1: 10, v2: 1 } }));
    expect(then.actions).toEqual([{ kind: 'scale-version', service: 'web', version: 'v2', replicas: 0, reason: expect.any(String) }]);
  });

  it('never drops below replicas − maxUnavailable ready on its way to 100% (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 10 }),
        (replicas, weights, delaysS) => {
          const steps: CanaryControllerStep[] = [...weights].sort((a, b) => a - b).map((weight) => ({ kind: 'setWeight', weight }));
          const cluster = new ScriptedCluster({ initial: { v1: replicas }, startupDelay: (n) => delaysS[n % delaysS.length]! * SECOND });
          const c = canary({ trafficRouting: false, steps });
          const spec = { replicas, steps: [], trafficRouting: false };
          const minReady = replicas - canaryMaxUnavailable(spec);
          const maxTotal = replicas + canaryMaxSurge(spec);
          runScripted(c, cluster, 2 * 60 * MINUTE, {
            after: () => {
              expect(cluster.ready()).toBeGreaterThanOrEqual(minReady);
              expect(cluster.size).toBeLessThanOrEqual(maxTotal);
            },
            stop: () => c.status().phase === 'completed',
          });
          expect(c.status().phase).toBe('completed');
        },
      ),
      { seed: 7, numRuns: 150 },
    );
  });
});

describe('canary analysis under noisy metrics', () => {
  /** Runs one canary whose v2 error rate is `base` plus seeded noise, and judges the outcome. */
  function trial(seed: number, base: number, failureLimit: number, bad: boolean) {
    const rng = RandomStream.root(String(seed)).fork('noise');
    const cluster = new ScriptedCluster({ initial: { v1: 10 }, startupDelay: () => 20 * SECOND });
    cluster.metrics = { rps: sample('rps', 1000, 0) };
    const c = canary({
      steps: [
        { kind: 'setWeight', weight: 10 },
        { kind: 'pause', duration: 5 * MINUTE },
        { kind: 'setWeight', weight: 50 },
        { kind: 'pause', duration: 5 * MINUTE },
      ],
      analysis: { metrics: [errorRate({ successMax: 0.01, interval: 30 * SECOND, failureLimit })] },
    });
    runScripted(c, cluster, 40 * MINUTE, {
      before: (now) => {
        cluster.metrics = { rps: sample('rps', 1000, now) };
        cluster.versionMetrics = { v2: { error_rate: sample('error_rate', Math.max(0, base + 0.004 * rng.normal()), now) } };
      },
      stop: () => c.status().phase === 'completed' || c.status().phase === 'aborted',
    });
    return judgeRollout(c.rolloutSummary(), bad);
  }

  it('rolls a good-but-noisy version back less often when failureLimit allows a few failed measurements', () => {
    const falseRollbacks = (limit: number) => Array.from({ length: 20 }, (_, s) => trial(s, 0.006, limit, false).false_rollback).reduce((a, b) => a + b, 0);
    const strict = falseRollbacks(0);
    const tolerant = falseRollbacks(3);
    expect(strict).toBeGreaterThan(tolerant);
  });

  it('catches a bad version in every seed, with more exposure when it tolerates more failures', () => {
    const runs = (limit: number) => Array.from({ length: 10 }, (_, s) => trial(100 + s, 0.05, limit, true));
    const strict = runs(0);
    const tolerant = runs(3);
    expect(strict.every((v) => v.missed_bad_version === 0 && v.time_to_detect_s !== null)).toBe(true);
    expect(tolerant.every((v) => v.missed_bad_version === 0)).toBe(true);
    const exposure = (vs: typeof strict) => vs.reduce((a, v) => a + v.bad_version_exposure, 0);
    expect(exposure(tolerant)).toBeGreaterThan(exposure(strict));
  });
});
