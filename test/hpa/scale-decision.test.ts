import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MINUTE, SECOND, type Micros } from '../../lib/time.js';
import {
  decideScale,
  EMPTY_HPA_HISTORY,
  objectMetricKey,
  PRODUCTION_HPA_CONFIG,
  UPSTREAM_TEST_HPA_CONFIG,
  type ConditionStatus,
  type HpaHistory,
  type MetricSpec,
  type MetricsObservation,
  type PodPhase,
  type PodSnapshot,
  type ScalingRules,
} from '../../lib/hpa/index.js';

function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/hpa/${name}`, import.meta.url), 'utf8')) as T;
}

const NOW: Micros = 1_000_000 * SECOND;
const startTimes: Readonly<Record<string, Micros>> = { hot: NOW, cool: NOW - 3 * MINUTE, zero: 0 };

interface ReconcileCase {
  test: string;
  minReplicas: number;
  maxReplicas: number;
  specReplicas: number;
  statusReplicas: number;
  CPUTarget?: number;
  metricsTarget?: MetricSpec[];
  scaleUpRules?: ScalingRules;
  scaleDownRules?: ScalingRules;
  reportedLevels: number[];
  reportedCPURequests?: number[];
  reportedPodReadiness?: ConditionStatus[];
  reportedPodStartTime?: string[];
  reportedPodPhase?: PodPhase[];
  reportedPodDeletionTimestamp?: boolean[];
  recommendations?: { recommendation: number; ageSeconds: number }[] | null;
  failingSources?: string[];
  expected: { desiredReplicas: number; conditions: [string, boolean, string][] };
}

/** Builds what horizontal_test.go's fake clients would return for one testCase. */
function observe(c: ReconcileCase): MetricsObservation {
  const count = c.reportedCPURequests !== undefined ? c.reportedCPURequests.length : c.statusReplicas;
  const pods: PodSnapshot[] = [];
  for (let i = 0; i < count; i++) {
    const start = startTimes[c.reportedPodStartTime?.[i] ?? 'zero'] ?? 0;
    const half = Math.trunc((c.reportedCPURequests?.[i] ?? 1000) / 2);
    pods.push({
      name: `test-pod-${i}`,
      phase: c.reportedPodPhase?.[i] ?? 'Running',
      ready: { status: c.reportedPodReadiness?.[i] ?? 'True', lastTransitionTime: start },
      startTime: start,
      deleting: c.reportedPodDeletionTimestamp?.[i] ?? false,
      containers: [
        { name: 'container1', requests: { cpu: half } },
        { name: 'container2', requests: { cpu: half } },
      ],
    });
  }
  const failing = new Set(c.failingSources ?? []);
  const levels = c.reportedLevels;
  const objectMetrics: Record<string, number> = {};
  const first = levels[0];
  for (const m of c.metricsTarget ?? []) {
    if (m.type === 'Object' && first !== undefined) objectMetrics[objectMetricKey(m.describedObject, m.metricName)] = first;
  }
  return {
    pods,
    ...(failing.has('Resource')
      ? {}
      : {
          resourceMetrics: {
            cpu: levels.map((level, i) => ({
              podName: `test-pod-${i}`,
              timestamp: NOW,
              window: MINUTE,
              containers: [
                { name: 'container1', usage: Math.trunc(level / 2) },
                { name: 'container2', usage: Math.trunc(level / 2) },
              ],
            })),
          },
        }),
    ...(failing.has('Pods') ? {} : { podsMetrics: { qps: levels.map((value, i) => ({ podName: `test-pod-${i}`, value, timestamp: NOW })) } }),
    ...(failing.has('Object') ? {} : { objectMetrics }),
    ...(failing.has('External') ? {} : { externalMetrics: { qps: levels } }),
  };
}

function metricsOf(c: ReconcileCase): MetricSpec[] {
  const out: MetricSpec[] = [];
  if ((c.CPUTarget ?? 0) > 0) out.push({ type: 'Resource', resource: 'cpu', target: { type: 'Utilization', averageUtilization: c.CPUTarget ?? 0 } });
  out.push(...(c.metricsTarget ?? []));
  return out;
}

function historyOf(c: ReconcileCase): HpaHistory {
  if (c.recommendations === undefined || c.recommendations === null) return EMPTY_HPA_HISTORY;
  return {
    ...EMPTY_HPA_HISTORY,
    recommendations: c.recommendations.map((r) => ({ recommendation: r.recommendation, timestamp: NOW - r.ageSeconds * SECOND })),
  };
}

describe('one reconcile step replays horizontal_test.go controller cases', () => {
  const { cases } = fixture<{ cases: ReconcileCase[] }>('reconcile.json');
  it('has the transcribed vectors', () => expect(cases.length).toBeGreaterThanOrEqual(70));
  it.each(cases.map((c) => [c.test, c] as const))('%s', (_name, c) => {
    const behavior =
      c.scaleUpRules !== undefined || c.scaleDownRules !== undefined
        ? { ...(c.scaleUpRules !== undefined ? { scaleUp: c.scaleUpRules } : {}), ...(c.scaleDownRules !== undefined ? { scaleDown: c.scaleDownRules } : {}) }
        : undefined;
    const got = decideScale({
      spec: { minReplicas: c.minReplicas, maxReplicas: c.maxReplicas, metrics: metricsOf(c), ...(behavior !== undefined ? { behavior } : {}) },
      specReplicas: c.specReplicas,
      statusReplicas: c.statusReplicas,
      observation: observe(c),
      history: historyOf(c),
      config: UPSTREAM_TEST_HPA_CONFIG,
      now: NOW,
    });
    expect(got.desiredReplicas).toBe(c.expected.desiredReplicas);
    expect(got.rescale).toBe(c.expected.desiredReplicas !== c.specReplicas);
    expect(got.conditions.map((k) => [k.type, k.status, k.reason])).toEqual(c.expected.conditions);
  });
});

describe('one reconcile step, behaviour beyond the upstream vectors', () => {
  const pods = (n: number): PodSnapshot[] =>
    Array.from({ length: n }, (_, i) => ({
      name: `p${i}`,
      phase: 'Running' as const,
      ready: { status: 'True' as const, lastTransitionTime: 0 },
      startTime: 0,
      deleting: false,
      containers: [{ name: 'app', requests: { cpu: 1000 } }],
    }));
  const cpuAt = (n: number, usage: number): MetricsObservation => ({
    pods: pods(n),
    resourceMetrics: { cpu: pods(n).map((p) => ({ podName: p.name, timestamp: NOW, window: MINUTE, containers: [{ name: 'app', usage }] })) },
  });
  const spec = {
    minReplicas: 1,
    maxReplicas: 100,
    metrics: [{ type: 'Resource', resource: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } }] as MetricSpec[],
  };

  it('never scales down on the first sync, because the current size seeds the window', () => {
    const got = decideScale({
      spec,
      specReplicas: 10,
      statusReplicas: 10,
      observation: cpuAt(10, 100),
      history: EMPTY_HPA_HISTORY,
      config: PRODUCTION_HPA_CONFIG,
      now: NOW,
    });
    expect(got).toMatchObject({ desiredReplicas: 10, rescale: false, path: 'Normalized', metricDesiredReplicas: 2 });
    expect(got.history.recommendations).toEqual([
      { recommendation: 10, timestamp: NOW },
      { recommendation: 2, timestamp: NOW },
    ]);
  });

  it('scales down once the window has passed, and logs why', () => {
    const first = decideScale({
      spec,
      specReplicas: 10,
      statusReplicas: 10,
      observation: cpuAt(10, 100),
      history: EMPTY_HPA_HISTORY,
      config: PRODUCTION_HPA_CONFIG,
      now: NOW,
    });
    const later = NOW + 5 * MINUTE + SECOND;
    const got = decideScale({
      spec,
      specReplicas: 10,
      statusReplicas: 10,
      observation: cpuAt(10, 100),
      history: first.history,
      config: PRODUCTION_HPA_CONFIG,
      now: later,
    });
    expect(got).toMatchObject({ desiredReplicas: 2, rescale: true, rescaleReason: 'All metrics below target' });
  });

  it('records scale events only for HPAs with behavior', () => {
    const withBehavior = { ...spec, behavior: {} };
    const got = decideScale({
      spec: withBehavior,
      specReplicas: 2,
      statusReplicas: 2,
      observation: cpuAt(2, 1000),
      history: EMPTY_HPA_HISTORY,
      config: PRODUCTION_HPA_CONFIG,
      now: NOW,
    });
    expect(got).toMatchObject({ desiredReplicas: 4, rescale: true, rescaleReason: 'cpu resource utilization (percentage of request) above target' });
    expect(got.history.scaleUpEvents).toEqual([{ replicaChange: 2, timestamp: NOW, outdated: false }]);
    const legacy = decideScale({
      spec,
      specReplicas: 2,
      statusReplicas: 2,
      observation: cpuAt(2, 1000),
      history: EMPTY_HPA_HISTORY,
      config: PRODUCTION_HPA_CONFIG,
      now: NOW,
    });
    expect(legacy.history.scaleUpEvents).toEqual([]);
  });

  it('uses a per-HPA scale-up tolerance from behavior over the controller default', () => {
    // 54% against a 50% target is a ratio of 1.08: inside the 10% default, outside a 5% tolerance.
    const base = { specReplicas: 10, statusReplicas: 10, observation: cpuAt(10, 540), history: EMPTY_HPA_HISTORY, config: PRODUCTION_HPA_CONFIG, now: NOW };
    expect(decideScale({ ...base, spec }).desiredReplicas).toBe(10);
    expect(decideScale({ ...base, spec: { ...spec, behavior: { scaleUp: { tolerance: 0.05 } } } }).desiredReplicas).toBe(11);
  });

  it('leaves its input history untouched', () => {
    const history: HpaHistory = Object.freeze({
      recommendations: Object.freeze([{ recommendation: 3, timestamp: NOW - MINUTE }]),
      scaleUpEvents: Object.freeze([]),
      scaleDownEvents: Object.freeze([]),
    });
    const got = decideScale({
      spec: { ...spec, behavior: {} },
      specReplicas: 3,
      statusReplicas: 3,
      observation: cpuAt(3, 1000),
      history,
      config: PRODUCTION_HPA_CONFIG,
      now: NOW,
    });
    expect(history.recommendations).toHaveLength(1);
    expect(got.history.recommendations).toHaveLength(2);
  });
});
