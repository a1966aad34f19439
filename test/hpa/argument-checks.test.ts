import { describe, expect, it } from 'vitest';
import { MINUTE, SECOND } from '../../lib/time.js';
import * as hpa from '../../lib/hpa/index.js';
import {
  applyRateLimits,
  calculateRequests,
  clampLegacy,
  decideScale,
  EMPTY_HPA_HISTORY,
  evaluateMetric,
  generateScaleUpRules,
  groupPods,
  metricUsageRatio,
  PRODUCTION_HPA_CONFIG,
  replicasChangeInPeriod,
  resolveBehavior,
  resourceUtilizationRatio,
  scaleUpLimit,
  stabilizeLegacy,
  symmetricTolerances,
  validateHpaSpec,
  type HpaSpec,
  type ScaleDecisionInput,
} from '../../lib/hpa/index.js';

const NOW = 1_000 * SECOND;
const rules = generateScaleUpRules(undefined);
const limitInput = { currentReplicas: 7, scaleUpEvents: [], scaleDownEvents: [], scalingRules: rules, now: NOW };
const rateInput = {
  currentReplicas: 4,
  desiredReplicas: 8,
  minReplicas: 1,
  maxReplicas: 10,
  scaleUpBehavior: rules,
  scaleDownBehavior: rules,
  scaleUpEvents: [],
  scaleDownEvents: [],
  now: NOW,
};
const spec: HpaSpec = { minReplicas: 1, maxReplicas: 10, metrics: [] };
const decisionInput: ScaleDecisionInput = {
  spec,
  specReplicas: 2,
  statusReplicas: 2,
  observation: { pods: [] },
  history: EMPTY_HPA_HISTORY,
  config: PRODUCTION_HPA_CONFIG,
  now: NOW,
};

/** Every function `ctrlsim/hpa` exports, by name. */
const publicFunctions = Object.entries(hpa as Record<string, unknown>).filter(
  (entry): entry is [string, (...args: unknown[]) => unknown] => typeof entry[1] === 'function',
);

describe('every public HPA function', () => {
  it('is found, so the checks below cover the whole subpath', () => {
    expect(publicFunctions.length).toBeGreaterThanOrEqual(30);
  });

  it.each(publicFunctions)('%s rejects bigint arguments (a classic silent coercion) with a TypeError that names it', (name, fn) => {
    const args = Array.from({ length: Math.max(fn.length, 1) }, () => 42n);
    expect(() => fn(...args)).toThrow(TypeError);
    expect(() => fn(...args)).toThrow(new RegExp(`^${name}: `));
  });
});

describe('object-argument calls', () => {
  it('reject the old positional call with a TypeError that lists the fields to pass', () => {
    const positional = scaleUpLimit as unknown as (...args: unknown[]) => number;
    expect(() => positional(7, [], [], rules, NOW)).toThrow(
      new TypeError('scaleUpLimit: input must be an object {currentReplicas, scaleUpEvents, scaleDownEvents, scalingRules, now}; got 7 (number)'),
    );
  });

  it('reject a missing field with a TypeError that names it', () => {
    const { now: _now, ...withoutNow } = limitInput;
    expect(() => scaleUpLimit(withoutNow as unknown as typeof limitInput)).toThrow(
      new TypeError('scaleUpLimit: now must be a number, a finite instant in microseconds; got undefined'),
    );
  });
});

describe('replica counts', () => {
  it('reject a count given as a string with a TypeError, instead of concatenating it', () => {
    expect(() => applyRateLimits({ ...rateInput, currentReplicas: '4' as unknown as number })).toThrow(
      new TypeError('applyRateLimits: currentReplicas must be a number, an integer in [0, 2^31 - 1]; got "4" (string)'),
    );
  });

  it('reject a fractional, negative or int32-overflowing count with a RangeError', () => {
    expect(() => applyRateLimits({ ...rateInput, desiredReplicas: 7.5 })).toThrow(RangeError);
    expect(() =>
      clampLegacy({ currentReplicas: -1, desiredReplicas: 1, minReplicas: 1, maxReplicas: 5, scaleUpLimitFactor: 2, scaleUpLimitMinimum: 4 }),
    ).toThrow(new RangeError('clampLegacy: currentReplicas must be an integer in [0, 2^31 - 1]; got -1'));
    expect(() => decideScale({ ...decisionInput, spec: { ...spec, maxReplicas: 2 ** 31 } })).toThrow(RangeError);
  });
});

describe('time', () => {
  it('rejects an instant that is not finite with a RangeError', () => {
    expect(() => decideScale({ ...decisionInput, now: Number.NaN })).toThrow(
      new RangeError('decideScale: now must be a finite instant in microseconds; got NaN'),
    );
  });

  it('rejects a negative duration with a RangeError', () => {
    expect(() => resolveBehavior({}, -1)).toThrow(
      new RangeError('resolveBehavior: downscaleStabilizationWindow must be a duration in microseconds (finite, >= 0); got -1'),
    );
    expect(() => stabilizeLegacy({ recommendations: [], prenormalizedDesiredReplicas: 3, downscaleStabilizationWindow: -MINUTE, now: NOW })).toThrow(
      RangeError,
    );
  });

  it('takes the controller window in microseconds like every other duration, and only API fields in seconds', () => {
    expect(resolveBehavior({}, PRODUCTION_HPA_CONFIG.downscaleStabilizationWindow).scaleDown.stabilizationWindowSeconds).toBe(300);
    expect(replicasChangeInPeriod({ periodSeconds: 60, scaleEvents: [{ replicaChange: 3, timestamp: NOW - 59 * SECOND, outdated: false }], now: NOW })).toBe(3);
  });
});

describe('rules and targets', () => {
  it('reject an unknown selectPolicy, an unknown policy type and a zero period with a RangeError', () => {
    const policy = { type: 'Pods' as const, value: 4, periodSeconds: 15 };
    const withRules = (scalingRules: unknown) => ({ ...limitInput, scalingRules: scalingRules as typeof rules });
    expect(() => scaleUpLimit(withRules({ selectPolicy: 'Maximum', policies: [policy] }))).toThrow(
      new RangeError('scaleUpLimit: scalingRules.selectPolicy must be one of "Max", "Min", "Disabled"; got "Maximum" (string)'),
    );
    expect(() => scaleUpLimit(withRules({ selectPolicy: 'Max', policies: [{ ...policy, type: 'Replicas' }] }))).toThrow(RangeError);
    expect(() => scaleUpLimit(withRules({ selectPolicy: 'Max', policies: [{ ...policy, periodSeconds: 0 }] }))).toThrow(
      new RangeError('scaleUpLimit: scalingRules.policies[0].periodSeconds must be an integer in [1, 2^31 - 1]; got 0'),
    );
  });

  it('reject a negative tolerance with a RangeError', () => {
    expect(() => symmetricTolerances(-0.1)).toThrow(new RangeError('symmetricTolerances: tolerance must be finite and >= 0; got -0.1'));
  });

  it('reject a zero utilization target with a RangeError instead of dividing by it', () => {
    expect(() => resourceUtilizationRatio({ metrics: new Map(), requests: new Map(), targetUtilization: 0 })).toThrow(RangeError);
  });

  it('reject an empty sample set with a RangeError instead of dividing by zero', () => {
    expect(() => metricUsageRatio(new Map(), 1000)).toThrow(new RangeError('metricUsageRatio: metrics must hold at least one sample; got an empty Map'));
  });
});

describe('containers', () => {
  it('reject samples given as a plain object where a Map is expected, with a TypeError', () => {
    expect(() => groupPods({ pods: [], metrics: {} as unknown as Map<string, never>, resource: 'cpu', timing: PRODUCTION_HPA_CONFIG, now: NOW })).toThrow(
      new TypeError('groupPods: metrics must be a Map keyed by pod name; got a plain object'),
    );
  });

  it('reject pods that are not an array, with a TypeError', () => {
    expect(() => calculateRequests({ pods: 'pod-a' as unknown as [], resource: 'cpu' })).toThrow(
      new TypeError('calculateRequests: pods must be an array; got "pod-a" (string)'),
    );
  });

  it('reject an observation without a pod list, with a TypeError', () => {
    expect(() =>
      evaluateMetric({
        spec: { type: 'Resource', resource: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
        specReplicas: 1,
        statusReplicas: 1,
        observation: {} as unknown as { pods: [] },
        tolerances: symmetricTolerances(0.1),
        timing: PRODUCTION_HPA_CONFIG,
        now: NOW,
      }),
    ).toThrow(new TypeError('evaluateMetric: observation.pods must be an array; got undefined'));
  });
});

describe('spec validation stays a list of findings', () => {
  it('reports metrics that are not a list as a finding, not an exception', () => {
    const errors = validateHpaSpec({ maxReplicas: 3, metrics: 'cpu' as unknown as [] });
    expect(errors.map((e) => e.field)).toEqual(['spec.metrics']);
  });

  it('rejects a spec that is not an object at all with a TypeError', () => {
    expect(() => validateHpaSpec(null as unknown as HpaSpec)).toThrow(
      new TypeError('validateHpaSpec: spec must be an object {minReplicas?, maxReplicas, metrics, behavior?}; got null'),
    );
  });

  it('leaves decideScale free to run a spec the API would reject, as upstream tests do with minReplicas 0', () => {
    expect(() => decideScale({ ...decisionInput, spec: { ...spec, minReplicas: 0 } })).not.toThrow();
  });
});
