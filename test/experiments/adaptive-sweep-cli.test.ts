import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExperimentFile } from '../../experiments/config/load.js';
import { planSweep } from '../../experiments/sweep/plan.js';
import { parseConstraint, recommend, ruleOf, sweepTables } from '../../experiments/sweep/recommend.js';
import { sweepResults } from '../../experiments/sweep/results.js';
import { runSweep } from '../../experiments/sweep/run-sweep.js';
import { readSweepDir } from '../../experiments/sweep/sweep-dir.js';
import { cli, csvRows, treeDigest } from './cli-helpers.js';

// Needs dist/ (npm run build).
const BUILT_IN = 'experiments/examples/hpa-window-rate.yaml';
const RULE = `  adaptive:
    constraints: ['slo_violation_s<=400']
    minimize: [flaps_per_hour, instance_hours]
`;

/** The built-in window × rate sweep with its grid design swapped for `design: adaptive` and the rule it races on. */
function adaptiveText(adaptive = RULE): string {
  const text = readFileSync(BUILT_IN, 'utf8');
  const grid = 'sweep:\n  design: grid\n  seeds: 10\n';
  expect(text).toContain(grid);
  return text.replace(grid, `sweep:\n  design: adaptive\n  seeds: 10\n${adaptive}`);
}

describe('ctrlsim sweep with design: adaptive', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'ctrlsim-adaptive-cli-'));
  const file = join(tmp, 'window-rate-adaptive.yaml');
  const w2 = join(tmp, 'w2');
  let gridBest: Record<string, string | number>;

  beforeAll(async () => {
    writeFileSync(file, adaptiveText());
    const plan = planSweep(loadExperimentFile(BUILT_IN));
    const grid = join(tmp, 'grid');
    await runSweep(plan, { out: grid, file: BUILT_IN, workers: 2 });
    const rule = ruleOf(['flaps_per_hour', 'instance_hours'], [], [parseConstraint('slo_violation_s<=400', plan.metrics)], 'lexicographic', 'bound');
    const ranking = recommend(sweepTables(plan, sweepResults(plan, readSweepDir(grid).records)), rule);
    expect(ranking.qualifying).toBeGreaterThan(0);
    gridBest = Object.fromEntries(plan.knobs.map((k) => [k, ranking.points[0]!.row[k]!]));
    const r = cli(['sweep', file, '--workers', '2', '--out', w2, '--no-progress']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 480_000);

  it('recommends what the full grid recommends on the built-in window × rate sweep, with at most 40% of its runs', () => {
    const saved = JSON.parse(readFileSync(join(w2, 'recommendation.json'), 'utf8')) as { settings: Record<string, string | number> };
    expect(saved.settings).toEqual(gridBest);
    const manifest = JSON.parse(readFileSync(join(w2, 'manifest.json'), 'utf8')) as { design: string; runs: number; adaptive: { gridRuns: number } };
    expect(manifest.design).toBe('adaptive');
    expect(manifest.adaptive.gridRuns).toBe(150);
    expect(manifest.runs).toBeLessThanOrEqual(0.4 * 150);
    // summary.csv holds exactly the runs made, and runs/ a record for each.
    expect(csvRows(join(w2, 'summary.csv'))).toHaveLength(manifest.runs);
    expect(readdirSync(join(w2, 'runs')).filter((f) => f.startsWith('p'))).toHaveLength(manifest.runs);
  });

  it('says in race.csv which points dropped out, after how many seeds and why, and points.csv counts the same seeds', () => {
    const race = csvRows(join(w2, 'race.csv'));
    const points = csvRows(join(w2, 'points.csv'));
    expect(race).toHaveLength(15);
    const dropped = race.filter((r) => r['status'] === 'dropped');
    expect(dropped.length).toBeGreaterThan(0);
    for (const r of dropped) {
      expect(Number(r['seeds'])).toBeLessThan(10);
      expect(r['reason']).toMatch(/^(misses slo_violation_s<=400|worse than point \d+ on (flaps_per_hour|instance_hours))/);
      expect(Number(r['dropped_after_round'])).toBeGreaterThanOrEqual(1);
    }
    for (const r of race) expect(points[Number(r['point'])]!['n']).toBe(r['seeds']);
    // The recommended point stayed in the race to the end.
    const best = race.find((r) => Object.entries(gridBest).every(([k, v]) => r[k] === String(v)))!;
    expect(best['status']).toBe('contender');
  });

  it('ranks like ctrlsim recommend with the same rule: rank 1 of the report and the recommendation are the same point', () => {
    const r = cli(['recommend', w2, '--constraint', 'slo_violation_s<=400', '--minimize', 'flaps_per_hour', '--minimize', 'instance_hours']);
    expect(r.status).toBe(0);
    // The header says what the race ran, not the grid it raced over.
    const runs = readdirSync(join(w2, 'runs')).filter((f) => f.startsWith('p')).length;
    expect(r.stdout).toMatch(
      new RegExp(`^hpa-window-rate: 15 points, adaptive: ${runs} of 150 runs \\(\\d+–\\d+ seeds per point; \\d+ points dropped\\)$`, 'm'),
    );
    const first = /^1\. point (\d+):/m.exec(r.stdout)![1];
    const race = csvRows(join(w2, 'race.csv'));
    const best = race.find((row) => Object.entries(gridBest).every(([k, v]) => row[k] === String(v)))!;
    expect(first).toBe(best['point']);
    expect(readFileSync(join(w2, 'report.html'), 'utf8')).toContain('1 ★');
  });

  it('writes byte-identical outputs with --workers 1 and --workers 2', () => {
    const w1 = join(tmp, 'w1');
    expect(cli(['sweep', file, '--workers', '1', '--out', w1, '--no-progress']).status).toBe(0);
    expect(treeDigest(w1)).toEqual(treeDigest(w2));
  }, 240_000);

  it('resumes an interrupted race to exactly the files of an uninterrupted one, running only the missing runs', () => {
    const cut = join(tmp, 'cut');
    cpSync(w2, cut, { recursive: true });
    const records = readdirSync(join(cut, 'runs'))
      .filter((f) => f.startsWith('p'))
      .sort();
    // Keep the first round's runs of a few points and lose the rest, as a kill mid-race would.
    const lost = records.filter((_, i) => i % 3 !== 0);
    for (const f of lost) rmSync(join(cut, 'runs', f));
    for (const f of ['summary.csv', 'points.csv', 'race.csv', 'manifest.json', 'recommendation.json']) rmSync(join(cut, f));
    const r = cli(['sweep', file, '--workers', '2', '--out', cut, '--resume', '--no-progress']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`(${lost.length} run now, ${records.length - lost.length} resumed)`);
    expect(treeDigest(cut)).toEqual(treeDigest(w2));
  }, 240_000);

  it.each([
    [
      'an unknown objective',
      RULE.replace('flaps_per_hour, instance_hours', 'flaps_per_hr'),
      /:\d+:\d+: sweep\.adaptive\.minimize\[0\]: expected a summary metric .*got "flaps_per_hr" \(did you mean flaps_per_hour\?\)$/,
    ],
    [
      'a constraint that is not METRIC<=N',
      RULE.replace('slo_violation_s<=400', 'slo_violation_s<=fast'),
      /:\d+:\d+: sweep\.adaptive\.constraints\[0\]: expected METRIC<=N.*got "slo_violation_s<=fast"$/,
    ],
    [
      'more initial seeds than the sweep has',
      `${RULE}    initialSeeds: 11\n`,
      /:\d+:\d+: sweep\.adaptive\.initialSeeds: expected an integer from 2 to the sweep's 10 seeds, got 11/,
    ],
    [
      'no objective',
      RULE.replace('    minimize: [flaps_per_hour, instance_hours]\n', ''),
      /:\d+:\d+: sweep\.adaptive\.minimize: expected at least one metric to minimize/,
    ],
    ['no adaptive block', '', /:\d+:\d+: sweep\.adaptive: expected a block \{ constraints\?, minimize\?, maximize\?, initialSeeds\? \}/],
  ])('refuses %s with one located line and exit 2', (_, adaptive, message) => {
    const bad = join(tmp, 'bad.yaml');
    writeFileSync(bad, adaptiveText(adaptive));
    const r = cli(['sweep', bad, '--out', join(tmp, 'bad-out'), '--no-progress']);
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(lines[0]).toContain('bad.yaml:');
  });

  it('refuses an adaptive block on a grid design, and --shard on an adaptive design', () => {
    const bad = join(tmp, 'grid-with-rule.yaml');
    writeFileSync(bad, adaptiveText().replace('design: adaptive', 'design: grid'));
    const r = cli(['sweep', bad, '--out', join(tmp, 'bad-out'), '--no-progress']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/grid-with-rule\.yaml:\d+:\d+: sweep\.adaptive: expected nothing: adaptive is for design: adaptive/);
    const s = cli(['sweep', file, '--shard', '1/2', '--out', join(tmp, 'shard-out'), '--no-progress']);
    expect(s.status).toBe(2);
    expect(s.stderr).toMatch(/--shard: expected no shard for design: adaptive/);
  });
});
