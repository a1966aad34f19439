import { describe, expect, it } from 'vitest';
import { lifecycleFromEvents, BlueGreenController, CanaryController, RollingUpdateController, type EventRow } from '../../controllers/rollout/index.js';
import { MINUTE, SECOND } from '../../controllers/port/index.js';
import { loadExperimentFile, validateExperiment } from '../../experiments/config/load.js';
import { buildController } from '../../experiments/runner/controller-factory.js';
import { runExperiment } from '../../experiments/runner/run-experiment.js';

/** A minimal experiment around one controller entry. */
function withController(controller: Record<string, unknown>) {
  return {
    name: 't',
    horizon: '10m',
    services: [{ name: 'web', initialReplicas: 4, capacity: { rpsPerInstance: 100 }, load: [{ shape: 'constant', rps: 100 }] }],
    controllers: { deploy: { service: 'web', version: 'v2', ...controller } },
  };
}

describe('rollout controller kinds in experiment files', () => {
  it('builds a rolling-update controller with Kubernetes defaults', () => {
    const exp = validateExperiment(withController({ kind: 'rolling-update' }));
    expect(exp.controllers['deploy']).toMatchObject({
      maxSurge: '25%',
      maxUnavailable: '25%',
      progressDeadlineSeconds: 600,
      syncPeriod: 5 * SECOND,
      startAt: 0,
    });
    expect(buildController('deploy', exp.controllers['deploy']!).controller).toBeInstanceOf(RollingUpdateController);
  });

  it('refuses maxSurge and maxUnavailable both 0, naming maxUnavailable', () => {
    expect(() => validateExperiment(withController({ kind: 'rolling-update', maxSurge: 0, maxUnavailable: '0%' }))).toThrow(
      /controllers\.deploy\.maxUnavailable: expected a value other than 0 when maxSurge is 0/,
    );
  });

  it('refuses a maxSurge that is not an integer or a percentage', () => {
    expect(() => validateExperiment(withController({ kind: 'rolling-update', maxSurge: 'lots' }))).toThrow(
      /controllers\.deploy\.maxSurge: expected an integer ≥ 0 or a percentage like "25%"/,
    );
  });

  it('reads Argo-style canary steps, one key each', () => {
    const exp = validateExperiment(
      withController({
        kind: 'canary',
        steps: [{ setWeight: 20 }, { pause: { duration: '2m' } }, { pause: {} }, { analysis: { metrics: [{ name: 'e', successMax: 0.01 }] } }],
      }),
    );
    const built = buildController('deploy', exp.controllers['deploy']!);
    expect(built.controller).toBeInstanceOf(CanaryController);
    expect(exp.controllers['deploy']).toMatchObject({
      trafficRouting: true,
      steps: [
        { setWeight: 20 },
        { pause: { duration: 2 * MINUTE } },
        { pause: {} },
        { analysis: { metrics: [{ name: 'e', metric: 'error_rate', failureLimit: 0, consecutiveErrorLimit: 4 }] } },
      ],
    });
  });

  it('refuses a canary step with two keys, naming the step', () => {
    expect(() => validateExperiment(withController({ kind: 'canary', steps: [{ setWeight: 20, pause: {} }] }))).toThrow(
      /controllers\.deploy\.steps\[0\]: expected an object with exactly one of setWeight, pause, analysis, setCanaryScale, got setWeight and pause/,
    );
  });

  it('refuses an analysis whose failAbove is below successMax, and duplicate metric names', () => {
    expect(() => validateExperiment(withController({ kind: 'canary', analysis: { metrics: [{ name: 'e', successMax: 0.05, failAbove: 0.01 }] } }))).toThrow(
      /analysis\.metrics\[0\]\.failAbove: expected a number ≥ successMax \(0\.05\)/,
    );
    expect(() =>
      validateExperiment(
        withController({
          kind: 'canary',
          analysis: {
            metrics: [
              { name: 'e', successMax: 0.05 },
              { name: 'e', successMax: 0.1 },
            ],
          },
        }),
      ),
    ).toThrow(/analysis\.metrics\[1\]\.name: expected a name not used by another metric/);
  });

  it('builds a blue-green controller with pre- and post-promotion analysis', () => {
    const exp = validateExperiment(
      withController({
        kind: 'blue-green',
        autoPromotionEnabled: false,
        operatorPromoteAfter: '10m',
        postPromotionAnalysis: { metrics: [{ name: 'e', successMax: 0.01 }] },
      }),
    );
    expect(buildController('deploy', exp.controllers['deploy']!).controller).toBeInstanceOf(BlueGreenController);
  });

  it.each(['rolling-update', 'canary-bad-deploy', 'blue-green-bad-deploy'])('ships experiments/examples/%s.yaml, valid with its sweep', (name) => {
    const { experiment } = loadExperimentFile(`experiments/examples/${name}.yaml`);
    expect(experiment.sweep).toBeDefined();
  });
});

describe('the canary-bad-deploy experiment', () => {
  it('rolls the bad v2 back, and the event log says when', () => {
    const { experiment } = loadExperimentFile('experiments/examples/canary-bad-deploy.yaml');
    const rows: EventRow[] = [];
    runExperiment({ ...experiment, horizon: 15 * MINUTE }, experiment.seed, { events: { write: (r) => rows.push(r as unknown as EventRow) } });
    const life = lifecycleFromEvents(rows, 'canary');
    expect(life.startedAt).toBe(5 * MINUTE);
    expect(life.abortedAt).toBeGreaterThan(life.firstExposedAt!);
    expect(life.completedAt).toBeUndefined();
    expect(rows.filter((r) => r.controller === 'canary' && r.type === 'rejected')).toEqual([]);
  });
});
