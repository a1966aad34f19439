import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  approximateCanaryStableSplit,
  canaryTarget,
  currentSetWeight,
  maxTrafficWeight,
  trafficRoutedCanaryReplicaCounts,
  trafficWeightToReplicas,
  type CanaryRollout,
} from '../../lib/rollout/index.js';

interface Fixture {
  trafficWeightToReplicas: { test: string; replicas: number; weight: number; maxWeight: number; expected: number }[];
  replicasForWeight: { test: string; case: string; replicas: number; weight: number; maxWeight: number; expected: number }[];
  canaryWithMaxWeight: { test: string; case: string; replicas: number; maxWeight: number; setWeight: number; expectedCanary: number }[];
}
interface SplitFixture {
  approximateWeightedCanaryStableReplicaCounts: { replicas: number; weight: number; maxSurge: number; expCanary: number; expStable: number }[];
}

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../fixtures/rollout/${name}`, import.meta.url), 'utf8')) as T;
const vectors = fixture<Fixture>('argo-max-traffic-weight.json');
const split = fixture<SplitFixture>('argo-weighted-split.json');

function rollout(replicas: number, maxWeight: number | undefined, setWeight: number, trafficRouting = true): CanaryRollout {
  return {
    spec: { replicas, trafficRouting, steps: [{ kind: 'setWeight', weight: setWeight }], ...(maxWeight !== undefined ? { maxTrafficWeight: maxWeight } : {}) },
    status: { currentStepIndex: 0, stableHash: 'stable', currentHash: 'canary' },
  };
}

// Regression: the canary split and traffic-weight-to-replicas math assumed weights out of 100, ignoring Argo Rollouts 1.7's maxTrafficWeight.
describe('Argo Rollouts maxTrafficWeight', () => {
  it.each(vectors.trafficWeightToReplicas)('$test: weight $weight of $maxWeight on $replicas replicas needs $expected', (c) => {
    expect(trafficWeightToReplicas(c.replicas, c.weight, c.maxWeight)).toBe(c.expected);
  });

  it.each(vectors.replicasForWeight)('$test: $case', (c) => {
    expect(trafficWeightToReplicas(c.replicas, c.weight, c.maxWeight)).toBe(c.expected);
  });

  it.each(vectors.canaryWithMaxWeight)('$test: $case sizes the canary to $expectedCanary', (c) => {
    expect(trafficRoutedCanaryReplicaCounts(rollout(c.replicas, c.maxWeight, c.setWeight))).toEqual({ canary: c.expectedCanary, stable: c.replicas });
  });

  it('applies only with a traffic router, as weightutil.MaxTrafficWeight does', () => {
    expect(maxTrafficWeight(rollout(10, 1000, 200).spec)).toBe(1000);
    expect(maxTrafficWeight(rollout(10, 1000, 20, false).spec)).toBe(100);
    expect(maxTrafficWeight(rollout(10, undefined, 20).spec)).toBe(100);
  });

  it('is the weight after the last step and of a rollout with no stable set yet', () => {
    const done: CanaryRollout = { ...rollout(10, 1000, 200), status: { currentStepIndex: 1, stableHash: 'stable', currentHash: 'canary' } };
    expect(currentSetWeight(done)).toBe(1000);
    expect(canaryTarget({ ...done, status: { stableHash: '', currentHash: 'canary' } })).toEqual({ weight: 1000 });
  });

  it('sizes stable for maxWeight − weight under dynamicStableScale', () => {
    const r = rollout(10, 1000, 300);
    expect(trafficRoutedCanaryReplicaCounts({ ...r, spec: { ...r.spec, dynamicStableScale: true } })).toEqual({ canary: 3, stable: 7 });
  });

  it.each(split.approximateWeightedCanaryStableReplicaCounts)(
    'splits $replicas replicas at weight $weight×10 of 1000 with surge $maxSurge as upstream does at $weight of 100',
    (c) => {
      expect(approximateCanaryStableSplit(c.replicas, c.weight * 10, c.maxSurge, 1000)).toEqual({ canary: c.expCanary, stable: c.expStable });
    },
  );
});
