import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml } from '../../reports/html.js';
import { cli, treeDigest } from './cli-helpers.js';

const FIXTURE = 'test/experiments/fixtures/small-sweep.yaml';
const RESULT_FILES = ['manifest.json', 'pareto.csv', 'points.csv', 'report.html', 'summary.csv'];

describe('ctrlsim sweep', () => {
  let tmp: string;
  let whole: Record<string, string>;

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'ctrlsim-sweep-'));
    const r = cli(['sweep', FIXTURE, '--workers', '1', '--out', join(tmp, 'w1')]);
    expect(r.stderr).toMatch(/ctrlsim: sweep small-sweep: 24\/24 runs \(100%\), done in/);
    expect(r.status).toBe(0);
    whole = treeDigest(join(tmp, 'w1'));
  });

  it('writes one row per run to summary.csv, sorted by point then seed, with knobs, metrics and fingerprint', () => {
    expect(Object.keys(whole)).toEqual(expect.arrayContaining([...RESULT_FILES, 'runs/sweep.json', 'runs/p0000-s3.json', 'runs/p0005-s6.json']));
    const lines = readFileSync(join(tmp, 'w1', 'summary.csv'), 'utf8')
      .trimEnd()
      .split('\n');
    expect(lines[0]).toBe(
      'point,seed,controllers.autoscaler.scaleDownCooldown,controllers.autoscaler.target,controllers.autoscaler.tolerance,' +
        'scale_actions,flaps_per_hour,replica_churn,wasted_instance_s,reaction_time_s,max_reaction_time_s,slo_violation_s,' +
        'dropped_requests,served_requests,arrived_requests,instance_hours,mean_utilization,stale_routes,false_evictions,' +
        'shortfall_requests,time_to_adequate_s,max_time_to_adequate_s,overprovisioned_rps_s,latency_mean_ms,latency_p95_ms,latency_p99_ms,error_budget_burn,fingerprint',
    );
    expect(lines).toHaveLength(25);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual([0, 1, 2, 3, 4, 5].flatMap((p) => [3, 4, 5, 6].map((s) => `${p},${s}`)));
  });

  it('writes per-point means with 95% intervals, and flags the Pareto frontier in points.csv and pareto.csv', () => {
    const [head, ...rows] = readFileSync(join(tmp, 'w1', 'points.csv'), 'utf8')
      .trimEnd()
      .split('\n');
    const cols = head!.split(',');
    expect(cols).toEqual(expect.arrayContaining(['n', 'flaps_per_hour_mean', 'flaps_per_hour_lo', 'flaps_per_hour_hi', 'pareto']));
    expect(rows).toHaveLength(6);
    const at = (row: string, c: string) => row.split(',')[cols.indexOf(c)]!;
    for (const row of rows) {
      expect(at(row, 'n')).toBe('4');
      expect(Number(at(row, 'slo_violation_s_lo'))).toBeLessThanOrEqual(Number(at(row, 'slo_violation_s_mean')));
      expect(Number(at(row, 'slo_violation_s_hi'))).toBeGreaterThanOrEqual(Number(at(row, 'slo_violation_s_mean')));
    }
    const frontier = rows.filter((r) => at(r, 'pareto') === 'true');
    expect(frontier.length).toBeGreaterThan(0);
    expect(readFileSync(join(tmp, 'w1', 'pareto.csv'), 'utf8')).toBe([head, ...frontier].join('\n') + '\n');
  });

  it('gives byte-identical files with 1 and with 2 workers', () => {
    expect(cli(['sweep', FIXTURE, '--workers', '2', '--out', join(tmp, 'w2'), '--no-progress']).status).toBe(0);
    expect(treeDigest(join(tmp, 'w2'))).toEqual(whole);
  });

  it('gives byte-identical files when shards 1/3, 2/3 and 3/3 are merged', () => {
    for (const i of [1, 2, 3]) {
      const r = cli(['sweep', FIXTURE, '--shard', `${i}/3`, '--workers', '2', '--out', join(tmp, `shard-${i}`), '--no-progress']);
      expect(r.stdout).toMatch(new RegExp(`shard ${i}/3 of small-sweep .*: 8 runs`));
      expect(r.status).toBe(0);
    }
    const r = cli(['merge', ...[1, 2, 3].map((i) => join(tmp, `shard-${i}`)), '--out', join(tmp, 'merged')]);
    expect(r.status).toBe(0);
    expect(treeDigest(join(tmp, 'merged'))).toEqual(whole);
  });

  it('takes the shard from JOB_COMPLETION_INDEX (0-based) and --shards, as a Kubernetes Indexed Job pod does', () => {
    const r = cli(['sweep', FIXTURE, '--shards', '3', '--out', join(tmp, 'k8s-1'), '--no-progress'], { JOB_COMPLETION_INDEX: '1' });
    expect(r.status).toBe(0);
    expect(readdirSync(join(tmp, 'k8s-1', 'runs')).sort()).toEqual(readdirSync(join(tmp, 'shard-2', 'runs')).sort());
  });

  it('refuses to merge shards that miss runs, naming the first missing one', () => {
    const r = cli(['merge', join(tmp, 'shard-1'), join(tmp, 'shard-3'), '--out', join(tmp, 'partial')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'ctrlsim: error: dirs: expected shard directories that together hold every run of the sweep, got 8 of 24 runs missing, the first point 0 seed 4\n',
    );
  });

  it('refuses a non-empty output directory without --resume or --force, and leaves it untouched', () => {
    const dir = join(tmp, 'occupied');
    mkdirSync(dir);
    writeFileSync(join(dir, 'keep.txt'), 'mine');
    const r = cli(['sweep', FIXTURE, '--out', dir, '--no-progress']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^ctrlsim: error: --out: expected a new or empty directory \(or pass --resume to continue the sweep there, or --force to replace it\), got ".*occupied" \(exists and is not empty\)\n$/,
    );
    expect(readdirSync(dir)).toEqual(['keep.txt']);
    expect(readFileSync(join(dir, 'keep.txt'), 'utf8')).toBe('mine');
  });

  it('refuses to resume a directory that holds a sweep of another configuration', () => {
    const other = join(tmp, 'other.yaml');
    writeFileSync(other, readFileSync(FIXTURE, 'utf8').replace('points: 6', 'points: 5'));
    const r = cli(['sweep', other, '--resume', '--out', join(tmp, 'w1'), '--no-progress']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^ctrlsim: error: --resume: expected a sweep directory of this configuration \(hash [0-9a-f]{16}\), or --force to replace it, got ".*w1" \(a sweep of another configuration, hash [0-9a-f]{16}\)\n$/,
    );
  });

  it('rebuilds the same report.html with ctrlsim report', () => {
    const r = cli(['report', join(tmp, 'w2')]);
    expect(r.status).toBe(0);
    expect(treeDigest(join(tmp, 'w2'))).toEqual(whole);
  });

  it('compares a run directory and a sweep directory on one page, and never overwrites that page without --force', () => {
    expect(cli(['run', FIXTURE, '--out', join(tmp, 'one-run')]).status).toBe(0);
    const page = join(tmp, 'compare.html');
    const r = cli(['report', join(tmp, 'one-run'), join(tmp, 'w2'), '--out', page]);
    expect(r.stdout).toBe(`wrote ${page} (compare report of 2 directories)\n`);
    expect(readFileSync(page, 'utf8')).toMatch(/^<!doctype html>/);
    const again = cli(['report', join(tmp, 'one-run'), join(tmp, 'w2'), '--out', page]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/^ctrlsim: error: --out: expected a file that does not exist yet \(or pass --force to replace it\)/);
  });

  it('resumes a finished sweep without rerunning anything, rewriting identical files', () => {
    const r = cli(['sweep', FIXTURE, '--resume', '--out', join(tmp, 'w1'), '--no-progress']);
    expect(r.stdout).toMatch(/\(0 run now, 24 resumed\)/);
    expect(treeDigest(join(tmp, 'w1'))).toEqual(whole);
  });
});

describe('ctrlsim recommend', () => {
  let dir: string;

  beforeAll(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'ctrlsim-recommend-')), 'sweep');
    expect(cli(['sweep', FIXTURE, '--workers', '2', '--out', dir, '--no-progress']).status).toBe(0);
  });

  it('prints the qualifying settings best first, with 95% intervals, checking constraints on the interval bound', () => {
    const r = cli(['recommend', dir, '--constraint', 'slo_violation_s<=400', '--minimize', 'flaps_per_hour']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/constraints slo_violation_s<=400 checked on the far end of each 95% interval/);
    expect(r.stdout).toMatch(/points qualify; best first by lowest mean flaps_per_hour/);
    expect(r.stdout).toMatch(
      /^1\. point \d+: controllers\.autoscaler\.scaleDownCooldown=\S+, controllers\.autoscaler\.target=\S+, controllers\.autoscaler\.tolerance=\S+$/m,
    );
    expect(r.stdout).toMatch(/^ {5}flaps_per_hour +[\d.]+ \[[\d.-]+, [\d.-]+\]$/m);
    expect(r.stdout).toMatch(/^ {5}slo_violation_s +[\d.]+ \[[\d.-]+, [\d.-]+\] +slo_violation_s<=400 checked on [\d.]+$/m);
  });

  it('saves the best setting with --save and shows it on top of the sweep report', () => {
    const r = cli(['recommend', dir, '--constraint', 'slo_violation_s<=400', '--minimize', 'flaps_per_hour', '--save']);
    expect(r.status).toBe(0);
    const saved = JSON.parse(readFileSync(join(dir, 'recommendation.json'), 'utf8')) as { text: string; settings: Record<string, unknown> };
    expect(saved.text).toMatch(/^Best by lowest mean flaps_per_hour with slo_violation_s<=400 \(checked on the far end of each 95% interval\): point \d+, /);
    expect(Object.keys(saved.settings)).toEqual([
      'controllers.autoscaler.scaleDownCooldown',
      'controllers.autoscaler.target',
      'controllers.autoscaler.tolerance',
    ]);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('Best by lowest mean flaps_per_hour with slo_violation_s&lt;=400');
  });

  it('exits 1 when no setting qualifies, naming the binding constraint, the nearest misses and whether a knob moves that metric', () => {
    const r = cli(['recommend', dir, '--constraint', 'slo_violation_s<0', '--minimize', 'flaps_per_hour']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^no point meets every constraint$/m);
    expect(r.stdout).toMatch(
      /^binding: slo_violation_s<0: 0 of 6 points meet it; the nearest, point \d+ \(.*\), is checked on [\d.]+ \(mean [\d.]+\), [\d.]+ short$/m,
    );
    expect(r.stdout).toMatch(/^ {2}(knobs that move slo_violation_s: |no knob in this sweep moves slo_violation_s)/m);
    expect(r.stdout).toMatch(/^nearest misses \(by their largest miss relative to its bound\):$/m);
    expect(r.stdout).toMatch(/^ {5}misses: slo_violation_s<0 missed by [\d.]+ \(checked on [\d.]+\)$/m);
    // The defect: "try more seeds" was advised even when no number of seeds could help.
    expect(r.stdout).not.toMatch(/try more seeds/);
  });

  it("ranks the sweep report's table by the recommendation's rule: its rank 1 is the saved recommendation, and its explanation is recommend --explain line for line", () => {
    const args = ['recommend', dir, '--constraint', 'slo_violation_s<=400', '--minimize', 'flaps_per_hour', '--minimize', 'instance_hours', '--explain'];
    const r = cli([...args, '--save']);
    expect(r.status).toBe(0);
    const saved = JSON.parse(readFileSync(join(dir, 'recommendation.json'), 'utf8')) as { settings: Record<string, unknown>; rule: { objectives: unknown[] } };
    expect(saved.rule.objectives).toHaveLength(2);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    const highlighted = /<tr class="hl"><td>([^<]*)<\/td><td>(\d+)<\/td>/.exec(html)!;
    expect(highlighted[1]).toBe('1 ★');
    const best = /^1\. point (\d+):/m.exec(r.stdout)!;
    expect(highlighted[2]).toBe(best[1]);
    const lines = r.stdout.split('\n');
    const why = lines.slice(
      lines.findIndex((l) => l.startsWith('rule: ')),
      lines.findIndex((l) => l.startsWith('saved ')),
    );
    expect(html).toContain(`<p class="text">${escapeHtml(why.join('\n'))}</p>`);
  });

  it.each([
    [
      'slo_violation_s=<60',
      /--constraint: expected METRIC<=N, METRIC<N, METRIC>=N or METRIC>N with a summary metric, e\.g\. slo_violation_s<=60, got "slo_violation_s=<60"/,
    ],
    ['slo_violaton_s<=60', /--constraint: expected a summary metric \(.*\), got "slo_violaton_s" \(did you mean slo_violation_s\?\)/],
    ['slo_violation_s<=sixty', /--constraint: expected METRIC<=N/],
  ])('exits 2 with one clear line on the malformed constraint %s', (constraint, message) => {
    const r = cli(['recommend', dir, '--constraint', constraint, '--minimize', 'flaps_per_hour']);
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});
