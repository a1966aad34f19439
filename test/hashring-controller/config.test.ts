import { describe, expect, it } from 'vitest';
import { HashringController } from '../../controllers/hashring/index.js';
import { loadExperimentFile, validateExperiment } from '../../experiments/config/load.js';
import { buildController } from '../../experiments/runner/controller-factory.js';

function withRouter(router: Record<string, unknown>) {
  return {
    name: 't',
    horizon: '10m',
    fidelity: 'request',
    services: [
      { name: 'cache', initialReplicas: 4, capacity: { rpsPerInstance: 100 }, cache: { keys: 1000, capacity: 100 }, load: [{ shape: 'constant', rps: 100 }] },
    ],
    controllers: { router: { kind: 'hashring', service: 'cache', ...router } },
  };
}

describe('the hashring kind in experiment files', () => {
  it('builds a ring router by default', () => {
    const exp = validateExperiment(withRouter({}));
    expect(exp.controllers['router']).toMatchObject({ algorithm: 'ring', sampleKeys: 1000, budgetPeriod: 60_000_000 });
    expect(buildController('router', exp.controllers['router']!).controller).toBeInstanceOf(HashringController);
  });

  it('refuses a Maglev table size that is not prime', () => {
    expect(() => validateExperiment(withRouter({ algorithm: 'maglev', tableSize: 1000 }))).toThrow(
      /controllers\.router\.tableSize: expected a prime number, got 1000/,
    );
  });

  it('ignores options of other algorithms, so one file can sweep the algorithm', () => {
    expect(() => validateExperiment(withRouter({ algorithm: 'jump', vnodes: 50 }))).not.toThrow();
  });

  it('refuses a hashring controller on a service whose requests carry no keys', () => {
    const exp = withRouter({});
    const plain = { ...exp, services: exp.services.map(({ cache: _, ...s }) => s) };
    expect(() => validateExperiment(plain)).toThrow(/controllers\.router\.service: expected a service with a cache/);
  });

  it('ships experiments/examples/hashring-autoscale.yaml, valid with its sweep', () => {
    expect(loadExperimentFile('experiments/examples/hashring-autoscale.yaml').experiment.sweep).toBeDefined();
  });
});
