import { describe, expect, it } from 'vitest';
import { GovernedController } from '../../controllers/governed/index.js';
import { CooldownGovernor, HysteresisGovernor, ThrottleGovernor, TokenBucket } from '../../lib/policies/index.js';
import type { Controller, ObservedState } from '../../controllers/port/index.js';
import { MINUTE, SECOND } from '../../controllers/port/index.js';

/** A controller that always wants `replicas` replicas. */
function wants(replicas: number): Controller {
  return { name: 'eager', reconcile: () => ({ actions: [{ kind: 'scale', service: 'web', replicas, reason: `wants ${replicas}` }] }) };
}

function at(now: number, desired = 4): ObservedState {
  return { now, services: new Map([['web', { name: 'web', desiredReplicas: desired, instances: [], metrics: {}, instanceMetrics: {} }]]) };
}

const random = () => 0.5;

describe('a governed controller', () => {
  it('passes an action the policies allow', () => {
    const c = new GovernedController(wants(6), { perAction: new CooldownGovernor({ gap: MINUTE }) });
    expect(c.reconcile(at(0), random).actions).toHaveLength(1);
  });

  it('holds a second scale inside the cooldown, logs why, and requeues for when it ends', () => {
    const c = new GovernedController(wants(6), { perAction: new CooldownGovernor({ gap: MINUTE }) });
    c.reconcile(at(0), random);
    const r = c.reconcile(at(20 * SECOND), random);
    expect(r.actions).toEqual([]);
    expect(r.decisions?.[0]?.outcome).toBe('governed-wait');
    expect(r.decisions?.[0]?.reason).toMatch(/^scale:web held back: .*\(wanted: wants 6\)$/);
    expect(r.requeueAfter).toBe(40 * SECOND);
  });

  it('rate-limits with a token bucket of burst 2', () => {
    const c = new GovernedController(wants(6), { perAction: new ThrottleGovernor(new TokenBucket({ limit: 1 / 60, burst: 2 })) });
    const allowed = [0, 1, 2].map((s) => c.reconcile(at(s * SECOND), random).actions.length);
    expect(allowed).toEqual([1, 1, 0]);
  });

  it('ignores a change inside the hysteresis band', () => {
    const c = new GovernedController(wants(5), { hysteresis: new HysteresisGovernor({ threshold: 1, dwell: 0 }) });
    expect(c.reconcile(at(0, 4), random).actions).toEqual([]);
  });
});

describe('a governor in an experiment file', () => {
  it('slows the step-load autoscaler down to one scale action per two minutes', async () => {
    const { loadExperimentFile, validateExperiment } = await import('../../experiments/config/load.js');
    const { runExperiment } = await import('../../experiments/runner/run-experiment.js');
    const { raw } = loadExperimentFile('experiments/examples/step-load.yaml');
    const doc = structuredClone(raw) as { controllers: { autoscaler: Record<string, unknown> } };
    const free = runExperiment(validateExperiment(doc)).summary.scale_actions;
    doc.controllers.autoscaler['governor'] = { cooldown: '2m' };
    const governed = runExperiment(validateExperiment(doc)).summary.scale_actions;
    expect(governed).toBeLessThan(free);
  });

  it('rejects a rate limit with burst 0, naming the field', async () => {
    const { validateExperiment, loadExperimentFile } = await import('../../experiments/config/load.js');
    const doc = structuredClone(loadExperimentFile('experiments/examples/step-load.yaml').raw) as { controllers: { autoscaler: Record<string, unknown> } };
    doc.controllers.autoscaler['governor'] = { rateLimit: { qps: 1, burst: 0 } };
    expect(() => validateExperiment(doc)).toThrow('controllers.autoscaler.governor.rateLimit.burst: expected an integer ≥ 1, got 0 (a number)');
  });
});
