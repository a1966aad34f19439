import { describe, expect, it } from 'vitest';
import { loadExperimentFile, validateExperiment } from '../../experiments/config/load.js';
import { runExperiment } from '../../experiments/runner/run-experiment.js';

/** The built-in flash-crowd experiment with the scale-down stabilization window set to `seconds`. */
function withWindow(seconds: number) {
  const { raw } = loadExperimentFile('experiments/examples/hpa-flash-crowd.yaml');
  const doc = structuredClone(raw) as { controllers: { autoscaler: { behavior: { scaleDown: { stabilizationWindowSeconds: number } } } } };
  doc.controllers.autoscaler.behavior.scaleDown.stabilizationWindowSeconds = seconds;
  return validateExperiment(doc);
}

describe('HPA on a flash crowd with delayed metrics', () => {
  const short = runExperiment(withWindow(0)).summary;
  const defaultWindow = runExperiment(withWindow(300)).summary;

  it('flaps with a 0 s scale-down stabilization window', () => {
    expect(short.flaps_per_hour).toBeGreaterThanOrEqual(10);
  });

  it('barely flaps with the default 300 s window', () => {
    expect(defaultWindow.flaps_per_hour).toBeLessThanOrEqual(1);
  });

  it('pays for the stability in instance-hours and gains in SLO', () => {
    expect(defaultWindow.instance_hours).toBeGreaterThan(short.instance_hours);
    expect(defaultWindow.slo_violation_s).toBeLessThan(short.slo_violation_s);
  });
});
