import { describe, expect, it } from 'vitest';
import { MINUTE } from '../../controllers/port/index.js';
import { lifecycleFromEvents, type EventRow } from '../../controllers/rollout/index.js';
import { loadExperimentFile, validateExperiment } from '../../experiments/config/load.js';
import type { Experiment } from '../../experiments/config/experiment-schema.js';
import { runExperiment } from '../../experiments/runner/run-experiment.js';

/** An event row with the action's new value (e.g. a traffic split "v1=90 v2=10"). */
type Row = EventRow & { readonly to?: string | number };

/** Runs an experiment and returns its event rows and controller metrics. */
function run(experiment: Experiment) {
  const rows: Row[] = [];
  const out = runExperiment(experiment, experiment.seed, { events: { write: (r) => rows.push(r as unknown as Row) } });
  const decisions = (controller: string, outcome: string) => rows.filter((r) => r.controller === controller && r.type === 'decision' && r.action === outcome);
  return { rows, decisions, metrics: out.controllerMetrics };
}

describe('a canary whose canary version gets no traffic', () => {
  // Regression: the pipeline reported error_rate 0 for a version without requests, so this analysis passed on no evidence.
  it('records Error measurements ("no error_rate sample") and aborts after more than consecutiveErrorLimit of them', () => {
    const experiment = validateExperiment({
      name: 'idle-canary',
      seed: 4,
      horizon: '15m',
      fidelity: 'request',
      metrics: { scrapeInterval: '15s', delay: '15s' },
      services: [
        {
          name: 'web',
          initialReplicas: 4,
          version: 'v1',
          capacity: { rpsPerInstance: 60 },
          startupDelay: { kind: 'constant', value: '30s' },
          versions: { v2: { errorRate: 0.5 } },
          load: [{ shape: 'constant', rps: 100 }],
        },
      ],
      controllers: {
        canary: {
          kind: 'canary',
          service: 'web',
          version: 'v2',
          startAt: '1m',
          trafficRouting: true,
          // Two canary instances, weight 0: up and ready, never sent a request.
          steps: [{ setCanaryScale: { replicas: 2 } }, { pause: { duration: '10m' } }],
          analysis: {
            // Long enough for the instances to be ready and scraped: the old pipeline had a 0 to report by then.
            metrics: [{ name: 'error-rate', metric: 'error_rate', successMax: 0.02, interval: '30s', initialDelay: '2m', consecutiveErrorLimit: 2 }],
          },
        },
      },
    });
    const { rows, decisions } = run(experiment);
    const measured = decisions('canary', 'measurement');
    expect(measured.map((r) => r.reason)).toEqual(
      Array(3).fill('background analysis of v2: error-rate: no value → Error (no error_rate sample for version v2)'),
    );
    expect(decisions('canary', 'rollout-aborted')[0]?.reason).toContain('consecutiveErrors (3) > consecutiveErrorLimit (2)');
    const life = lifecycleFromEvents(rows, 'canary');
    expect(life.firstExposedAt).toBeUndefined();
    expect(life.abortedAt).toBeGreaterThan(3 * MINUTE);
    expect(life.completedAt).toBeUndefined();
  });
});

describe('the blue-green-bad-deploy experiment', () => {
  const { experiment } = loadExperimentFile('experiments/examples/blue-green-bad-deploy.yaml');
  const deploy = experiment.controllers['deploy']!;
  const withDeploy = (overrides: Record<string, unknown>): Experiment => ({
    ...experiment,
    horizon: 15 * MINUTE,
    controllers: { deploy: { ...deploy, ...overrides } as typeof deploy },
  });

  it('catches the bad preview on its previewTraffic before promotion, and the preview’s requests count as exposure', () => {
    const { rows, decisions, metrics } = run(withDeploy({}));
    expect(decisions('deploy', 'promoted')).toEqual([]);
    expect(decisions('deploy', 'rollout-aborted')[0]?.reason).toMatch(/^keeping v1 active: pre-promotion analysis Failed/);
    const shifts = rows.filter((r) => r.controller === 'deploy' && r.action === 'shift-traffic').map((r) => r.to);
    expect(shifts).toEqual(['v1=100 v2=0', 'v1=90 v2=10', 'v1=100 v2=0']);
    // 10% of 240 rps for about 75 s; the post-promotion-only design served all 240 rps to v2 for as long (18055 requests).
    expect(metrics['deploy.new_version_requests']).toBeGreaterThan(0);
    expect(metrics['deploy.new_version_requests']).toBeLessThan(3000);
    expect(rows.filter((r) => r.controller === 'deploy' && r.type === 'rejected')).toEqual([]);
  });

  it('with previewTraffic 0 has no data for pre-promotion analysis, so it aborts on Errors without exposing v2', () => {
    const { decisions, metrics } = run(withDeploy({ previewTraffic: 0 }));
    expect(decisions('deploy', 'measurement').map((r) => r.reason)).toEqual(
      Array(5).fill('pre-promotion analysis of v2: error-rate: no value → Error (no error_rate sample for version v2)'),
    );
    expect(decisions('deploy', 'rollout-aborted')[0]?.reason).toContain(
      'pre-promotion analysis Error: Metric "error-rate" assessed Error due to consecutiveErrors (5) > consecutiveErrorLimit (4)',
    );
    expect(decisions('deploy', 'promoted')).toEqual([]);
    expect(metrics['deploy.new_version_requests']).toBe(0);
  });
});
