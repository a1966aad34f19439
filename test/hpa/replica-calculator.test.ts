import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MINUTE, SECOND, type Micros } from '../../lib/time.js';
import {
  averageValueTargetReplicas,
  calculateRequests,
  groupPods,
  podsMetricReplicas,
  resourceUtilizationReplicas,
  rawResourceReplicas,
  sumExternalSeries,
  symmetricTolerances,
  UPSTREAM_TEST_HPA_CONFIG,
  valueTargetReplicas,
  type ConditionStatus,
  type PodMetric,
  type PodPhase,
  type PodResourceSample,
  type PodSnapshot,
  type ReplicaCalcResult,
  type Tolerances,
} from '../../lib/hpa/index.js';

function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/hpa/${name}`, import.meta.url), 'utf8')) as T;
}

// Upstream's fake clients use time.Now() and the zero time; here "now" is a fixed instant
// far after the epoch, and the zero time is the epoch.
const NOW: Micros = 1_000_000 * SECOND;
const ZERO_TIME: Micros = 0;
const startTimes: Readonly<Record<string, Micros>> = { hot: NOW, cool: NOW - 3 * MINUTE, zero: ZERO_TIME };

interface CalcCase {
  test: string;
  kind: 'resource' | 'pods' | 'object' | 'objectPerPod' | 'external' | 'externalPerPod';
  currentReplicas: number;
  resource?: { name: string; requests: number[]; levels: number[][]; podNames?: string[]; targetUtilization: number };
  metric?: { name: string; levels: number[]; targetUsage?: number; perPodTargetUsage?: number };
  container?: string;
  tolerances?: Tolerances;
  podReadiness?: ConditionStatus[];
  podStartTime?: string[];
  podPhase?: PodPhase[];
  podDeletionTimestamp?: boolean[];
  expected: { replicas?: number; utilization?: number; rawValue?: number; usage?: number; error?: string };
}

/** Pods as replica_calculator_test.go's buildFakePod makes them: two containers, each requesting requests[i]. */
function buildPods(c: CalcCase): PodSnapshot[] {
  const count = Math.max(c.currentReplicas, c.podPhase?.length ?? 0);
  const pods: PodSnapshot[] = [];
  for (let i = 0; i < count; i++) {
    const startTime = startTimes[c.podStartTime?.[i] ?? 'zero'] ?? ZERO_TIME;
    const request = c.resource?.requests[i];
    const requests: Record<string, number> = request === undefined ? {} : { [c.resource?.name ?? 'cpu']: request };
    pods.push({
      name: `test-pod-${i}`,
      phase: c.podPhase?.[i] ?? 'Running',
      ready: { status: c.podReadiness?.[i] ?? 'True', lastTransitionTime: ZERO_TIME },
      startTime,
      deleting: c.podDeletionTimestamp?.[i] ?? false,
      containers: [
        { name: 'container1', requests },
        { name: 'container2', requests },
      ],
    });
  }
  return pods;
}

/** Resource samples as the fake metrics client returns them: two container slots, unfilled ones nameless. */
function buildSamples(c: CalcCase): PodResourceSample[] {
  const r = c.resource;
  if (r === undefined) return [];
  return r.levels.map((levels, i) => ({
    podName: r.podNames?.[i] ?? `test-pod-${i}`,
    timestamp: ZERO_TIME,
    window: MINUTE,
    containers: [0, 1].map((j) => {
      const usage = levels[j];
      return usage === undefined ? { name: '' } : { name: `container${j + 1}`, usage };
    }),
  }));
}

function run(c: CalcCase): ReplicaCalcResult {
  const tolerances = c.tolerances ?? symmetricTolerances(0.1);
  const pods = buildPods(c);
  const timing = UPSTREAM_TEST_HPA_CONFIG;
  const m = c.metric;
  switch (c.kind) {
    case 'resource': {
      const r = c.resource;
      if (r === undefined) throw new Error(`${c.test}: no resource`);
      return resourceUtilizationReplicas({
        currentReplicas: c.currentReplicas,
        targetUtilization: r.targetUtilization,
        resource: r.name,
        ...(c.container !== undefined ? { container: c.container } : {}),
        tolerances,
        pods,
        samples: buildSamples(c),
        timing,
        now: NOW,
      });
    }
    case 'pods':
      return podsMetricReplicas({
        currentReplicas: c.currentReplicas,
        targetAverage: m?.targetUsage ?? NaN,
        metricName: m?.name ?? '',
        tolerances,
        pods,
        samples: (m?.levels ?? []).map((value, i) => ({ podName: `test-pod-${i}`, value, timestamp: ZERO_TIME })),
        timing,
        now: NOW,
      });
    case 'object':
      return valueTargetReplicas({ currentReplicas: c.currentReplicas, usage: m?.levels[0] ?? NaN, target: m?.targetUsage ?? NaN, tolerances, pods });
    case 'objectPerPod':
      return averageValueTargetReplicas({
        statusReplicas: c.currentReplicas,
        usage: m?.levels[0] ?? NaN,
        targetPerPod: m?.perPodTargetUsage ?? NaN,
        tolerances,
      });
    case 'external':
      return valueTargetReplicas({
        currentReplicas: c.currentReplicas,
        usage: sumExternalSeries(m?.levels ?? []),
        target: m?.targetUsage ?? NaN,
        tolerances,
        pods,
      });
    case 'externalPerPod':
      return averageValueTargetReplicas({
        statusReplicas: c.currentReplicas,
        usage: sumExternalSeries(m?.levels ?? []),
        targetPerPod: m?.perPodTargetUsage ?? NaN,
        tolerances,
      });
  }
}

describe('replica calculation replays replica_calculator_test.go', () => {
  const { cases } = fixture<{ cases: CalcCase[] }>('replica-calculator.json');
  it('has the transcribed vectors', () => {
    expect(cases.length).toBeGreaterThanOrEqual(70);
  });
  it.each(cases.map((c) => [c.test, c] as const))('%s', (_name, c) => {
    const got = run(c);
    if (c.expected.error !== undefined) {
      expect(got.ok).toBe(false);
      if (!got.ok) expect(got.error).toContain(c.expected.error);
      return;
    }
    if (!got.ok) throw new Error(`${c.test}: unexpected error ${got.error}`);
    expect(got.replicas).toBe(c.expected.replicas);
    if (c.kind === 'resource') {
      expect(got.usage).toBe(c.expected.utilization);
      expect(got.rawAverage).toBe(c.expected.rawValue);
    } else {
      expect(got.usage).toBe(c.expected.usage);
    }
  });
});

interface GroupCase {
  test: string;
  resource: string;
  pods: { name: string; phase: PodPhase; startTimeAgo?: number; ready?: { status: ConditionStatus; lastTransitionAgo: number }; deleting?: boolean }[];
  metrics: Record<string, { timestampAgo?: number; windowSeconds?: number }>;
  expected: { readyCount: number; unready: string[]; missing: string[]; ignored: string[] };
}

describe('pod grouping replays TestGroupPods', () => {
  const { cases } = fixture<{ cases: GroupCase[] }>('group-pods.json');
  it.each(cases.map((c) => [c.test, c] as const))('%s', (_name, c) => {
    const ago = (s: number): Micros => NOW - s * SECOND;
    const pods: PodSnapshot[] = c.pods.map((p) => ({
      name: p.name,
      phase: p.phase,
      ...(p.startTimeAgo !== undefined ? { startTime: ago(p.startTimeAgo) } : {}),
      ...(p.ready !== undefined ? { ready: { status: p.ready.status, lastTransitionTime: ago(p.ready.lastTransitionAgo) } } : {}),
      deleting: p.deleting ?? false,
      containers: [],
    }));
    const metrics = new Map<string, PodMetric>(
      Object.entries(c.metrics).map(([name, m]) => [
        name,
        { value: 1, timestamp: m.timestampAgo === undefined ? ZERO_TIME : ago(m.timestampAgo), window: (m.windowSeconds ?? 0) * SECOND },
      ]),
    );
    const got = groupPods({ pods, metrics, resource: c.resource, timing: UPSTREAM_TEST_HPA_CONFIG, now: NOW });
    expect(got.readyCount).toBe(c.expected.readyCount);
    expect([...got.unready].sort()).toEqual([...c.expected.unready].sort());
    expect([...got.missing].sort()).toEqual([...c.expected.missing].sort());
    expect([...got.ignored].sort()).toEqual([...c.expected.ignored].sort());
  });
});

interface RequestsCase {
  test: string;
  pods: Omit<PodSnapshot, 'phase' | 'deleting'>[];
  container?: string;
  resource: string;
  expected: { requests?: Record<string, number>; error?: string };
}

describe('request calculation replays TestCalculateRequests', () => {
  const { cases } = fixture<{ cases: RequestsCase[] }>('calculate-requests.json');
  it.each(cases.map((c) => [c.test, c] as const))('%s', (_name, c) => {
    const pods: PodSnapshot[] = c.pods.map((p) => ({ ...p, phase: 'Running', deleting: false }));
    const got = calculateRequests({ pods, ...(c.container !== undefined ? { container: c.container } : {}), resource: c.resource });
    if (c.expected.error !== undefined) {
      expect(got).toEqual({ ok: false, error: c.expected.error });
      return;
    }
    if (!got.ok) throw new Error(got.error);
    expect(Object.fromEntries(got.requests)).toEqual(c.expected.requests);
  });
});

describe('replica calculation beyond the upstream vectors', () => {
  const pod = (name: string, cpu: number): PodSnapshot => ({
    name,
    phase: 'Running',
    ready: { status: 'True', lastTransitionTime: ZERO_TIME },
    startTime: ZERO_TIME,
    deleting: false,
    containers: [{ name: 'app', requests: { cpu, memory: cpu } }],
  });
  const sample = (podName: string, usage: number): PodResourceSample => ({ podName, timestamp: NOW, window: MINUTE, containers: [{ name: 'app', usage }] });

  it('does not mutate the pods or samples it is given', () => {
    const pods = Object.freeze([Object.freeze(pod('a', 1000)), Object.freeze(pod('b', 1000))]);
    const samples = Object.freeze([Object.freeze(sample('a', 900))]);
    const got = rawResourceReplicas({
      currentReplicas: 2,
      targetAverage: 300,
      resource: 'cpu',
      tolerances: symmetricTolerances(0.1),
      pods,
      samples,
      timing: UPSTREAM_TEST_HPA_CONFIG,
      now: NOW,
    });
    expect(got).toMatchObject({ ok: true, reason: 'ProportionalAfterFill' });
  });

  it('counts a missing pod at the utilization target when the target is above 100% on a scale-down', () => {
    // 200% target; one pod at 10%, one missing: the missing pod is assumed at 200%, so the
    // recomputed ratio (210/2 / 200 = 0.525) still scales down, to ceil(0.525 x 2) = 2.
    const got = resourceUtilizationReplicas({
      currentReplicas: 3,
      targetUtilization: 200,
      resource: 'memory',
      tolerances: symmetricTolerances(0.1),
      pods: [pod('a', 1000), pod('b', 1000)],
      samples: [sample('a', 100)],
      timing: UPSTREAM_TEST_HPA_CONFIG,
      now: NOW,
    });
    expect(got).toMatchObject({ ok: true, replicas: 2, usage: 10, reason: 'ProportionalAfterFill' });
  });

  it('proposes zero replicas for a Value target when every pod is unready, as upstream does', () => {
    const unready: PodSnapshot = { ...pod('a', 1000), ready: { status: 'False', lastTransitionTime: ZERO_TIME } };
    const got = valueTargetReplicas({ currentReplicas: 1, usage: 5000, target: 1000, tolerances: symmetricTolerances(0.1), pods: [unready] });
    expect(got).toMatchObject({ ok: true, replicas: 0 });
  });

  it('reports why the count did not change when filling in would reverse the direction', () => {
    const got = podsMetricReplicas({
      currentReplicas: 2,
      targetAverage: 17000,
      metricName: 'qps',
      tolerances: symmetricTolerances(0.1),
      pods: [pod('a', 1), pod('b', 1), pod('c', 1)],
      samples: [
        { podName: 'a', value: 10000, timestamp: NOW },
        { podName: 'b', value: 10000, timestamp: NOW },
      ],
      timing: UPSTREAM_TEST_HPA_CONFIG,
      now: NOW,
    });
    expect(got).toMatchObject({ ok: true, replicas: 2, reason: 'DirectionFlipByCount' });
  });
});
