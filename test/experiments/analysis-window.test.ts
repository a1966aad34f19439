import { describe, expect, it } from 'vitest';
import { loadExperimentFile, validateExperiment } from '../../experiments/config/load.js';
import { runExperiment } from '../../experiments/runner/run-experiment.js';

describe('analysis.warmup and analysis.window', () => {
  const base = loadExperimentFile('experiments/examples/step-load.yaml').raw as Record<string, unknown>;
  const run = (analysis?: Record<string, string>) => runExperiment(validateExperiment({ ...base, ...(analysis ? { analysis } : {}) })).summary;

  it('leave the start-up transient out of every summary metric without changing the run itself', () => {
    const all = run();
    const warm = run({ warmup: '10m' });
    expect(warm.arrived_requests).toBeLessThan(all.arrived_requests);
    expect(warm.instance_hours).toBeLessThan(all.instance_hours);
    expect(warm.scale_actions).toBeLessThanOrEqual(all.scale_actions);
    expect(runExperiment(validateExperiment({ ...base, analysis: { warmup: '10m' } })).fingerprint).toBe(runExperiment(validateExperiment(base)).fingerprint);
  });

  it('count only the window after the warm-up when one is set', () => {
    const warm = run({ warmup: '10m' });
    const windowed = run({ warmup: '10m', window: '5m' });
    expect(windowed.arrived_requests).toBeLessThan(warm.arrived_requests);
  });

  it('reject a malformed warm-up naming the field', () => {
    expect(() => validateExperiment({ ...base, analysis: { warmup: 'ten minutes' } })).toThrow(/analysis\.warmup/);
  });
});
