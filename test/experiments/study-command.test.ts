import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = 'dist/experiments/runner/cli.js';
const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

describe('study files through the CLI', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'ctrlsim-study-'));

  it('run a leader-election study into a directory with its summary, rows and manifest', () => {
    const r = cli('run', 'experiments/examples/studies/leader-election.yaml', '--out', join(tmp, 'a'));
    expect(r.status).toBe(0);
    expect(readdirSync(join(tmp, 'a')).sort()).toEqual(['manifest.json', 'rows.csv', 'summary.csv']);
    expect(readFileSync(join(tmp, 'a', 'summary.csv'), 'utf8')).toMatch(/^name,seed,two_leader_s,no_leader_s/);
  });

  it('give identical bytes when run again', () => {
    expect(cli('run', 'experiments/examples/studies/leader-election.yaml', '--out', join(tmp, 'b')).status).toBe(0);
    for (const f of ['manifest.json', 'rows.csv', 'summary.csv']) {
      expect(readFileSync(join(tmp, 'b', f), 'utf8')).toBe(readFileSync(join(tmp, 'a', f), 'utf8'));
    }
  });

  // Deliberate change: a failover that never happened was written as -1, which reads (and averages) as a time.
  it('write a failover that never happened as an empty summary.csv cell, beside failovers 0', () => {
    const file = join(tmp, 'no-partition.yaml');
    writeFileSync(file, 'study: leader-election\nname: no-partition\nparams: { horizon: 3m, partitionFor: 0s }\n');
    expect(cli('run', file, '--out', join(tmp, 'no-partition')).status).toBe(0);
    const [head, row] = readFileSync(join(tmp, 'no-partition', 'summary.csv'), 'utf8')
      .trimEnd()
      .split('\n');
    const cells = Object.fromEntries(head!.split(',').map((c, i) => [c, row!.split(',')[i]]));
    expect(cells).toMatchObject({ failovers: '0', failover_s: '' });
  });

  it('pin a study run in a golden file, match it, and show a readable diff when the seed changes', () => {
    const golden = join(tmp, 'orchestration.json');
    expect(cli('run', 'experiments/examples/studies/orchestration.yaml', '--check', golden, '--bless').status).toBe(0);
    expect(JSON.parse(readFileSync(golden, 'utf8'))).toMatchObject({ name: 'zone-failure-workflow', seed: 42, extra: {} });
    const same = cli('run', 'experiments/examples/studies/orchestration.yaml', '--check', golden);
    expect(same.status).toBe(0);
    expect(same.stdout).toMatch(/^golden .* matches: zone-failure-workflow seed 42, fingerprint [0-9a-f]{16}\n$/);
    const other = cli('run', 'experiments/examples/studies/orchestration.yaml', '--seed', '2', '--check', golden);
    expect(other.status).toBe(1);
    expect(other.stdout).toMatch(/^ {2}fingerprint +golden [0-9a-f]{16}, now [0-9a-f]{16}$/m);
    expect(other.stdout).toContain(`re-bless: ctrlsim run experiments/examples/studies/orchestration.yaml --seed 2 --check ${golden} --bless`);
  });

  // Bug: a study run directory was read as a sweep and failed with an internal error (exit 1).
  it('refuse to rebuild a report for a study run, which has none, with one line and exit 2', () => {
    const r = cli('report', join(tmp, 'a'));
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `ctrlsim: error: ${join(tmp, 'a')}: expected a run directory with a report, or a sweep directory, got a study run directory (its CSVs and manifest.json are its whole output)\n`,
    );
  });

  it('validate', () => {
    const r = cli('validate', 'experiments/examples/studies/orchestration.yaml');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/ok \(orchestration study/);
  });

  it('refuse to sweep a study without a sweep section, with one clear located line and exit 2', () => {
    const file = join(tmp, 'no-sweep.yaml');
    writeFileSync(file, 'study: multi-region\nname: no-sweep\nparams: { horizon: 1m }\n');
    const r = cli('sweep', file, '--out', join(tmp, 'sweep'));
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toBe(`ctrlsim: error: ${file}:1:1: sweep: expected a sweep section (design, seeds, knobs) to run ctrlsim sweep, got nothing\n`);
  });
});
