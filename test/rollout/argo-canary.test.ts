import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  abortScaleDownDelay,
  approximateCanaryStableSplit,
  atDesiredCanaryReplicaCounts,
  basicCanaryReplicaCounts,
  beforeStartingStep,
  canaryMaxSurge,
  canaryMaxUnavailable,
  canaryTarget,
  currentCanaryStep,
  currentSetWeight,
  replicasForScaleDown,
  trafficRoutedCanaryReplicaCounts,
  trafficWeightToReplicas,
  type CanaryRollout,
  type CanaryStep,
  type IntOrPercent,
  type ReplicaSetState,
  type SetCanaryScaleStep,
  type TrafficWeights,
} from '../../lib/rollout/index.js';
import { SECOND } from '../../lib/time.js';

function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/rollout/${name}`, import.meta.url), 'utf8')) as T;
}

type Counts = [number, number] | [number, number, number];
type ScaleInput = Omit<SetCanaryScaleStep, 'kind'>;

interface CountsCase {
  test: string;
  case: string;
  replicas: number;
  setWeight: number;
  maxSurge?: IntOrPercent;
  maxUnavailable?: IntOrPercent;
  promoteFull?: boolean;
  abort?: boolean;
  stable: Counts | null;
  stableName?: string;
  canary: Counts;
  canaryName?: string;
  older?: Counts;
  setCanaryScale?: ScaleInput;
  trafficRouting?: boolean;
  abortScaleDownDelaySeconds?: number;
  minPodsPerReplicaSet?: number;
  currentHash?: string;
  stableHash?: string;
  weights?: TrafficWeights;
  expected: { canary: number; stable: number };
}

interface ReplicasFixture {
  calculateReplicaCounts: CountsCase[];
  dynamicStableScale: {
    test: string;
    case: string;
    replicas: number;
    setWeight: number;
    abort: boolean;
    weights: TrafficWeights;
    expected: { canary: number; stable: number };
  }[];
  trafficWeightToReplicas: { test: string; replicas: number; weight: number; expected: number }[];
  getReplicasForScaleDown: { test: string; case: string; rs: [number, number] | null; ignoreAvailability: boolean; expected: number }[];
  atDesiredReplicaCountsForCanary: (CountsCase & { expected: boolean })[];
}

interface SplitFixture {
  approximateWeightedCanaryStableReplicaCounts: { test: string; replicas: number; weight: number; maxSurge: number; expCanary: number; expStable: number }[];
}

interface StepsFixture {
  getCurrentCanaryStep: {
    test: string;
    case: string;
    steps: CanaryStep[];
    currentStepIndex: number | null;
    expectedStep: CanaryStep | null;
    expectedIndex: number | null;
  }[];
  getCurrentSetWeight: { test: string; case: string; steps: CanaryStep[]; currentStepIndex: number | null; abort: boolean; expected: number }[];
  beforeStartingStep: { test: string; case: string; steps: CanaryStep[]; startingStep: number | null; currentStepIndex: number | null; expected: boolean }[];
  getCanaryReplicasOrWeight: {
    test: string;
    case: string;
    steps: CanaryStep[];
    trafficRouting: boolean;
    promoteFull: boolean;
    abort: boolean;
    currentStepIndex: number | null;
    stableHash: string;
    currentHash: string;
    expected: { weight: number } | { replicas: number };
  }[];
}

const replicasFixture = fixture<ReplicasFixture>('argo-canary-replicas.json');
const splitFixture = fixture<SplitFixture>('argo-weighted-split.json');
const stepsFixture = fixture<StepsFixture>('argo-canary-steps.json');

function set(name: string, counts: Counts): ReplicaSetState {
  const [replicas, availableReplicas, currentReplicas] = counts;
  return currentReplicas === undefined ? { name, replicas, availableReplicas } : { name, replicas, availableReplicas, currentReplicas };
}

/**
 * Upstream's newRollout puts setWeight and setCanaryScale on one step. Argo's
 * validation forbids that outside tests; the same lookups see a setWeight step
 * followed by a setCanaryScale step, with the current index on the latter.
 */
function rolloutOf(c: CountsCase & { dynamicStableScale?: boolean }): CanaryRollout {
  const steps: CanaryStep[] = [{ kind: 'setWeight', weight: c.setWeight }];
  if (c.setCanaryScale !== undefined) steps.push({ kind: 'setCanaryScale', ...c.setCanaryScale });
  return {
    spec: {
      replicas: c.replicas,
      maxSurge: c.maxSurge ?? 0,
      maxUnavailable: c.maxUnavailable ?? 0,
      steps,
      trafficRouting: c.trafficRouting === true,
      ...(c.dynamicStableScale === undefined ? {} : { dynamicStableScale: c.dynamicStableScale }),
      ...(c.minPodsPerReplicaSet === undefined ? {} : { minPodsPerReplicaSet: c.minPodsPerReplicaSet }),
      ...(c.abortScaleDownDelaySeconds === undefined ? {} : { abortScaleDownDelaySeconds: c.abortScaleDownDelaySeconds }),
    },
    status: {
      currentStepIndex: steps.length - 1,
      abort: c.abort === true,
      promoteFull: c.promoteFull === true,
      stableHash: c.stableHash ?? 'stable',
      currentHash: c.currentHash ?? 'canary',
    },
  };
}

function stepsRollout(steps: CanaryStep[], currentStepIndex: number | null, extra: Partial<CanaryRollout['status']> = {}): CanaryRollout {
  return {
    spec: { replicas: 10, maxSurge: 0, maxUnavailable: 1, steps, trafficRouting: false },
    status: { stableHash: '', currentHash: '', ...(currentStepIndex === null ? {} : { currentStepIndex }), ...extra },
  };
}

describe('Argo canary replica counts (upstream vectors)', () => {
  it.each(replicasFixture.calculateReplicaCounts)('$test: $case', (c) => {
    const rollout = rolloutOf(c);
    const canary = set(c.canaryName ?? 'canary', c.canary);
    const stable = c.stable === null ? undefined : set(c.stableName ?? 'stable', c.stable);
    const others = c.older === undefined ? [] : [set('older', c.older)];
    const counts = c.trafficRouting === true ? trafficRoutedCanaryReplicaCounts(rollout) : basicCanaryReplicaCounts(rollout, canary, stable, others);
    expect(counts).toEqual(c.expected);
  });

  it.each(replicasFixture.dynamicStableScale)('$test: $case', (c) => {
    const rollout = rolloutOf({ ...c, maxSurge: 0, maxUnavailable: 1, trafficRouting: true, dynamicStableScale: true, canary: [0, 0], stable: null });
    expect(trafficRoutedCanaryReplicaCounts(rollout, c.weights)).toEqual(c.expected);
  });

  it.each(replicasFixture.trafficWeightToReplicas)('$test: weight $weight of $replicas needs $expected', (c) => {
    expect(trafficWeightToReplicas(c.replicas, c.weight)).toBe(c.expected);
  });

  it.each(replicasFixture.getReplicasForScaleDown)('$test: $case', (c) => {
    const rs = c.rs === null ? undefined : set('rs', c.rs);
    expect(replicasForScaleDown(rs, c.ignoreAvailability)).toBe(c.expected);
  });

  it.each(replicasFixture.atDesiredReplicaCountsForCanary)('$test: $case', (c) => {
    const rollout = rolloutOf({ ...c, currentHash: 'current' });
    const canary = set('newRS', c.canary);
    const stable = c.stable === null ? undefined : set('stableRS', c.stable);
    expect(atDesiredCanaryReplicaCounts(rollout, canary, stable, [], c.weights)).toBe(c.expected);
  });

  it.each(splitFixture.approximateWeightedCanaryStableReplicaCounts)(
    '$test: $replicas replicas at $weight% with surge $maxSurge split $expCanary/$expStable',
    (c) => {
      expect(approximateCanaryStableSplit(c.replicas, c.weight, c.maxSurge)).toEqual({ canary: c.expCanary, stable: c.expStable });
    },
  );
});

describe('Argo canary steps (upstream vectors)', () => {
  it.each(stepsFixture.getCurrentCanaryStep)('$test: $case', (c) => {
    const current = currentCanaryStep(stepsRollout(c.steps, c.currentStepIndex));
    expect(current.step ?? null).toEqual(c.expectedStep);
    expect(current.index ?? null).toBe(c.expectedIndex);
  });

  it.each(stepsFixture.getCurrentSetWeight)('$test: $case', (c) => {
    expect(currentSetWeight(stepsRollout(c.steps, c.currentStepIndex, { abort: c.abort }))).toBe(c.expected);
  });

  it.each(stepsFixture.beforeStartingStep)('$test: $case', (c) => {
    const base = stepsRollout(c.steps, c.currentStepIndex);
    const rollout = c.startingStep === null ? base : { ...base, spec: { ...base.spec, analysisStartingStep: c.startingStep } };
    expect(beforeStartingStep(rollout)).toBe(c.expected);
  });

  it.each(stepsFixture.getCanaryReplicasOrWeight)('$test: $case', (c) => {
    const base = stepsRollout(c.steps, c.currentStepIndex, {
      abort: c.abort,
      promoteFull: c.promoteFull,
      stableHash: c.stableHash,
      currentHash: c.currentHash,
    });
    const rollout = { ...base, spec: { ...base.spec, trafficRouting: c.trafficRouting } };
    expect(canaryTarget(rollout)).toEqual(c.expected);
  });
});

describe('Argo canary (behaviour)', () => {
  const steps: CanaryStep[] = [
    { kind: 'setWeight', weight: 20 },
    { kind: 'pause', duration: 60 * SECOND },
    { kind: 'setWeight', weight: 50 },
    { kind: 'analysis' },
    { kind: 'pause' },
  ];
  const at = (index: number, extra: Partial<CanaryRollout['status']> = {}): CanaryRollout => ({
    spec: { replicas: 10, steps, trafficRouting: false },
    status: { currentStepIndex: index, stableHash: 'stable', currentHash: 'canary', ...extra },
  });

  it('holds the weight of the last setWeight step through the pause and analysis steps after it', () => {
    expect([0, 1, 2, 3, 4].map((i) => currentSetWeight(at(i)))).toEqual([20, 20, 50, 50, 50]);
  });

  it('goes to 100% once every step has run, and to 0% on abort', () => {
    expect(currentSetWeight(at(steps.length))).toBe(100);
    expect(currentSetWeight(at(2, { abort: true }))).toBe(0);
  });

  it('reads Argo\'s bare "25" defaults as 25%: surge 3 and unavailable 2 of 10', () => {
    const spec = at(0).spec;
    expect([canaryMaxSurge(spec), canaryMaxUnavailable(spec)]).toEqual([3, 2]);
  });

  it('walks a basic canary to 20% and then back to 0% on abort without breaking maxSurge or maxUnavailable', () => {
    const spec = { replicas: 10, maxSurge: 1, maxUnavailable: 1, steps, trafficRouting: false };
    let canary: ReplicaSetState = { name: 'canary', replicas: 0, availableReplicas: 0 };
    let stable: ReplicaSetState = { name: 'stable', replicas: 10, availableReplicas: 10 };
    const settle = (rollout: CanaryRollout) => {
      for (let round = 0; round < 30; round++) {
        const next = basicCanaryReplicaCounts(rollout, canary, stable, []);
        expect(next.canary + next.stable).toBeLessThanOrEqual(11);
        expect(Math.min(next.canary, canary.availableReplicas) + Math.min(next.stable, stable.availableReplicas)).toBeGreaterThanOrEqual(9);
        canary = { ...canary, replicas: next.canary, availableReplicas: next.canary };
        stable = { ...stable, replicas: next.stable, availableReplicas: next.stable };
      }
    };
    settle({ spec, status: { currentStepIndex: 0, stableHash: 'stable', currentHash: 'canary' } });
    expect([canary.replicas, stable.replicas]).toEqual([2, 8]);
    settle({ spec, status: { currentStepIndex: 1, abort: true, stableHash: 'stable', currentHash: 'canary' } });
    expect([canary.replicas, stable.replicas]).toEqual([0, 10]);
  });

  it('lowering the weight trims unready canary pods rather than available stable ones, to stay at minAvailable', () => {
    // Hand-derived from adjustReplicaWithinLimits (no upstream vector covers its give-back step):
    // 4 replicas at 50%, surge 0, unavailable 1; the canary wants 3 but has none ready, stable has 3 ready.
    const rollout: CanaryRollout = {
      spec: { replicas: 4, maxSurge: 0, maxUnavailable: 1, steps: [{ kind: 'setWeight', weight: 50 }], trafficRouting: false },
      status: { currentStepIndex: 0, stableHash: 'stable', currentHash: 'canary' },
    };
    const canary = { name: 'canary', replicas: 3, availableReplicas: 0 };
    const stable = { name: 'stable', replicas: 3, availableReplicas: 3 };
    expect(basicCanaryReplicaCounts(rollout, canary, stable, [])).toEqual({ canary: 1, stable: 3 });
  });

  it('scales an aborted traffic-routed canary down after 30 s by default, never when the delay is 0, and at once without a router', () => {
    const spec = { steps, trafficRouting: true };
    expect(abortScaleDownDelay(spec)).toBe(30 * SECOND);
    expect(abortScaleDownDelay({ ...spec, abortScaleDownDelaySeconds: 0 })).toBeUndefined();
    expect(abortScaleDownDelay({ steps, trafficRouting: false })).toBe(0);
  });
});
