import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LEADER_ELECTION_METRICS, LEADER_ELECTION_NULLABLE } from '../../experiments/studies/leader-election.js';
import { ORCHESTRATION_METRICS } from '../../experiments/studies/orchestration.js';
import { cli, treeDigest } from './cli-helpers.js';

const LEADER_ELECTION = 'experiments/studies/leader-election.yaml';

/** points.csv as rows keyed by column. */
function pointsOf(dir: string): Array<Record<string, string>> {
  const [head, ...lines] = readFileSync(join(dir, 'points.csv'), 'utf8').trimEnd().split('\n');
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
}

describe('ctrlsim sweep on a study file', () => {
  let tmp: string;
  let whole: Record<string, string>;

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'ctrlsim-study-sweep-'));
    const r = cli(['sweep', LEADER_ELECTION, '--workers', '1', '--out', join(tmp, 'w1')]);
    expect(r.stderr).toMatch(/ctrlsim: sweep leader-election study leader-election-partition: 40\/40 runs \(100%\), done in/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^pareto: frontier of two_leader_s, no_leader_s, conflicting_actions \(all minimized\)$/m);
    whole = treeDigest(join(tmp, 'w1'));
  });

  it('writes one summary.csv row per run with the knobs and the study kind\'s metrics, then the fingerprint', () => {
    const lines = readFileSync(join(tmp, 'w1', 'summary.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe(['point', 'seed', 'params.fencing', 'params.firstLeaderDrift', ...LEADER_ELECTION_METRICS, 'fingerprint'].join(','));
    expect(lines).toHaveLength(1 + 8 * 5);
    expect(lines[1]).toMatch(/^0,42,false,0,/);
  });

  it('writes a points.csv row per point with means, 95% intervals (and seed counts of nullable metrics) and the frontier of the study\'s objectives', () => {
    const points = pointsOf(join(tmp, 'w1'));
    expect(points).toHaveLength(8);
    const nullable = new Set<string>(LEADER_ELECTION_NULLABLE);
    expect(Object.keys(points[0]!)).toEqual(
      ['point', 'params.fencing', 'params.firstLeaderDrift', 'n', ...LEADER_ELECTION_METRICS.flatMap((m) => [`${m}_mean`, `${m}_lo`, `${m}_hi`, ...(nullable.has(m) ? [`${m}_n`] : [])]), 'pareto'],
    );
    expect(points.every((p) => p['n'] === '5')).toBe(true);
    // Every point's leader zone is cut off and another replica takes over, in every seed.
    expect(points.every((p) => p['failover_s_n'] === '5' && p['failovers_mean'] === '1')).toBe(true);
    expect(points.some((p) => p['pareto'] === 'true')).toBe(true);
    expect(points.every((p) => p['pareto'] === 'true' || p['pareto'] === 'false')).toBe(true);
    const manifest = JSON.parse(readFileSync(join(tmp, 'w1', 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ study: 'leader-election', metrics: LEADER_ELECTION_METRICS, pareto: ['two_leader_s', 'no_leader_s', 'conflicting_actions'] });
  });

  it('shows what fencing does: no split-brain action is applied with it, some are without it', () => {
    const points = pointsOf(join(tmp, 'w1'));
    const fenced = points.filter((p) => p['params.fencing'] === 'true');
    const unfenced = points.filter((p) => p['params.fencing'] === 'false');
    expect(fenced.map((p) => Number(p['deposed_actions_applied_mean']))).toEqual([0, 0, 0, 0]);
    expect(unfenced.some((p) => Number(p['deposed_actions_applied_mean']) > 0)).toBe(true);
  });

  it('gives byte-identical files with 1 and with 2 workers', () => {
    expect(cli(['sweep', LEADER_ELECTION, '--workers', '2', '--out', join(tmp, 'w2'), '--no-progress']).status).toBe(0);
    expect(treeDigest(join(tmp, 'w2'))).toEqual(whole);
  });

  it('gives byte-identical files when shards 1/2 and 2/2 are merged', () => {
    for (const i of [1, 2]) expect(cli(['sweep', LEADER_ELECTION, '--shard', `${i}/2`, '--out', join(tmp, `shard-${i}`), '--no-progress']).status).toBe(0);
    expect(cli(['merge', join(tmp, 'shard-1'), join(tmp, 'shard-2'), '--out', join(tmp, 'merged')]).status).toBe(0);
    expect(treeDigest(join(tmp, 'merged'))).toEqual(whole);
  });

  it('resumes a finished study sweep without rerunning anything, rewriting identical files', () => {
    const r = cli(['sweep', LEADER_ELECTION, '--resume', '--out', join(tmp, 'w1'), '--no-progress']);
    expect(r.stdout).toMatch(/\(0 run now, 40 resumed\)/);
    expect(treeDigest(join(tmp, 'w1'))).toEqual(whole);
  });

  it('charts the study\'s own trade-off in the report, and ctrlsim report rebuilds the same bytes', () => {
    expect(Object.keys(whole)).toEqual(expect.arrayContaining(['report.html', 'tradeoff.vl.json', 'heatmaps.vl.json']));
    expect(readFileSync(join(tmp, 'w1', 'report.html'), 'utf8')).toContain('two_leader_s vs no_leader_s');
    expect(cli(['report', join(tmp, 'w2')]).status).toBe(0);
    expect(treeDigest(join(tmp, 'w2'))).toEqual(whole);
  });

  it('recommends on a study metric: no split-brain action applied, then the least leaderless time', () => {
    const r = cli(['recommend', join(tmp, 'w1'), '--constraint', 'deposed_actions_applied<=0', '--minimize', 'no_leader_s']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^leader-election-partition: 8 points × 5 seeds$/m);
    expect(r.stdout).toMatch(/^4 of 8 points qualify; best first by lowest mean no_leader_s/m);
    expect(r.stdout).toMatch(/^1\. point \d+: params\.fencing=true, params\.firstLeaderDrift=\S+$/m);
    expect(r.stdout).not.toMatch(/params\.fencing=false/);
  });

  it('names the field and lists the study\'s metrics when a metric is misspelt', () => {
    const r = cli(['recommend', join(tmp, 'w1'), '--minimize', 'no_leadr_s']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`ctrlsim: error: --minimize: expected a summary metric (${LEADER_ELECTION_METRICS.join(', ')}), got "no_leadr_s" (did you mean no_leader_s?)\n`);
  });

  it('validates a study file and its sweep', () => {
    const r = cli(['validate', LEADER_ELECTION]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${LEADER_ELECTION}: ok (leader-election study leader-election-partition, sweep of 8 points × 5 seeds)\n`);
  });
});

describe('ctrlsim sweep on a study kind without a clear trio of objectives', () => {
  it('leaves the pareto column empty and pareto.csv with its header only, and says so', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'ctrlsim-orchestration-sweep-'));
    const file = join(tmp, 'orchestration.yaml');
    // The built-in study at one seed and three minutes, to stay quick.
    writeFileSync(file, readFileSync('experiments/studies/orchestration.yaml', 'utf8').replace('horizon: 10m', 'horizon: 3m').replace('seeds: 3', 'seeds: 1'));
    const r = cli(['sweep', file, '--out', join(tmp, 'out'), '--no-progress']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^pareto: none for orchestration \(its points\.csv leaves the column empty\)$/m);
    const points = pointsOf(join(tmp, 'out'));
    expect(points).toHaveLength(10);
    expect(points.every((p) => p['pareto'] === '')).toBe(true);
    expect(Object.keys(points[0]!).filter((c) => c.endsWith('_mean'))).toEqual(ORCHESTRATION_METRICS.map((m) => `${m}_mean`));
    const pareto = readFileSync(join(tmp, 'out', 'pareto.csv'), 'utf8');
    expect(pareto.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(tmp, 'out', 'manifest.json'), 'utf8'))).toMatchObject({ study: 'orchestration', pareto: [] });
  });
});
