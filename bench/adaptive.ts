/**
 * Adaptive-design benchmark: `npm run bench -- adaptive [--workers 2] [--experiment FILE] [--constraint 'slo_violation_s<=400'] [--json]`.
 *
 * Runs the built-in hpa-window-rate sweep (window × scale-down rate) twice:
 * the full grid, then the adaptive design (racing on seeds, see
 * experiments/sweep/adaptive.ts) under the rule "slo_violation_s<=400, then
 * the fewest flaps, then the fewest instance-hours". Reports both run counts,
 * both wall times, and whether both recommend the same point. Wall-clock time
 * is measured here only; it never reaches a sweep's outputs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadExperimentFile } from '../experiments/config/load.js';
import { packageRoot } from '../experiments/runner/version.js';
import { raceSweep } from '../experiments/sweep/adaptive-run.js';
import { planSweep } from '../experiments/sweep/plan.js';
import { parseConstraint, recommend, ruleOf, sweepTables } from '../experiments/sweep/recommend.js';
import { sweepResults } from '../experiments/sweep/results.js';
import { runSweep } from '../experiments/sweep/run-sweep.js';
import { readSweepDir } from '../experiments/sweep/sweep-dir.js';
import { numberArg, stringArg } from './args.js';

/** Runs the adaptive benchmark and returns its measurements. */
export async function run(argv: string[]): Promise<Record<string, unknown>> {
  const workers = numberArg(argv, 'workers', 2);
  const file = stringArg(argv, 'experiment', join(packageRoot(), 'experiments', 'examples', 'hpa-window-rate.yaml'));
  const constraint = stringArg(argv, 'constraint', 'slo_violation_s<=400');
  const plan = planSweep(loadExperimentFile(file));
  const rule = ruleOf(['flaps_per_hour', 'instance_hours'], [], [parseConstraint(constraint, plan.metrics)], 'lexicographic', 'bound');
  const tmp = mkdtempSync(join(tmpdir(), 'ctrlsim-bench-adaptive-'));
  try {
    let t0 = performance.now();
    await runSweep(plan, { out: join(tmp, 'grid'), file, workers });
    const gridSeconds = (performance.now() - t0) / 1000;
    const sweep = readSweepDir(join(tmp, 'grid'));
    const grid = recommend(sweepTables(plan, sweepResults(plan, sweep.records)), rule);
    t0 = performance.now();
    const adaptive = await raceSweep(plan, { file, workers, rule });
    const adaptiveSeconds = (performance.now() - t0) / 1000;
    const pick = (r: typeof grid) => (r.qualifying > 0 ? String(r.points[0]!.row['point']) : 'none');
    return {
      experiment: plan.name,
      rule: `${constraint}, then fewest flaps_per_hour, then fewest instance_hours`,
      points: plan.points.length,
      seeds: plan.seeds.length,
      grid_runs: plan.runCount,
      adaptive_runs: adaptive.runs.length,
      run_share: Math.round((adaptive.runs.length / plan.runCount) * 1000) / 1000,
      adaptive_rounds: adaptive.rounds,
      seeds_per_point: adaptive.seedsPerPoint.join(' '),
      grid_wall_s: Math.round(gridSeconds * 1000) / 1000,
      adaptive_wall_s: Math.round(adaptiveSeconds * 1000) / 1000,
      grid_recommends_point: pick(grid),
      adaptive_recommends_point: pick(adaptive.ranking),
      same_recommendation: pick(grid) === pick(adaptive.ranking),
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
