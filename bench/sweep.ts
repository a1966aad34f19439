/**
 * Sweep benchmark: `npm run bench -- sweep [--points 50] [--seeds 20] [--workers 2] [--experiment FILE] --json`.
 *
 * Runs the same sweep (a Latin hypercube over the HPA's scale-down
 * stabilization window and utilization target in the 2-hour hpa-flash-crowd
 * scenario: 50 points × 20 seeds = 1,000 runs by default) once on 1 worker
 * and once on `--workers` worker threads, checks that both wrote identical
 * summary.csv bytes, and reports the wall times, the speed-up, the CPU time
 * of all threads and the cores obtained, so parallel overhead can be told
 * apart from cores busy with other work. Each configuration runs the whole
 * sweep once in a fresh pool, as the CLI does. Wall-clock time is measured
 * here only; it never reaches a sweep's outputs.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadExperimentFile, validateExperiment } from '../experiments/config/load.js';
import { packageRoot } from '../experiments/runner/version.js';
import { planSweep } from '../experiments/sweep/plan.js';
import { runSweep } from '../experiments/sweep/run-sweep.js';
import { numberArg, stringArg } from './args.js';

/** Runs the sweep benchmark and returns its measurements. */
export async function run(argv: string[]): Promise<Record<string, unknown>> {
  const points = numberArg(argv, 'points', 50);
  const seeds = numberArg(argv, 'seeds', 20);
  const workers = numberArg(argv, 'workers', 2);
  const file = stringArg(argv, 'experiment', join(packageRoot(), 'experiments', 'examples', 'hpa-flash-crowd.yaml'));
  const base = loadExperimentFile(file);
  const raw = {
    ...(base.raw as Record<string, unknown>),
    sweep: {
      design: 'lhs',
      points,
      seeds,
      knobs: {
        'controllers.autoscaler.behavior.scaleDown.stabilizationWindowSeconds': { min: 0, max: 600, integer: true },
        'controllers.autoscaler.metrics[0].target.averageUtilization': { min: 40, max: 85, integer: true },
      },
    },
  };
  const plan = planSweep({ experiment: validateExperiment(raw), raw, file });
  const tmp = mkdtempSync(join(tmpdir(), 'ctrlsim-bench-sweep-'));
  try {
    const timed = async (n: number) => {
      const out = join(tmp, `w${n}`);
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      await runSweep(plan, { out, file, workers: n });
      const cpu = process.cpuUsage(cpu0);
      return { seconds: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6, summary: readFileSync(join(out, 'summary.csv')) };
    };
    const load = loadavg()[0]!;
    const one = await timed(1);
    const many = await timed(workers);
    return {
      experiment: plan.name,
      horizon_h: base.experiment.horizon / 3_600_000_000,
      points: plan.points.length,
      seeds: plan.seeds.length,
      runs: plan.runCount,
      cpus: availableParallelism(),
      wall_s_1_worker: round(one.seconds),
      [`wall_s_${workers}_workers`]: round(many.seconds),
      ms_per_run_1_worker: round((one.seconds * 1000) / plan.runCount),
      speedup: round(one.seconds / many.seconds),
      // CPU seconds of all threads: equal totals mean parallelism costs nothing extra, so a speed-up
      // short of the worker count comes from cores busy with other work (see load_avg_1m).
      cpu_s_1_worker: round(one.cpu),
      [`cpu_s_${workers}_workers`]: round(many.cpu),
      // Cores actually obtained (CPU seconds per wall second): below the worker count means other processes held the rest.
      cores_used_1_worker: round(one.cpu / one.seconds),
      [`cores_used_${workers}_workers`]: round(many.cpu / many.seconds),
      load_avg_1m: round(load),
      identical_summary: one.summary.equals(many.summary),
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
