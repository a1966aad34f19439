import { describe, expect, it } from 'vitest';
import { loadExperimentFile } from '../../experiments/config/load.js';
import { runExperiment } from '../../experiments/runner/run-experiment.js';

describe('registry metrics in the run summary', () => {
  it('count stale routes and false evictions when a partition cuts the registry off', () => {
    const { summary } = runExperiment(loadExperimentFile('experiments/examples/registry-partition.yaml').experiment);
    expect(summary.stale_routes).toBeGreaterThan(0);
    expect(summary.false_evictions).toBeGreaterThan(0);
  });

  it('count no false evictions in a world without a registry', () => {
    const { summary } = runExperiment(loadExperimentFile('experiments/examples/step-load.yaml').experiment);
    expect(summary.false_evictions).toBe(0);
    expect(summary.stale_routes).toBe(0);
  });
});
