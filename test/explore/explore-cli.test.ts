import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../experiments/cli-helpers.js';

const scratch = mkdtempSync(join(tmpdir(), 'ctrlsim-explore-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const UNFENCED = 'experiments/examples/explore/leader-election-unfenced.yaml';

describe('ctrlsim explore on the command line', () => {
  it('exits 1 naming the violated property and its reproducer, which ctrlsim run fails the same way', () => {
    const out = join(scratch, 'cli');
    const r = cli(['explore', UNFENCED, '--runs', '30', '--workers', '1', '--out', out, '--no-progress']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/violated no-deposed-leader-action \(safety\) in \d+ of 30 runs; first in run 25/);
    const run = cli(['run', join(out, 'failures', 'no-deposed-leader-action.yaml'), '--out', join(scratch, 'repro')]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^ctrlsim: run failed: property no-deposed-leader-action \(safety\) violated at [\d.]+s \(seed \d+\): /m);
  });

  it('stores the same runs with 1 and 2 workers', () => {
    const a = join(scratch, 'w1');
    const b = join(scratch, 'w2');
    cli(['explore', UNFENCED, '--runs', '16', '--workers', '1', '--out', a, '--no-progress']);
    cli(['explore', UNFENCED, '--runs', '16', '--workers', '2', '--out', b, '--no-progress']);
    const files = readdirSync(join(a, 'runs')).sort();
    expect(readdirSync(join(b, 'runs')).sort()).toEqual(files);
    for (const f of files) expect(readFileSync(join(b, 'runs', f), 'utf8')).toBe(readFileSync(join(a, 'runs', f), 'utf8'));
    expect(readFileSync(join(b, 'findings.json'), 'utf8')).toBe(readFileSync(join(a, 'findings.json'), 'utf8'));
  });

  it('refuses bad input with exit 2 and one line, before running anything', () => {
    const r = cli(['explore', UNFENCED, '--runs', '0', '--out', join(scratch, 'bad')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('ctrlsim: error: --runs: expected an integer ≥ 1, got 0\n');
    const study = cli(['explore', 'experiments/examples/studies/multi-region.yaml', '--out', join(scratch, 'bad2')]);
    expect(study.status).toBe(2);
    expect(study.stderr).toMatch(/study: expected a study explore can play faults on: leader-election, got "multi-region"/);
  });
});
