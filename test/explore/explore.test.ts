import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SECOND } from '../../lib/time.js';
import { exploreBounds } from '../../experiments/explore/explore-schema.js';
import { planRun } from '../../experiments/explore/generate.js';
import { loadTarget } from '../../experiments/explore/load-target.js';
import { runExplore } from '../../experiments/explore/run-explore.js';
import type { Schedule } from '../../experiments/explore/schedule.js';
import { shrinkSchedule } from '../../experiments/explore/shrink.js';
import { loadStudyFile, runStudy } from '../../experiments/studies/run-study.js';
import { checkStudy } from '../../experiments/properties/study-properties.js';

const UNFENCED = 'experiments/examples/explore/leader-election-unfenced.yaml';
const FENCED = 'experiments/examples/explore/leader-election-fenced.yaml';
const scratch = mkdtempSync(join(tmpdir(), 'ctrlsim-explore-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// A schedule found by `ctrlsim explore experiments/examples/explore/leader-election-unfenced.yaml --seed 1` (run 25): four faults.
const FOUND: Schedule = {
  horizon: 300 * SECOND,
  faults: [
    { kind: 'clock-skew', at: 81 * SECOND, duration: 87 * SECOND, target: 'replica-0', severity: 0.22 },
    { kind: 'clock-skew', at: 166 * SECOND, duration: 41 * SECOND, target: 'replica-0', severity: 0.6 },
    { kind: 'held-partition', at: 211 * SECOND, duration: 48 * SECOND, target: 'leader', severity: 0.42 },
    { kind: 'held-partition', at: 263 * SECOND, duration: 86 * SECOND, target: 'leader', severity: 0.43 },
  ],
};

describe('explore planning', () => {
  it('plans the same run from the same seed and index, and different runs from different indices', async () => {
    const { target, section } = await loadTarget(UNFENCED);
    const bounds = exploreBounds(section, target.supported, target.horizon);
    expect(planRun(1, 7, bounds, target)).toEqual(planRun(1, 7, bounds, target));
    expect(planRun(1, 7, bounds, target).schedule).not.toEqual(planRun(1, 8, bounds, target).schedule);
    for (let i = 0; i < 50; i++) {
      const { schedule } = planRun(3, i, bounds, target);
      expect(schedule.faults.length).toBeGreaterThanOrEqual(1);
      expect(schedule.faults.length).toBeLessThanOrEqual(bounds.maxFaults);
      for (const f of schedule.faults) {
        expect(bounds.kinds).toContain(f.kind);
        expect(f.at).toBeGreaterThanOrEqual(bounds.startMin);
        expect(f.at).toBeLessThanOrEqual(bounds.startMax);
        expect(f.duration).toBeLessThanOrEqual(bounds.durationMax);
      }
    }
  });
});

describe('shrinking', () => {
  it('shrinks a deposed-leader action to at most 3 faults, the same schedule every time, still violating the property', async () => {
    const { target } = await loadTarget(UNFENCED);
    const seed = 1698308381;
    const a = shrinkSchedule(target, FOUND, seed, 'no-deposed-leader-action', 200);
    const b = shrinkSchedule(target, FOUND, seed, 'no-deposed-leader-action', 200);
    expect(a.schedule).toEqual(b.schedule);
    expect(a.steps).toBe(b.steps);
    expect(a.schedule.faults.length).toBeLessThanOrEqual(3);
    expect(a.schedule.faults.length).toBeLessThan(FOUND.faults.length);
    expect(a.steps).toBeGreaterThan(0);
    const rerun = target.run(target.document(a.schedule, seed), seed);
    expect(rerun.violations.map((v) => v.property)).toContain('no-deposed-leader-action');
  });

  it('refuses a schedule that does not violate the property', async () => {
    const { target } = await loadTarget(FENCED);
    expect(() => shrinkSchedule(target, FOUND, 1698308381, 'no-deposed-leader-action', 50)).toThrow(/does not violate/);
  });
});

describe('ctrlsim explore', () => {
  it('finds, shrinks and saves a deposed-leader action without fencing, and a resumed run plays nothing again', async () => {
    const out = join(scratch, 'unfenced');
    const saved = join(scratch, 'regressions');
    const o = await runExplore({ file: UNFENCED, out, seed: 1, runs: 30, workers: 1, saveFailures: saved });
    expect(o.complete).toBe(true);
    expect(o.findings.map((f) => f.property)).toEqual(['no-deposed-leader-action']);
    const f = o.findings[0]!;
    expect(f.first.run).toBe(25);
    expect(f.shrunk.schedule.faults.length).toBeLessThanOrEqual(3);
    // The reproducer is a plain study file that fails the same property.
    const repro = loadStudyFile(f.reproducer);
    const result = runStudy(repro.study);
    expect(checkStudy(repro.study, result).map((v) => v.property)).toEqual(['no-deposed-leader-action']);
    expect(readdirSync(saved).sort()).toEqual([
      'leader-election-unfenced--no-deposed-leader-action.yaml',
      'leader-election-unfenced--no-deposed-leader-action.yaml.expected.json',
    ]);
    const again = await runExplore({ file: UNFENCED, out, seed: 1, runs: 30, workers: 1, resume: true });
    expect(again.ran).toBe(0);
    expect(readFileSync(join(out, 'findings.json'), 'utf8')).toContain('"shrinkSteps"');
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('shrunk-timelines');
  });

  it('finds nothing with fencing on over the same schedules', async () => {
    const o = await runExplore({ file: FENCED, out: join(scratch, 'fenced'), seed: 1, runs: 30, workers: 1 });
    expect(o.failingRuns).toBe(0);
    expect(o.findings).toEqual([]);
  });

  it('plays only its slice with --shard, and the slices together give the whole exploration', async () => {
    const whole = join(scratch, 'whole');
    await runExplore({ file: UNFENCED, out: whole, seed: 2, runs: 12, workers: 1 });
    const one = await runExplore({
      file: UNFENCED,
      out: join(scratch, 'shard-1'),
      seed: 2,
      runs: 12,
      workers: 1,
      shard: { index: 1, count: 3, source: '--shard' },
    });
    expect(one.complete).toBe(false);
    expect(one.slice).toBe(4);
    const names = readdirSync(join(scratch, 'shard-1', 'runs')).filter((n) => n.startsWith('r'));
    expect(names).toEqual(['r0000000.json', 'r0000003.json', 'r0000006.json', 'r0000009.json']);
    for (const n of names) expect(readFileSync(join(scratch, 'shard-1', 'runs', n), 'utf8')).toBe(readFileSync(join(whole, 'runs', n), 'utf8'));
  });
});
