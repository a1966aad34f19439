import { describe, expect, it } from 'vitest';
import { MINUTE, SECOND, requeueWithin } from '../../controllers/port/index.js';
import type { CanaryRollout } from '../../lib/rollout/index.js';
import {
  AnalysisRun,
  MEASUREMENT_HISTORY_LIMIT,
  RolloutRecorder,
  desiredCanaryWeight,
  judgeRollout,
  lifecycleFromEvents,
  measureVersion,
  readVersionMetric,
  summaryFromEvents,
  versionSets,
  type ProbeMetric,
} from '../../controllers/rollout/index.js';
import { fleet, sample } from './fixtures.js';

const rollout = (status: Partial<CanaryRollout['status']> = {}, spec: Partial<CanaryRollout['spec']> = {}): CanaryRollout => ({
  spec: { replicas: 10, trafficRouting: true, steps: [{ kind: 'setWeight', weight: 20 }, { kind: 'pause' }, { kind: 'setWeight', weight: 50 }], ...spec },
  status: { stableHash: 'v1', currentHash: 'v2', currentStepIndex: 0, ...status },
});
const weight = (r: CanaryRollout, more: Partial<Parameters<typeof desiredCanaryWeight>[0]> = {}) =>
  desiredCanaryWeight({ rollout: r, canaryAvailable: 2, stableAvailable: 10, atDesiredReplicaCounts: true, ...more });

describe('desiredCanaryWeight (after Argo reconcileTrafficRouting)', () => {
  it('is the current setWeight once the step’s replicas are in place', () => {
    expect(weight(rollout())).toBe(20);
    expect(weight(rollout({ currentStepIndex: 1 }))).toBe(20);
  });

  it('keeps the previous setWeight while the step’s replicas are not in place', () => {
    expect(weight(rollout({ currentStepIndex: 2 }), { atDesiredReplicaCounts: false })).toBe(20);
    expect(weight(rollout(), { atDesiredReplicaCounts: false })).toBe(0);
  });

  it('is 100 after the last step and 0 once fully promoted', () => {
    expect(weight(rollout({ currentStepIndex: 3 }))).toBe(100);
    expect(weight(rollout({ stableHash: 'v2' }))).toBe(0);
  });

  it('sends nothing to a canary with no available instance', () => {
    expect(weight(rollout(), { canaryAvailable: 0 })).toBe(0);
  });

  it('drops to 0 on abort, or under dynamicStableScale to what stable cannot yet carry, never rising', () => {
    expect(weight(rollout({ abort: true }))).toBe(0);
    const dynamic = rollout({ abort: true }, { dynamicStableScale: true });
    expect(weight(dynamic, { stableAvailable: 7 })).toBe(30);
    expect(weight(dynamic, { stableAvailable: 7, currentWeights: { canary: 20, stable: 80 } })).toBe(20);
  });

  it('on a full promotion keeps the weight set, or follows canary availability under dynamicStableScale', () => {
    expect(weight(rollout({ promoteFull: true }), { currentWeights: { canary: 20, stable: 80 } })).toBe(20);
    expect(weight(rollout({ promoteFull: true }, { dynamicStableScale: true }), { canaryAvailable: 7 })).toBe(70);
  });
});

describe('versionSets', () => {
  it('counts each version’s instances, leaving draining ones out', () => {
    const sets = versionSets(fleet(0, { v1: { ready: 3, draining: 2 }, v2: { ready: 1, starting: 2 } }).services.get('web')!, 0);
    expect(sets.get('v1')).toMatchObject({ replicas: 3, currentReplicas: 3, availableReplicas: 3, readyReplicas: 3 });
    expect(sets.get('v2')).toMatchObject({ replicas: 3, currentReplicas: 3, availableReplicas: 1, readyReplicas: 1 });
  });

  it('prefers the world’s versionReplicas for spec.replicas, including versions with no instance yet', () => {
    const sets = versionSets(fleet(0, { v1: { ready: 3 } }, { versionReplicas: { v1: 3, v2: 2 } }).services.get('web')!, 0);
    expect(sets.get('v2')).toMatchObject({ replicas: 2, currentReplicas: 0, availableReplicas: 0 });
  });

  it('counts an instance as available only minReadySeconds after it became ready', () => {
    const view = fleet(0, { v1: { ready: 2 } }).services.get('web')!;
    expect(versionSets(view, 9 * SECOND, 10).get('v1')?.availableReplicas).toBe(0);
    expect(versionSets(view, 10 * SECOND, 10).get('v1')?.availableReplicas).toBe(2);
  });
});

describe('analysis probes', () => {
  const probe: ProbeMetric = { name: 'e', metric: 'error_rate', successMax: 0.01, failAbove: 0.05, maxAge: MINUTE };
  const web = (extras: Parameters<typeof fleet>[2]) => fleet(2 * MINUTE, { v2: { ready: 1 } }, extras).services.get('web')!;

  it('judges Successful ≤ successMax < Inconclusive ≤ failAbove < Failed', () => {
    const at = (v: number) =>
      measureVersion(probe, web({ versionMetrics: { v2: { error_rate: sample('error_rate', v, 2 * MINUTE) } } }), 'v2', 2 * MINUTE).measurement.phase;
    expect([at(0.01), at(0.03), at(0.05), at(0.051)]).toEqual(['Successful', 'Inconclusive', 'Inconclusive', 'Failed']);
  });

  it('counts a sample older than maxAge as an Error', () => {
    const m = measureVersion(probe, web({ versionMetrics: { v2: { error_rate: sample('error_rate', 0, 0) } } }), 'v2', 2 * MINUTE);
    expect(m.measurement).toMatchObject({ phase: 'Error', message: 'error_rate sample for version v2 is 120s old (maxAge 60s)' });
  });

  it('falls back to the request-weighted error rate of the version’s instances', () => {
    const view = fleet(0, { v2: { ready: 2 } }).services.get('web')!;
    const instanceMetrics = Object.fromEntries(
      view.instances.map((i, k) => [i.id, { error_rate: sample('error_rate', k === 0 ? 0.1 : 0, 0), requests: sample('requests', k === 0 ? 100 : 300, 0) }]),
    );
    expect(readVersionMetric({ ...view, instanceMetrics }, 'v2', 'error_rate', 0)?.value).toBeCloseTo(0.025, 12);
  });

  it('keeps only the last 10 measurements of a long-running metric, and its counters whole', () => {
    const run = new AnalysisRun('bg', [{ name: 'e', metric: 'error_rate', successMax: 1, interval: SECOND }], 0);
    for (let t = 0; t < 15; t++)
      run.step(t * (SECOND + 1), () => ({ name: 'e', measurement: { phase: 'Successful', startedAt: t, finishedAt: t * (SECOND + 1) } }));
    expect(run.metricResults[0]).toMatchObject({ successful: 15, count: 15 });
    expect(run.metricResults[0]?.measurements).toHaveLength(MEASUREMENT_HISTORY_LIMIT);
    expect(run.nextAt(14 * (SECOND + 1))).toBe(14 * (SECOND + 1) + SECOND + 1);
  });
});

describe('RolloutRecorder', () => {
  it('integrates the new version’s requests from its traffic weight, and notes its first exposure after the start', () => {
    const r = new RolloutRecorder('v2');
    const at = (t: number, w: number) =>
      fleet(t, { v1: { ready: 2 }, v2: { ready: 1 } }, { metrics: { rps: sample('rps', 1000, t) }, trafficWeights: { v1: 100 - w, v2: w } }).services.get(
        'web',
      )!;
    expect(r.observe(at(0, 10), 0)).toBe(false);
    r.started(MINUTE);
    expect(r.observe(at(MINUTE, 10), MINUTE)).toBe(true);
    expect(r.observe(at(2 * MINUTE, 50), 2 * MINUTE)).toBe(false);
    r.observe(at(3 * MINUTE, 0), 3 * MINUTE);
    // 10% of 1000 rps for two minutes, then 50% for one.
    expect(r.summary().new_version_requests).toBe(100 * 120 + 500 * 60);
  });

  it('reports null for what did not happen', () => {
    const r = new RolloutRecorder('v2');
    r.started(0);
    expect(r.summary()).toEqual({ rollout_completed: 0, rollout_aborted: 0, time_to_full_rollout_s: null, time_to_detect_s: null, new_version_requests: 0 });
  });
});

describe('judgeRollout', () => {
  const aborted = { rollout_completed: 0, rollout_aborted: 1, time_to_full_rollout_s: null, time_to_detect_s: 40, new_version_requests: 900 };
  const completed = { rollout_completed: 1, rollout_aborted: 0, time_to_full_rollout_s: 600, time_to_detect_s: null, new_version_requests: 50_000 };

  it('calls the rollback of a good version a false rollback', () => {
    expect(judgeRollout(aborted, false)).toEqual({ bad_version_exposure: 0, time_to_detect_s: null, false_rollback: 1, missed_bad_version: 0 });
  });

  it('counts a bad version’s requests as exposure, and its completion as a miss', () => {
    expect(judgeRollout(aborted, true)).toEqual({ bad_version_exposure: 900, time_to_detect_s: 40, false_rollback: 0, missed_bad_version: 0 });
    expect(judgeRollout(completed, true)).toMatchObject({ bad_version_exposure: 50_000, missed_bad_version: 1 });
  });
});

describe('rollout metrics from the event log', () => {
  const rows = [
    { time_s: 300, controller: 'canary', type: 'decision', action: 'rollout-started' },
    { time_s: 310, controller: 'other', type: 'decision', action: 'rollout-aborted' },
    { time_s: 340, controller: 'canary', type: 'decision', action: 'rollout-exposed' },
    { time_s: '435.5', controller: 'canary', type: 'decision', action: 'rollout-aborted', reason: 'analysis Failed' },
    { time_s: 500, controller: 'canary', type: 'decision', action: 'rollout-aborted', reason: 'again' },
  ];

  it('reads the first lifecycle row of each kind for one controller', () => {
    expect(lifecycleFromEvents(rows, 'canary')).toEqual({
      startedAt: 300 * SECOND,
      firstExposedAt: 340 * SECOND,
      abortedAt: 435.5 * SECOND,
      abortReason: 'analysis Failed',
    });
    expect(summaryFromEvents(rows, 'canary')).toMatchObject({ rollout_aborted: 1, time_to_detect_s: 95.5 });
  });
});

describe('requeueWithin', () => {
  it('wakes at the earliest future deadline, never later than the sync period nor sooner than one tick', () => {
    expect(requeueWithin(100, 50, [undefined, 130, 120])).toBe(20);
    expect(requeueWithin(100, 50, [90, 100])).toBe(50);
    expect(requeueWithin(100, 50, [500])).toBe(50);
  });
});
