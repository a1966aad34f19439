import { readFileSync, readdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SUMMARY_METRICS } from '../../sim/world/run-metrics.js';
import { cli, csvRows, treeDigest } from './cli-helpers.js';

/** 4 points × 3 seeds of a short rolling update; its controller reports deploy.<metric>. */
const FIXTURE = 'test/experiments/fixtures/extra-metrics-sweep.yaml';
const KNOBS = ['controllers.deploy.startAt', 'controllers.deploy.maxSurge'];
const EXTRA = [
  'deploy.new_version_requests',
  'deploy.rollout_aborted',
  'deploy.rollout_completed',
  'deploy.rollout_deadline_exceeded',
  'deploy.time_to_detect_s',
  'deploy.time_to_full_rollout_s',
];

describe('a sweep whose runs report extra (controller) metrics', () => {
  let tmp: string;
  let whole: Record<string, string>;

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'ctrlsim-extra-sweep-'));
    const r = cli(['sweep', FIXTURE, '--workers', '1', '--out', join(tmp, 'w1'), '--no-progress']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^metrics: 22 summary metrics and 6 more \(deploy\.new_version_requests, .*deploy\.time_to_full_rollout_s\)$/m);
    whole = treeDigest(join(tmp, 'w1'));
  });

  it('writes their columns in summary.csv after the fixed ones, in the order the runs report them, with empty cells for nulls', () => {
    const head = readFileSync(join(tmp, 'w1', 'summary.csv'), 'utf8').split('\n')[0];
    expect(head).toBe(['point', 'seed', ...KNOBS, ...SUMMARY_METRICS, ...EXTRA, 'fingerprint'].join(','));
    const runs = csvRows(join(tmp, 'w1', 'summary.csv'));
    expect(runs).toHaveLength(12);
    // No rollout detects a failure here, and one starting at 19m of 20 never completes.
    expect(runs.every((r) => r['deploy.time_to_detect_s'] === '')).toBe(true);
    expect(runs.filter((r) => r['controllers.deploy.startAt'] === '19m').every((r) => r['deploy.time_to_full_rollout_s'] === '')).toBe(true);
    expect(runs.filter((r) => r['controllers.deploy.startAt'] === '2m').every((r) => Number(r['deploy.time_to_full_rollout_s']) > 0)).toBe(true);
  });

  it('aggregates them in points.csv over the seeds that have a value, with that count as <metric>_n, and leaves all-null points empty', () => {
    const points = csvRows(join(tmp, 'w1', 'points.csv'));
    expect(points).toHaveLength(4);
    const cols = Object.keys(points[0]!);
    expect(cols.slice(-1 - 4 * EXTRA.length)).toEqual([...EXTRA.flatMap((m) => [`${m}_mean`, `${m}_lo`, `${m}_hi`, `${m}_n`]), 'pareto']);
    expect(cols).not.toContain('flaps_per_hour_n');
    for (const p of points) {
      const completes = p['controllers.deploy.startAt'] === '2m';
      expect(p['deploy.time_to_full_rollout_s_n']).toBe(completes ? '3' : '0');
      expect(p['deploy.time_to_full_rollout_s_mean'] === '').toBe(!completes);
      expect(p['deploy.time_to_full_rollout_s_lo'] === '').toBe(!completes);
      expect(p['deploy.time_to_detect_s_mean']).toBe('');
      expect(p['deploy.rollout_completed_mean']).toBe(completes ? '1' : '0');
    }
    const manifest = JSON.parse(readFileSync(join(tmp, 'w1', 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest['metrics']).toEqual([...SUMMARY_METRICS, ...EXTRA]);
    expect(manifest['extraMetrics']).toEqual(EXTRA);
    expect(manifest['pareto']).toEqual(['flaps_per_hour', 'slo_violation_s', 'instance_hours']);
  });

  it('keeps them in each run record, so a resumed sweep rewrites identical files', () => {
    const record = JSON.parse(readFileSync(join(tmp, 'w1', 'runs', 'p0002-s5.json'), 'utf8')) as { extra: Record<string, number | null> };
    expect(Object.keys(record.extra)).toEqual(EXTRA);
    expect(record.extra['deploy.time_to_full_rollout_s']).toBeNull();
    const r = cli(['sweep', FIXTURE, '--resume', '--out', join(tmp, 'w1'), '--no-progress']);
    expect(r.stdout).toMatch(/\(0 run now, 12 resumed\)/);
    expect(treeDigest(join(tmp, 'w1'))).toEqual(whole);
  });

  it('gives byte-identical files with 1 and with 2 workers', () => {
    expect(cli(['sweep', FIXTURE, '--workers', '2', '--out', join(tmp, 'w2'), '--no-progress']).status).toBe(0);
    expect(treeDigest(join(tmp, 'w2'))).toEqual(whole);
  });

  it('charts them as heatmaps after the key metrics in the sweep report', () => {
    const spec = readFileSync(join(tmp, 'w1', 'heatmaps.vl.json'), 'utf8');
    expect(spec).toContain('"text": "deploy.new_version_requests"');
  });

  it('recommends on an extra metric, as a constraint and as the objective', () => {
    const r = cli([
      'recommend',
      join(tmp, 'w1'),
      '--constraint',
      'deploy.rollout_completed>=1',
      '--minimize',
      'deploy.time_to_full_rollout_s',
      '--basis',
      'mean',
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^2 of 4 points qualify; best first by lowest mean deploy\.time_to_full_rollout_s/m);
    expect(r.stdout).toMatch(/^1\. point 1: controllers\.deploy\.startAt=2m, controllers\.deploy\.maxSurge=50%$/m);
    expect(r.stdout).toMatch(/^ {5}deploy\.rollout_completed +1 \[1, 1\] +deploy\.rollout_completed>=1 checked on 1$/m);
  });

  it('leaves out, and says so, the points where no seed gave the objective a value', () => {
    const r = cli(['recommend', join(tmp, 'w1'), '--minimize', 'deploy.time_to_full_rollout_s']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^2 points left out: no seed gave deploy\.time_to_full_rollout_s a value \(points 2, 3\)$/m);
    expect(r.stdout).toMatch(/^2 of 4 points qualify/m);
  });

  it('names the field, lists every metric (extras included) and suggests the closest on a misspelt metric', () => {
    const r = cli(['recommend', join(tmp, 'w1'), '--constraint', 'deploy.time_to_ful_rollout_s<=300', '--minimize', 'flaps_per_hour']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `ctrlsim: error: --constraint: expected a summary metric (${[...SUMMARY_METRICS, ...EXTRA].join(', ')}), got "deploy.time_to_ful_rollout_s" (did you mean deploy.time_to_full_rollout_s?)\n`,
    );
  });
});

describe('a sweep directory written before sweeps kept extra metrics (run-store format 1)', () => {
  let dir: string;

  beforeAll(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'ctrlsim-format1-')), 'old');
    expect(cli(['sweep', FIXTURE, '--workers', '2', '--out', dir, '--no-progress']).status).toBe(0);
    // Rewrite it as the previous ctrlsim left it: no format in the identity, no extra in the records.
    const runs = join(dir, 'runs');
    const identity = JSON.parse(readFileSync(join(runs, 'sweep.json'), 'utf8')) as Record<string, unknown>;
    delete identity['format'];
    writeFileSync(join(runs, 'sweep.json'), JSON.stringify(identity, null, 2) + '\n');
    for (const f of readdirSync(runs).filter((n) => n.startsWith('p'))) {
      const record = JSON.parse(readFileSync(join(runs, f), 'utf8')) as Record<string, unknown>;
      delete record['extra'];
      // Nor a digest: records carry one since issue 17.
      delete record['digest'];
      writeFileSync(join(runs, f), JSON.stringify(record) + '\n');
    }
  });

  it('refuses --resume with one line saying why and what to do, and touches nothing', () => {
    const before = treeDigest(dir);
    const r = cli(['sweep', FIXTURE, '--resume', '--out', dir, '--no-progress']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^ctrlsim: error: --resume: expected a run store of format 2 \(records with service and controller metrics\), or --force to rerun the sweep, got ".*old" \(format 1, written before sweeps kept those metrics; its results stay readable by recommend, report and merge\)\n$/,
    );
    expect(treeDigest(dir)).toEqual(before);
  });

  it('still answers recommend on the summary metrics', () => {
    const r = cli(['recommend', dir, '--minimize', 'slo_violation_s']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^4 of 4 points qualify/m);
  });

  it('merges into a directory of the same format', () => {
    const out = join(dir, '..', 'merged');
    expect(cli(['merge', dir, '--out', out]).status).toBe(0);
    expect(readFileSync(join(out, 'summary.csv'), 'utf8').split('\n')[0]).toBe(['point', 'seed', ...KNOBS, ...SUMMARY_METRICS, 'fingerprint'].join(','));
    expect(readFileSync(join(out, 'runs', 'p0000-s5.json'), 'utf8')).toBe(readFileSync(join(dir, 'runs', 'p0000-s5.json'), 'utf8'));
  });
});
