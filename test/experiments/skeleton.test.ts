import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExperimentFile } from '../../experiments/config/load.js';
import { runToDirectory } from '../../experiments/runner/write-run.js';
import { runLikeTheCli } from './run-like-cli.js';

const EXAMPLE = 'experiments/examples/step-load.yaml';
const CLI = 'dist/experiments/runner/cli.js';

/** Each file's SHA-256: equal digests mean byte-identical files, and a mismatch names the file. */
function filesOf(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((f) => [
        f,
        createHash('sha256')
          .update(readFileSync(join(dir, f)))
          .digest('hex'),
      ]),
  );
}

function text(dir: string, file: string): string {
  return readFileSync(join(dir, file), 'utf8');
}

function cli(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
}

describe('the built-in step-load experiment', () => {
  let tmp: string;
  let first: Record<string, string>;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ctrlsim-skeleton-'));
    await runLikeTheCli(EXAMPLE, join(tmp, 'a'));
    first = filesOf(join(tmp, 'a'));
  });

  it('writes the time series, summary, events, manifest, report and chart specs', () => {
    expect(Object.keys(first)).toEqual(
      expect.arrayContaining(['timeseries.csv', 'summary.csv', 'events.csv', 'manifest.json', 'report.html', 'replicas.vl.json']),
    );
    const manifest = JSON.parse(text(join(tmp, 'a'), 'manifest.json')) as { fingerprint: string; seed: number };
    expect(manifest.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(manifest.seed).toBe(42);
  });

  it('logs every scale action with its reason', () => {
    const actions = text(join(tmp, 'a'), 'events.csv')
      .split('\n')
      .filter((l) => l.includes(',action,scale,'));
    expect(actions.length).toBeGreaterThan(0);
    for (const line of actions) expect(line).toMatch(/cpu_utilization=.* → \d+$/);
  });

  it('gives identical bytes in every output when run twice in one process', async () => {
    await runLikeTheCli(EXAMPLE, join(tmp, 'b'));
    expect(filesOf(join(tmp, 'b'))).toEqual(first);
  });

  it('gives identical bytes in every output when run from another process through the CLI', () => {
    const r = cli('run', EXAMPLE, '--out', join(tmp, 'c'));
    expect(r.status).toBe(0);
    expect(filesOf(join(tmp, 'c'))).toEqual(first);
  });

  it('replays to the same fingerprint', () => {
    const r = cli('replay', join(tmp, 'a'));
    expect(r.stdout).toMatch(/fingerprint matches/);
    expect(r.status).toBe(0);
  });

  it('reports where a replay diverges when the run no longer matches its manifest', () => {
    const dir = join(tmp, 'tampered');
    runToDirectory(loadExperimentFile(EXAMPLE), { out: dir });
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { config: { services: Array<{ load: unknown[] }> } };
    // A changed config stands in for a changed model: the load steps up 10 minutes into the run.
    manifest.config.services[0]!.load = [
      {
        shape: 'step',
        steps: [
          { at: '0s', rps: 250 },
          { at: '10m', rps: 900 },
        ],
      },
    ];
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    const r = cli('replay', dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/fingerprint differs/);
    expect(r.stdout).toMatch(/first divergence between virtual time \d+s and \d+s/);
  });

  it('refuses to overwrite a non-empty output directory without --force, and leaves it untouched', () => {
    const r = cli('run', EXAMPLE, '--out', join(tmp, 'a'), '--seed', '7');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--out: expected a new or empty directory/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(filesOf(join(tmp, 'a'))).toEqual(first);
  });

  it('changes its outputs when the seed changes', () => {
    const r = cli('run', EXAMPLE, '--out', join(tmp, 'seed7'), '--seed', '7');
    expect(r.status).toBe(0);
    expect(filesOf(join(tmp, 'seed7'))['timeseries.csv']).not.toEqual(first['timeseries.csv']);
  });
});
