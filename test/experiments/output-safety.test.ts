import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI } from './cli-helpers.js';

const cliPath = resolve(CLI);
const STEP = resolve('experiments/examples/step-load.yaml');
const TINY = resolve('test/experiments/fixtures/tiny-sweep.yaml');

/** Runs the built CLI in `cwd`. */
function run(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
}

/** A pid no process has: the largest pid Linux can hand out, plus one. */
const DEAD_PID = 4_194_305;

describe('output directories are sacred', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'ctrlsim-safety-'));
  });

  // Defect: `run --out . --force` deleted the working directory's src/.
  it('never replaces the current directory, even with --force, and leaves its files in place', () => {
    const cwd = join(tmp, 'project');
    mkdirSync(join(cwd, 'src'), { recursive: true });
    writeFileSync(join(cwd, 'src', 'a.c'), 'int main;\n');
    const r = run(['run', STEP, '--out', '.', '--force'], cwd);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'ctrlsim: error: --out: expected a directory of its own for ctrlsim output (never the root, your home, the current directory or its parents), got "." (the current directory)\n',
    );
    expect(readFileSync(join(cwd, 'src', 'a.c'), 'utf8')).toBe('int main;\n');
    for (const out of ['..', '/', process.env['HOME'] ?? '/root']) expect(run(['run', STEP, '--out', out, '--force'], cwd).status).toBe(2);
  });

  // Defect: --force deleted any directory recursively (a sweep wiped docs/).
  it('refuses --force on a directory ctrlsim did not write, for run and sweep alike', () => {
    const cwd = join(tmp, 'docs-case');
    mkdirSync(join(cwd, 'docs'), { recursive: true });
    writeFileSync(join(cwd, 'docs', 'notes.md'), 'mine\n');
    for (const args of [
      ['run', STEP, '--out', 'docs', '--force'],
      ['sweep', TINY, '--workers', '1', '--out', 'docs', '--force', '--no-progress'],
    ]) {
      const r = run(args, cwd);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(
        /^ctrlsim: error: --out: expected a directory ctrlsim wrote \(with its manifest.json\) or an empty one: --force replaces nothing else, got "docs" \(holds 1 entry and no ctrlsim manifest\)\n$/,
      );
      expect(readdirSync(join(cwd, 'docs'))).toEqual(['notes.md']);
    }
  });

  it('replaces its own output with --force', () => {
    const cwd = join(tmp, 'own');
    mkdirSync(cwd);
    expect(run(['run', STEP, '--out', 'r'], cwd).status).toBe(0);
    expect(run(['run', STEP, '--out', 'r', '--force'], cwd).status).toBe(0);
  });

  // Defect: two concurrent runs to one --out both exited 0, one result silently replaced.
  it('fails at once when another live process holds the output directory', () => {
    const cwd = join(tmp, 'locked');
    mkdirSync(cwd);
    // This test's own process is alive: its id in the lock file stands for a concurrent run.
    writeFileSync(join(cwd, '.r.lock'), `${process.pid}\n`);
    const r = run(['run', STEP, '--out', 'r'], cwd);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        `^ctrlsim: error: --out: expected a directory no other ctrlsim process is writing \\(wait for it, or choose another --out\\), got "r" \\(being written by process ${process.pid}; its lock is .*\\.r\\.lock\\)\\n$`,
      ),
    );
    expect(existsSync(join(cwd, 'r'))).toBe(false);
    const s = run(['sweep', TINY, '--workers', '1', '--out', 'r', '--no-progress'], cwd);
    expect(s.status).toBe(2);
    expect(s.stderr).toMatch(/being written by process/);
  });

  // Defect: a killed run's .<out>.staging-PID directory stayed forever, and so would its lock.
  it('removes and lists staging directories and locks left by dead processes', () => {
    const cwd = join(tmp, 'stale');
    mkdirSync(join(cwd, `.old.staging-${DEAD_PID}`), { recursive: true });
    writeFileSync(join(cwd, `.old.staging-${DEAD_PID}`, 'timeseries.csv'), 'x\n');
    writeFileSync(join(cwd, '.r.lock'), `${DEAD_PID}\n`);
    const r = run(['run', STEP, '--out', 'r'], cwd);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(`ctrlsim: removed ${join(cwd, `.old.staging-${DEAD_PID}`)}/ (left by a run that was killed)\n`);
    expect(readdirSync(cwd).sort()).toEqual(['r']);
  });

  // Defect: SIGINT, SIGTERM or kill during run left its .<out>.staging-PID directory (tens to hundreds of MB) forever.
  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)("on %s removes the run's staging directory and lock, and exits %i", async (signal, code) => {
    const cwd = join(tmp, `signal-${signal}`);
    mkdirSync(cwd);
    writeFileSync(
      join(cwd, 'long.yaml'),
      'name: long\nhorizon: 2000h\nservices:\n  - name: web\n    capacity: { rpsPerInstance: 100 }\n    load: [{ shape: constant, rps: 50 }]\n',
    );
    const child = spawn(process.execPath, [cliPath, 'run', 'long.yaml', '--out', 'r'], { cwd });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const closed = new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    // Wait (polling the file system, as a user would look) until the run is writing its staging directory.
    for (let i = 0; i < 600 && !readdirSync(cwd).some((f) => f.includes('.staging-')); i++) await new Promise((r) => setTimeout(r, 100));
    expect(readdirSync(cwd).some((f) => f.includes('.staging-'))).toBe(true);
    child.kill(signal);
    expect(await closed).toBe(code);
    expect(stderr).toContain(`ctrlsim: interrupted (${signal}); nothing written to r`);
    expect(readdirSync(cwd)).toEqual(['long.yaml']);
  });

  // Defect: a path under a file printed "internal error" with a raw errno.
  it('reports an output path through a file, and a read-only one, as one clear line with exit 2', () => {
    const cwd = join(tmp, 'enotdir');
    mkdirSync(cwd);
    writeFileSync(join(cwd, 'plain'), 'x');
    const r = run(['run', STEP, '--out', 'plain/sub/run'], cwd);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('ctrlsim: error: --out: expected a directory path, got "plain/sub/run" (a path through a file)\n');
    // /proc is read-only for everyone, root included.
    const ro = run(['run', STEP, '--out', '/proc/ctrlsim-out'], cwd);
    expect(ro.stderr).toMatch(
      /^ctrlsim: error: cannot write "\/proc\/[^"]*" \((?:open|mkdir|link)\): (?:read-only file system|no such file|permission denied)\n$/,
    );
    expect(ro.status).toBe(2);
  });
});
