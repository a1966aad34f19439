import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExperimentFile } from '../../experiments/config/load.js';
import { race } from '../../experiments/sweep/adaptive.js';
import { planPoints, recordMetrics } from '../../experiments/sweep/adaptive-run.js';
import { planSweep } from '../../experiments/sweep/plan.js';
import { parseConstraint, recommend, ruleOf, sweepTables } from '../../experiments/sweep/recommend.js';
import { sweepResults } from '../../experiments/sweep/results.js';
import { runSweep } from '../../experiments/sweep/run-sweep.js';
import { readSweepDir } from '../../experiments/sweep/sweep-dir.js';

const FILE = 'experiments/examples/hpa-window-rate.yaml';

describe('the adaptive design (racing on seeds)', () => {
  it('recommends the same point as the full grid of the built-in window × rate sweep, with at most 40% of its runs', async () => {
    const plan = planSweep(loadExperimentFile(FILE));
    const out = join(mkdtempSync(join(tmpdir(), 'ctrlsim-adaptive-')), 'grid');
    await runSweep(plan, { out, file: FILE, workers: 2 });
    const records = readSweepDir(out).records;
    const rule = ruleOf(['flaps_per_hour', 'instance_hours'], [], [parseConstraint('slo_violation_s<=400', plan.metrics)], 'lexicographic', 'bound');
    const grid = recommend(sweepTables(plan, sweepResults(plan, records)), rule);
    expect(grid.qualifying).toBeGreaterThan(0);
    // The race reads the grid's records: a run is the same run whichever design asks for it.
    const S = plan.seeds.length;
    const adaptive = await race({ points: planPoints(plan), knobs: plan.knobs, seeds: plan.seeds, rule, metrics: plan.metrics }, async (batch) =>
      batch.map((r) => recordMetrics(records.get(r.point * S + plan.seeds.indexOf(r.seed))!)),
    );
    expect(adaptive.ranking.points[0]!.row['point']).toBe(grid.points[0]!.row['point']);
    expect(adaptive.runs.length).toBeLessThanOrEqual(0.4 * plan.runCount);
    // Every point ran a prefix of the same seeds (common random numbers).
    for (const [p, n] of adaptive.seedsPerPoint.entries()) {
      expect(adaptive.runs.filter((r) => r.point === p).map((r) => r.seed)).toEqual(plan.seeds.slice(0, n));
    }
  }, 240_000);
});
