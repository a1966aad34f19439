import { describe, expect, it } from 'vitest';
import { loadExperimentFile } from '../../experiments/config/load.js';
import { planSweep } from '../../experiments/sweep/plan.js';
import { PointRunner } from '../../experiments/sweep/point-runner.js';
import { BudgetExceededError } from '../../sim/engine/errors.js';

const FILE = 'test/experiments/fixtures/small-sweep.yaml';

describe("a sweep's event budget", () => {
  // Regression: --max-events was checked against each point's estimate, but the runs themselves kept the default budget.
  it('reaches every run of the sweep, so a run past it stops', async () => {
    const plan = planSweep(loadExperimentFile(FILE));
    const spec = { raw: plan.raw, file: FILE, knobs: plan.knobs, points: plan.points, seeds: plan.seeds, configHash: plan.configHash };
    const limited = await PointRunner.create({ ...spec, maxEvents: 1000 });
    expect(() => limited.run(0)).toThrow(BudgetExceededError);
    const unlimited = await PointRunner.create(spec);
    expect(unlimited.run(0).events).toBeGreaterThan(1000);
  });
});
