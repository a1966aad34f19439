import { describe, expect, it } from 'vitest';
import * as ctrlsim from '../index.js';

describe('the package entry', () => {
  it('exports the engine, the port and the runner', () => {
    for (const name of ['Simulation', 'RandomStream', 'ControllerLoop', 'RealTimeRuntime', 'HpaController', 'runExperiment', 'loadExperimentFile']) {
      expect(ctrlsim).toHaveProperty(name);
    }
  });

  it('exports the pure upstream algorithms with typed inputs', () => {
    const rec = ctrlsim.hpa.decideScale({
      spec: { minReplicas: 1, maxReplicas: 10, metrics: [] },
      specReplicas: 3,
      statusReplicas: 3,
      observation: { pods: [] },
      history: ctrlsim.hpa.EMPTY_HPA_HISTORY,
      config: ctrlsim.hpa.PRODUCTION_HPA_CONFIG,
      now: 0,
    });
    expect(rec.desiredReplicas).toBe(3);
    const limiter = new ctrlsim.policies.ItemExponentialFailureRateLimiter({ baseDelay: 5 * ctrlsim.MILLISECOND, maxDelay: 1000 * ctrlsim.SECOND });
    expect([limiter.when('x'), limiter.when('x'), limiter.when('x')]).toEqual([5000, 10000, 20000]);
    expect(ctrlsim.rollout.resolveFenceposts).toBeTypeOf('function');
    expect(ctrlsim.hashring).toBeTypeOf('object');
  });
});
