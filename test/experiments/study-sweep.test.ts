import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LEADER_ELECTION_METRICS, LEADER_ELECTION_NULLABLE } from '../../experiments/studies/leader-election.js';
import { ORCHESTRATION_METRICS, ORCHESTRATION_NULLABLE } from '../../experiments/studies/orchestration.js';
import { cli, csvRows, treeDigest } from './cli-helpers.js';

const LEADER_ELECTION = 'experiments/examples/studies/leader-election.yaml';

/** points.csv as rows keyed by column. */
const pointsOf = (dir: string) => csvRows(join(dir, 'points.csv'));

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

  it("writes one summary.csv row per run with the knobs and the study kind's metrics, then the fingerprint", () => {
    const lines = readFileSync(join(tmp, 'w1', 'summary.csv'), 'utf8')
      .trimEnd()
      .split('\n');
    expect(lines[0]).toBe(['point', 'seed', 'params.fencing', 'params.firstLeaderDrift', ...LEADER_ELECTION_METRICS, 'fingerprint'].join(','));
    expect(lines).toHaveLength(1 + 8 * 5);
    expect(lines[1]).toMatch(/^0,42,false,0,/);
  });

  it("writes a points.csv row per point with means, 95% intervals (and seed counts of nullable metrics) and the frontier of the study's objectives", () => {
    const points = pointsOf(join(tmp, 'w1'));
    expect(points).toHaveLength(8);
    const nullable = new Set<string>(LEADER_ELECTION_NULLABLE);
    expect(Object.keys(points[0]!)).toEqual([
      'point',
      'params.fencing',
      'params.firstLeaderDrift',
      'n',
      ...LEADER_ELECTION_METRICS.flatMap((m) => [`${m}_mean`, `${m}_lo`, `${m}_hi`, ...(nullable.has(m) ? [`${m}_n`] : [])]),
      'pareto',
    ]);
    expect(points.every((p) => p['n'] === '5')).toBe(true);
    // Every point's leader zone is cut off and another replica takes over, in every seed.
    expect(points.every((p) => p['failover_s_n'] === '5' && p['failovers_mean'] === '1')).toBe(true);
    expect(points.some((p) => p['pareto'] === 'true')).toBe(true);
    expect(points.every((p) => p['pareto'] === 'true' || p['pareto'] === 'false')).toBe(true);
    const manifest = JSON.parse(readFileSync(join(tmp, 'w1', 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      study: 'leader-election',
      metrics: LEADER_ELECTION_METRICS,
      pareto: ['two_leader_s', 'no_leader_s', 'conflicting_actions'],
    });
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

  it("charts the study's own trade-off in the report, and ctrlsim report rebuilds the same bytes", () => {
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

  it("names the field and lists the study's metrics when a metric is misspelt", () => {
    const r = cli(['recommend', join(tmp, 'w1'), '--minimize', 'no_leadr_s']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `ctrlsim: error: --minimize: expected a summary metric (${LEADER_ELECTION_METRICS.join(', ')}), got "no_leadr_s" (did you mean no_leader_s?)\n`,
    );
  });

  it('validates a study file and its sweep', () => {
    const r = cli(['validate', LEADER_ELECTION]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${LEADER_ELECTION}: ok (leader-election study leader-election-partition, sweep of 8 points × 5 seeds; about 10,800 events)\n`);
  });
});

describe('ctrlsim sweep on the orchestration study', () => {
  // Deliberate change: orchestration sweeps had no frontier while "never" was −1; its times are null now, so it has objectives.
  it('fills the pareto column with the frontier of traffic_shifted_s, completed_s and messages, and says so', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'ctrlsim-orchestration-sweep-'));
    const file = join(tmp, 'orchestration.yaml');
    // The built-in study at one seed and three minutes, to stay quick.
    writeFileSync(
      file,
      readFileSync('experiments/examples/studies/orchestration.yaml', 'utf8').replace('horizon: 10m', 'horizon: 3m').replace('seeds: 3', 'seeds: 1'),
    );
    const r = cli(['sweep', file, '--out', join(tmp, 'out'), '--no-progress']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^pareto: frontier of traffic_shifted_s, completed_s, messages \(all minimized\)$/m);
    const points = pointsOf(join(tmp, 'out'));
    expect(points).toHaveLength(10);
    expect(points.every((p) => p['pareto'] === 'true' || p['pareto'] === 'false')).toBe(true);
    const frontier = points.filter((p) => p['pareto'] === 'true');
    expect(frontier.length).toBeGreaterThan(0);
    expect(Object.keys(points[0]!).filter((c) => c.endsWith('_mean'))).toEqual(ORCHESTRATION_METRICS.map((m) => `${m}_mean`));
    expect(Object.keys(points[0]!).filter((c) => c.endsWith('_n'))).toEqual(ORCHESTRATION_NULLABLE.map((m) => `${m}_n`));
    // A choreography never knows the workflow is complete: no mean, and 0 seeds with a value, rather than a mean of −1.
    for (const p of points.filter((p) => p['params.mode'] === 'choreography')) expect([p['known_complete_s_mean'], p['known_complete_s_n']]).toEqual(['', '0']);
    const pareto = readFileSync(join(tmp, 'out', 'pareto.csv'), 'utf8');
    expect(pareto.trimEnd().split('\n')).toHaveLength(1 + frontier.length);
    expect(JSON.parse(readFileSync(join(tmp, 'out', 'manifest.json'), 'utf8'))).toMatchObject({
      study: 'orchestration',
      pareto: ['traffic_shifted_s', 'completed_s', 'messages'],
    });
  });

  describe('with points whose workflow never completes', () => {
    let tmp: string;
    let whole: Record<string, string>;
    const file = () => join(tmp, 'never.yaml');

    beforeAll(() => {
      tmp = mkdtempSync(join(tmpdir(), 'ctrlsim-orchestration-never-'));
      // The hub is cut off from the start; for 20 minutes the workflow cannot finish within the 3-minute horizon.
      writeFileSync(
        file(),
        [
          'study: orchestration',
          'name: never-completes',
          'seed: 5',
          'params: { horizon: 3m, partitioned: hub, partitionAt: 0s }',
          'sweep:',
          '  design: grid',
          '  seeds: 2',
          '  knobs:',
          '    params.mode: { values: [orchestration, choreography] }',
          '    params.partitionFor: { values: [30s, 20m] }',
          '',
        ].join('\n'),
      );
      expect(cli(['sweep', file(), '--workers', '1', '--out', join(tmp, 'w1'), '--no-progress']).status).toBe(0);
      whole = treeDigest(join(tmp, 'w1'));
    });

    it('writes the never-reached times as empty summary.csv cells, not −1', () => {
      const [head, ...lines] = readFileSync(join(tmp, 'w1', 'summary.csv'), 'utf8')
        .trimEnd()
        .split('\n');
      const cols = head!.split(',');
      const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
      const never = rows.filter((r) => r['params.partitionFor'] === '20m');
      expect(never).toHaveLength(4);
      for (const r of never) expect([r['steps_done'], r['traffic_shifted_s'], r['completed_s']]).toEqual(['0', '', '']);
      expect(rows.some((r) => r['completed_s'] === '-1')).toBe(false);
    });

    it('keeps a point whose completion is null in every seed off the frontier, with completed_s_n 0', () => {
      const points = pointsOf(join(tmp, 'w1'));
      const never = points.filter((p) => p['params.partitionFor'] === '20m');
      expect(never).toHaveLength(2);
      for (const p of never) expect([p['completed_s_mean'], p['completed_s_n'], p['pareto']]).toEqual(['', '0', 'false']);
      for (const p of points.filter((p) => p['params.partitionFor'] === '30s')) expect(p['completed_s_n']).toBe('2');
      expect(points.some((p) => p['pareto'] === 'true')).toBe(true);
    });

    it('recommends only points that completed, and says which it left out', () => {
      const r = cli(['recommend', join(tmp, 'w1'), '--minimize', 'completed_s']);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^2 points left out: no seed gave completed_s a value \(points 1, 3\)$/m);
      expect(r.stdout).toMatch(/^2 of 4 points qualify/m);
    });

    it('gives byte-identical files with 2 workers, and on resume', () => {
      expect(cli(['sweep', file(), '--workers', '2', '--out', join(tmp, 'w2'), '--no-progress']).status).toBe(0);
      expect(treeDigest(join(tmp, 'w2'))).toEqual(whole);
      const r = cli(['sweep', file(), '--resume', '--out', join(tmp, 'w1'), '--no-progress']);
      expect(r.stdout).toMatch(/\(0 run now, 8 resumed\)/);
      expect(treeDigest(join(tmp, 'w1'))).toEqual(whole);
    });
  });
});
