import { describe, expect, it } from 'vitest';
import { loadExperimentFile } from '../../experiments/config/load.js';
import { runExperiment } from '../../experiments/runner/run-experiment.js';

describe('controller metrics in a run summary', () => {
  it('report that the canary of a bad version was aborted, and how long detection took', () => {
    const { experiment } = loadExperimentFile('experiments/examples/canary-bad-deploy.yaml');
    const { controllerMetrics } = runExperiment(experiment);
    const keys = Object.keys(controllerMetrics);
    expect(keys).toEqual([...keys].sort());
    const canary = keys.find((k) => k.endsWith('.rollout_aborted'))!.split('.')[0]!;
    expect(controllerMetrics[`${canary}.rollout_aborted`]).toBe(1);
    expect(controllerMetrics[`${canary}.rollout_completed`]).toBe(0);
    expect(controllerMetrics[`${canary}.time_to_detect_s`]).toBeGreaterThan(0);
    expect(controllerMetrics[`${canary}.time_to_full_rollout_s`]).toBeNull();
  });
});
