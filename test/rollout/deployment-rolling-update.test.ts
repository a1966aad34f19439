import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  applyDeploymentDefaults,
  cleanupUnhealthyReplicas,
  deploymentComplete,
  deploymentMaxSurge,
  deploymentMaxUnavailable,
  deploymentMinAvailable,
  deploymentProgressing,
  deploymentTimedOut,
  newReplicaSetReplicas,
  reconcileNewReplicaSet,
  reconcileOldReplicaSets,
  replicaSetFraction,
  replicaSetProportion,
  resolveFenceposts,
  RolloutSpecError,
  scaleDownOldReplicaSets,
  StaleReplicaSetError,
  type DeploymentSpec,
  type DeploymentStrategyType,
  type IntOrPercent,
  type ReplicaSetState,
  type ScaleAction,
} from '../../lib/rollout/index.js';
import { SECOND } from '../../lib/time.js';

function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/rollout/${name}`, import.meta.url), 'utf8')) as T;
}

interface Upstream {
  readonly test: string;
  readonly case: string;
}

interface UtilFixture {
  resolveFenceposts: (Upstream & {
    maxSurge: string | null;
    maxUnavailable: string | null;
    desired: number;
    expectSurge?: number;
    expectUnavailable?: number;
    expectError: boolean;
  })[];
  maxUnavailable: (Upstream & DeploymentCase)[];
  minAvailable: (Upstream & DeploymentCase)[];
  newRSNewReplicas: (Upstream & {
    strategy: DeploymentStrategyType;
    depReplicas: number;
    newRSReplicas: number;
    maxSurge: number;
    maxUnavailable: number;
    otherRSReplicas: number[];
    expected: number;
  })[];
  deploymentComplete: (Upstream & { desired: number; current: number; updated: number; available: number; expected: boolean })[];
  deploymentProgressing: (Upstream & { before: number[]; after: number[]; expected: boolean })[];
  deploymentTimedOut: (Upstream & { progressDeadlineSeconds: number | null; reason: string; fromSeconds: number; nowSeconds: number; expected: boolean })[];
  getReplicaSetFraction: (Upstream & {
    deploymentReplicas: number;
    deploymentStatusReplicas: number;
    deploymentMaxSurge: number;
    maxUnavailable: number;
    rsReplicas: number;
    maxReplicasAnnotation: number | null;
    expectedFraction: number;
  })[];
}

interface DeploymentCase {
  strategy: DeploymentStrategyType;
  replicas: number | null;
  maxSurge?: IntOrPercent;
  maxUnavailable?: IntOrPercent;
  expected: number;
}

interface RollingFixture {
  reconcileNewReplicaSet: (Upstream & {
    deploymentReplicas: number;
    maxSurge: number;
    maxUnavailable: number;
    oldReplicas: number;
    newReplicas: number;
    scaleExpected: boolean;
    expectedNewReplicas?: number;
  })[];
  reconcileOldReplicaSets: (Upstream & {
    deploymentReplicas: number;
    maxSurge: number;
    maxUnavailable: number;
    oldReplicas: number;
    newReplicas: number;
    readyPodsFromOldRS: number;
    readyPodsFromNewRS: number;
    scaleExpected: boolean;
    expectedOldReplicas?: number;
  })[];
  cleanupUnhealthyReplicas: (Upstream & { oldReplicas: number; readyPods: number; maxCleanupCount: number; cleanupCountExpected: number })[];
  scaleDownOldReplicaSetsForRollingUpdate: (Upstream & {
    deploymentReplicas: number;
    maxSurge: number;
    maxUnavailable: number;
    readyPods: number;
    oldReplicas: number;
    scaleExpected: boolean;
    expectedOldReplicas?: number;
  })[];
}

const util = fixture<UtilFixture>('k8s-deployment-util.json');
const rolling = fixture<RollingFixture>('k8s-rolling.json');

function deploymentOf(c: DeploymentCase): DeploymentSpec {
  return {
    replicas: c.replicas ?? 1,
    strategy: c.strategy,
    ...(c.maxSurge === undefined ? {} : { maxSurge: c.maxSurge }),
    ...(c.maxUnavailable === undefined ? {} : { maxUnavailable: c.maxUnavailable }),
  };
}

function rollingDeployment(replicas: number, maxSurge: IntOrPercent, maxUnavailable: IntOrPercent): DeploymentSpec {
  return { replicas, strategy: 'RollingUpdate', maxSurge, maxUnavailable };
}

function rs(name: string, replicas: number, availableReplicas = 0, createdAt = 0): ReplicaSetState {
  return { name, replicas, availableReplicas, createdAt };
}

/** Replays actions on a starting count, failing if an action names another set or does not chain. */
function finalReplicas(name: string, start: number, actions: readonly ScaleAction[]): number {
  let replicas = start;
  for (const a of actions.filter((x) => x.replicaSet === name)) {
    expect(a.from).toBe(replicas);
    replicas = a.to;
  }
  return replicas;
}

describe('Kubernetes rolling-update fenceposts (upstream vectors)', () => {
  it.each(util.resolveFenceposts)('$test #$case resolves $maxSurge/$maxUnavailable of $desired', (c) => {
    const resolve = () => resolveFenceposts(c.maxSurge ?? undefined, c.maxUnavailable ?? undefined, c.desired);
    if (c.expectError) {
      expect(resolve).toThrow(RolloutSpecError);
    } else {
      expect(resolve()).toEqual({ maxSurge: c.expectSurge, maxUnavailable: c.expectUnavailable });
    }
  });

  it.each(util.maxUnavailable)('$test: $case', (c) => {
    expect(deploymentMaxUnavailable(deploymentOf(c))).toBe(c.expected);
  });

  it.each(util.minAvailable)('$test: $case', (c) => {
    expect(deploymentMinAvailable(deploymentOf(c))).toBe(c.expected);
  });

  it.each(util.newRSNewReplicas)('$test: $case', (c) => {
    const deployment: DeploymentSpec = { replicas: c.depReplicas, strategy: c.strategy, maxSurge: c.maxSurge, maxUnavailable: c.maxUnavailable };
    const others = c.otherRSReplicas.map((n, i) => rs(`rs${i}`, n));
    expect(newReplicaSetReplicas(deployment, others, rs('new', c.newRSReplicas))).toBe(c.expected);
  });
});

describe('Kubernetes rolling-update fenceposts (behaviour)', () => {
  it('rounds surge up and unavailability down, so 25%/25% of 10 replicas is 3 up and 2 down', () => {
    expect(resolveFenceposts('25%', '25%', 10)).toEqual({ maxSurge: 3, maxUnavailable: 2 });
  });

  it('defaults an unconfigured Deployment to one replica rolling at 25%/25%', () => {
    const d = applyDeploymentDefaults({});
    expect(d).toEqual({ replicas: 1, strategy: 'RollingUpdate', maxSurge: '25%', maxUnavailable: '25%' });
    expect(deploymentMaxSurge(d)).toBe(1);
    expect(deploymentMaxUnavailable(d)).toBe(0);
  });

  it('rejects a bare "25" that Kubernetes does not read as a percentage, naming the field', () => {
    expect(() => resolveFenceposts('25', 0, 10)).toThrow(/maxSurge must be .*got "25" \(string\)/);
  });

  it('reads a bare "25" as 25% when asked for lenient (Argo) parsing', () => {
    expect(resolveFenceposts('25', '25', 10, 'lenient')).toEqual({ maxSurge: 3, maxUnavailable: 2 });
  });

  it('gives a Recreate Deployment no surge at all', () => {
    expect(deploymentMaxSurge({ replicas: 10, strategy: 'Recreate' })).toBe(0);
  });
});

describe('Kubernetes rolling-update steps (upstream vectors)', () => {
  it.each(rolling.reconcileNewReplicaSet)('$test #$case', (c) => {
    const deployment = rollingDeployment(c.deploymentReplicas, c.maxSurge, c.maxUnavailable);
    const newSet = rs('foo-new', c.newReplicas);
    const action = reconcileNewReplicaSet(deployment, [newSet, rs('foo-old', c.oldReplicas)], newSet);
    if (!c.scaleExpected) {
      expect(action).toBeUndefined();
    } else {
      expect(action).toEqual({ kind: 'scale', replicaSet: 'foo-new', from: c.newReplicas, to: c.expectedNewReplicas });
    }
  });

  it.each(rolling.reconcileOldReplicaSets)('$test #$case', (c) => {
    const deployment = rollingDeployment(c.deploymentReplicas, c.maxSurge, c.maxUnavailable);
    const newSet = rs('foo-new', c.newReplicas, c.readyPodsFromNewRS);
    const oldSet = rs('foo-old', c.oldReplicas, c.readyPodsFromOldRS);
    const result = reconcileOldReplicaSets(deployment, [oldSet, newSet], [oldSet], newSet);
    expect(result.scaledDown > 0).toBe(c.scaleExpected);
    expect(result.actions.every((a) => a.replicaSet === 'foo-old')).toBe(true);
    if (c.expectedOldReplicas !== undefined) expect(finalReplicas('foo-old', c.oldReplicas, result.actions)).toBe(c.expectedOldReplicas);
    if (!c.scaleExpected) expect(result.actions).toEqual([]);
  });

  it.each(rolling.cleanupUnhealthyReplicas)('$test #$case', (c) => {
    const result = cleanupUnhealthyReplicas([rs('foo-v2', c.oldReplicas, c.readyPods)], c.maxCleanupCount);
    expect(result.scaledDown).toBe(c.cleanupCountExpected);
    expect(finalReplicas('foo-v2', c.oldReplicas, result.actions)).toBe(c.oldReplicas - c.cleanupCountExpected);
  });

  it.each(rolling.scaleDownOldReplicaSetsForRollingUpdate)('$test #$case', (c) => {
    const deployment = rollingDeployment(c.deploymentReplicas, c.maxSurge, c.maxUnavailable);
    const oldSet = rs('foo-v2', c.oldReplicas, c.readyPods);
    const result = scaleDownOldReplicaSets(deployment, [oldSet], [oldSet]);
    if (!c.scaleExpected) {
      expect(result.scaledDown).toBe(0);
    } else {
      expect(result.actions).toEqual([{ kind: 'scale', replicaSet: 'foo-v2', from: c.oldReplicas, to: c.expectedOldReplicas }]);
    }
  });
});

describe('Kubernetes rolling-update steps (behaviour)', () => {
  const deployment = rollingDeployment(10, 3, 2);

  it('scales the oldest old ReplicaSet down first, breaking creation-time ties by name', () => {
    const older = rs('b-older', 4, 4, 1);
    const tieA = rs('a-tie', 3, 3, 5);
    const tieC = rs('c-tie', 3, 3, 5);
    const newSet = rs('new', 3, 3, 9);
    const result = scaleDownOldReplicaSets(deployment, [tieC, older, tieA, newSet], [tieC, older, tieA]);
    // 13 available, minAvailable 8: five go, four from the oldest, one from a-tie.
    expect(result.actions).toEqual([
      { kind: 'scale', replicaSet: 'b-older', from: 4, to: 0 },
      { kind: 'scale', replicaSet: 'a-tie', from: 3, to: 2 },
    ]);
  });

  it('does not drain old pods while the new ReplicaSet crash-loops (the case 1 example in rolling.go)', () => {
    const newSet = rs('new', 5, 0);
    const oldSet = rs('old', 8, 7);
    const result = reconcileOldReplicaSets(deployment, [oldSet, newSet], [oldSet], newSet);
    expect(result.actions).toEqual([]);
  });

  it('walks a 10-replica Deployment from old to new without leaving [8, 13] pods', () => {
    let oldSet = rs('old', 10, 10, 0);
    let newSet = rs('new', 0, 0, 1);
    for (let round = 0; round < 20 && (oldSet.replicas > 0 || newSet.availableReplicas < 10); round++) {
      const up = reconcileNewReplicaSet(deployment, [oldSet, newSet], newSet);
      if (up) newSet = { ...newSet, replicas: up.to };
      const down = reconcileOldReplicaSets(deployment, [oldSet, newSet], [oldSet], newSet);
      oldSet = { ...oldSet, replicas: finalReplicas('old', oldSet.replicas, down.actions) };
      // Pods settle: the ReplicaSet controllers make every wanted pod available.
      oldSet = { ...oldSet, availableReplicas: oldSet.replicas };
      newSet = { ...newSet, availableReplicas: newSet.replicas };
      const total = oldSet.replicas + newSet.replicas;
      expect(total).toBeLessThanOrEqual(13);
      expect(oldSet.availableReplicas + newSet.availableReplicas).toBeGreaterThanOrEqual(8);
    }
    expect([oldSet.replicas, newSet.replicas]).toEqual([0, 10]);
  });

  it('refuses to act on an old ReplicaSet whose status is ahead of its spec, as a transient error', () => {
    expect(() => cleanupUnhealthyReplicas([rs('old', 2, 3)], 5)).toThrow(StaleReplicaSetError);
  });
});

describe('Kubernetes Deployment progress (upstream vectors)', () => {
  it.each(util.deploymentComplete)('$test: $case', (c) => {
    const status = { replicas: c.current, updatedReplicas: c.updated, availableReplicas: c.available };
    expect(deploymentComplete(c.desired, 0, status)).toBe(c.expected);
  });

  it.each(util.deploymentProgressing)('$test: $case', (c) => {
    const counts = ([replicas, updatedReplicas, readyReplicas, availableReplicas]: number[]) => ({
      replicas: replicas!,
      updatedReplicas: updatedReplicas!,
      readyReplicas: readyReplicas!,
      availableReplicas: availableReplicas!,
    });
    expect(deploymentProgressing(counts(c.before), counts(c.after))).toBe(c.expected);
  });

  it.each(util.deploymentTimedOut)('$test: $case', (c) => {
    const condition = { reason: c.reason, lastUpdateTime: c.fromSeconds * SECOND };
    expect(deploymentTimedOut(c.progressDeadlineSeconds ?? undefined, condition, c.nowSeconds * SECOND)).toBe(c.expected);
  });

  it('times out only strictly after the deadline, to the microsecond', () => {
    const condition = { reason: 'ReplicaSetUpdated', lastUpdateTime: 0 };
    expect(deploymentTimedOut(10, condition, 10 * SECOND)).toBe(false);
    expect(deploymentTimedOut(10, condition, 10 * SECOND + 1)).toBe(true);
  });
});

describe('Kubernetes proportional scaling (upstream vectors)', () => {
  it.each(util.getReplicaSetFraction)('$test: $case', (c) => {
    const deployment = rollingDeployment(c.deploymentReplicas, c.deploymentMaxSurge, c.maxUnavailable);
    const set = c.maxReplicasAnnotation === null ? { replicas: c.rsReplicas } : { replicas: c.rsReplicas, maxReplicasAnnotation: c.maxReplicasAnnotation };
    expect(replicaSetFraction(set, deployment, c.deploymentStatusReplicas)).toBe(c.expectedFraction);
  });

  it('splits a mid-rollout resize from 10 to 15 as 3 and 2 between sets of 6 and 4, never past what is left', () => {
    const deployment = rollingDeployment(15, 0, 1);
    const big = { replicas: 6, maxReplicasAnnotation: 10 };
    const small = { replicas: 4, maxReplicasAnnotation: 10 };
    const first = replicaSetProportion(big, deployment, 10, 5, 0);
    const second = replicaSetProportion(small, deployment, 10, 5, first);
    expect([first, second]).toEqual([3, 2]);
    expect(replicaSetProportion(small, deployment, 10, 5, 4)).toBe(1);
  });
});
