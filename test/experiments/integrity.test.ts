import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI } from './cli-helpers.js';

const cliPath = resolve(CLI);
const STEP = resolve('experiments/examples/step-load.yaml');
const TINY = resolve('test/experiments/fixtures/tiny-sweep.yaml');

function run(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
}

/** Changes one digit of a CSV's second line, as a careless edit would. */
function editCell(file: string): void {
  const lines = readFileSync(file, 'utf8').split('\n');
  lines[1] = lines[1]!.replace(/\d/, (d) => String((Number(d) + 1) % 10));
  writeFileSync(file, lines.join('\n'));
}

describe('integrity of what ctrlsim wrote', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'ctrlsim-integrity-'));
    expect(run(['run', STEP, '--out', 'run'], tmp).status).toBe(0);
    expect(run(['sweep', TINY, '--workers', '1', '--out', 'sweep', '--no-progress'], tmp).status).toBe(0);
  });

  it('verifies an untouched run and sweep directory', () => {
    const r = run(['verify', 'run'], tmp);
    expect(r.stdout).toBe('verified 3 files in run: all as written\n');
    expect(r.status).toBe(0);
    const s = run(['verify', 'sweep'], tmp);
    expect(s.stdout).toBe('verified 7 files in sweep: all as written\n');
    expect(s.status).toBe(0);
  });

  // Defect: an edited summary.csv replayed as "fingerprint matches" and report rendered the edited data.
  it('names an edited file in verify (exit 1) and refuses it in replay and report (exit 2)', () => {
    const dir = join(tmp, 'edited');
    mkdirSync(dir);
    for (const f of readdirSync(join(tmp, 'run'))) copyFileSync(join(tmp, 'run', f), join(dir, f));
    editCell(join(dir, 'summary.csv'));
    const v = run(['verify', 'edited'], tmp);
    expect(v.status).toBe(1);
    expect(v.stdout).toMatch(
      /^edited\/summary\.csv: SHA-256 [0-9a-f]{12}…, the manifest records [0-9a-f]{12}… \(edited after the run\)\n1 of 3 files in edited do not match\n$/,
    );
    for (const args of [
      ['replay', 'edited'],
      ['report', 'edited'],
    ]) {
      const r = run(args, tmp);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(
        /^ctrlsim: error: edited\/summary\.csv: expected the content recorded when ctrlsim wrote it \(ctrlsim verify lists every mismatch\), got SHA-256 /,
      );
    }
  });

  // Defect: an edited runs/ record was absorbed by --resume and re-hashed into the manifest.
  it('refuses an edited run record on --resume and on merge, naming it', () => {
    const record = join(tmp, 'sweep', 'runs', readdirSync(join(tmp, 'sweep', 'runs')).find((f) => f.startsWith('p0000-'))!);
    writeFileSync(record, readFileSync(record, 'utf8').replace(/"scale_actions":\d+/, '"scale_actions":999'));
    const v = run(['verify', 'sweep'], tmp);
    expect(v.status).toBe(1);
    expect(v.stdout).toContain('p0000-s1.json: its digest says');
    const r = run(['sweep', TINY, '--workers', '1', '--out', 'sweep', '--resume', '--no-progress'], tmp);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^ctrlsim: error: .*sweep\/runs\/p0000-s1\.json: expected a run record as ctrlsim wrote it \(ctrlsim verify lists every mismatch\), got its digest says [0-9a-f]{12}…, its content hashes to [0-9a-f]{12}… \(edited after it was written\)\n$/,
    );
    const m = run(['merge', 'sweep', '--out', 'merged'], tmp);
    expect(m.status).toBe(2);
    expect(m.stderr).toMatch(/p0000-s1\.json/);
  });
});

describe('replay of every kind of run, from any directory', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'ctrlsim-replay-'));
  });

  // Defect: replay exited 2 for bring-your-own runs (#12 item 5).
  it('replays a bring-your-own controller run from another directory', () => {
    expect(run(['run', resolve('experiments/examples/byo/queue-depth.yaml'), '--out', 'byo'], tmp).status).toBe(0);
    const r = run(['replay', join(tmp, 'byo')], '/');
    expect(r.stdout).toMatch(/^fingerprint matches: [0-9a-f]{16}\n$/);
    expect(r.status).toBe(0);
  });

  // Defect: replay exited 2 for study runs.
  it('replays a study run', () => {
    expect(run(['run', resolve('experiments/examples/studies/leader-election.yaml'), '--out', 'le'], tmp).status).toBe(0);
    const r = run(['replay', 'le'], tmp);
    expect(r.stdout).toMatch(/^fingerprint matches: [0-9a-f]{16}\n$/);
    expect(r.status).toBe(0);
  });

  // Defect: a trace run started from another directory could not be replayed, and an edited trace looked like a divergence.
  it('resolves a trace against the experiment file, replays it from anywhere, and names an edited trace', () => {
    mkdirSync(join(tmp, 'cfg'));
    mkdirSync(join(tmp, 'elsewhere'));
    writeFileSync(join(tmp, 'cfg', 'load.csv'), 'timestamp,rps\n0,50\n600,80\n1200,40\n');
    writeFileSync(
      join(tmp, 'cfg', 'trace.yaml'),
      'name: trace-run\nhorizon: 30m\nservices:\n  - name: api\n    capacity: { rpsPerInstance: 100 }\n    load: [{ shape: trace, file: load.csv }]\n',
    );
    expect(run(['run', '../cfg/trace.yaml', '--out', 'tr'], join(tmp, 'elsewhere')).status).toBe(0);
    const ok = run(['replay', join(tmp, 'elsewhere', 'tr')], '/');
    expect(ok.stdout).toMatch(/^fingerprint matches/);
    expect(ok.status).toBe(0);
    appendFileSync(join(tmp, 'cfg', 'load.csv'), '1800,45\n');
    const edited = run(['replay', join(tmp, 'elsewhere', 'tr')], '/');
    expect(edited.status).toBe(2);
    expect(edited.stderr).toBe(
      `ctrlsim: error: ${join(tmp, 'cfg', 'load.csv')}: expected the input the run read (SHA-256 ${/SHA-256 ([0-9a-f]{12})…\)/.exec(edited.stderr)![1]}…), got a file whose SHA-256 is ${/is ([0-9a-f]{12})…/.exec(edited.stderr)![1]}… (changed since the run, so a replay cannot reproduce it)\n`,
    );
  });
});

describe('reads that cannot hang', () => {
  // Defect: a bring-your-own module whose top-level await never settles exited 13 with nothing printed.
  it('gives a module import a deadline and says so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctrlsim-tla-'));
    writeFileSync(join(dir, 'stuck.mjs'), 'await new Promise(() => {});\nexport default () => ({ reconcile: () => [] });\n');
    writeFileSync(
      join(dir, 'stuck.yaml'),
      'name: stuck\nhorizon: 10m\nservices:\n  - name: web\n    capacity: { rpsPerInstance: 100 }\n    load: [{ shape: constant, rps: 50 }]\ncontrollers:\n  mine:\n    kind: module\n    service: web\n    module: ./stuck.mjs\n',
    );
    const r = run(['validate', 'stuck.yaml'], dir, { CTRLSIM_MODULE_TIMEOUT: '1' });
    expect(r.stderr).toBe(
      'ctrlsim: error: stuck.yaml:11:5: controllers.mine.module: expected a module that finishes loading within 1s (CTRLSIM_MODULE_TIMEOUT raises it), got "./stuck.mjs" (still loading: a top-level await that never settles?)\n',
    );
    expect(r.status).toBe(2);
  });

  // Defect: a trace that is a FIFO hung the run.
  it('refuses a named pipe as a trace without waiting for a writer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctrlsim-fifo-'));
    expect(spawnSync('mkfifo', [join(dir, 'pipe.csv')]).status).toBe(0);
    writeFileSync(
      join(dir, 'fifo.yaml'),
      'name: fifo\nhorizon: 10m\nservices:\n  - name: web\n    capacity: { rpsPerInstance: 100 }\n    load: [{ shape: trace, file: pipe.csv }]\n',
    );
    const r = spawnSync(process.execPath, [cliPath, 'validate', 'fifo.yaml'], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    expect(r.stderr).toBe('ctrlsim: error: fifo.yaml:6:28: services[0].load[0].file: expected a regular CSV trace file, got "pipe.csv" (a named pipe)\n');
    expect(r.status).toBe(2);
  });
});
