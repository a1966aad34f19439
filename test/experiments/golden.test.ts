import { copyFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SUMMARY_METRICS } from '../../sim/world/run-metrics.js';
import { cliAsync, cliMany } from './cli-helpers.js';

/**
 * Golden runs of the built-in experiments (those `ctrlsim list` shows):
 * test/goldens/<name>.json pins each one's trace fingerprint and summary at
 * its own seed. After an intended change to the model, re-bless one with
 *   npm run build && node dist/experiments/runner/cli.js run experiments/examples/<name>.yaml --check test/goldens/<name>.json --bless
 * and review the diff of the golden file in the commit.
 */
const BUILT_IN = readdirSync('experiments/examples')
  .filter((f) => /\.(ya?ml|json)$/.test(f) && !f.endsWith('.schema.json'))
  .sort();
const goldenOf = (file: string) => join('test/goldens', `${basename(file).replace(/\.(ya?ml|json)$/, '')}.json`);

describe('golden runs', () => {
  it('pin every built-in experiment', () => {
    expect(BUILT_IN.length).toBeGreaterThan(0);
    for (const f of BUILT_IN)
      expect(readdirSync('test/goldens'), `no golden for experiments/examples/${f}: bless one (see the comment at the top of this file)`).toContain(
        basename(goldenOf(f)),
      );
  });

  const checks = new Map<string, { status: number | null; stdout: string; stderr: string }>();

  beforeAll(async () => {
    const out = await cliMany(
      BUILT_IN.map((f) => ['run', join('experiments/examples', f), '--check', goldenOf(f)]),
      3,
    );
    BUILT_IN.forEach((f, i) => checks.set(f, out[i]!));
  });

  it.each(BUILT_IN)('still match for experiments/examples/%s', (f) => {
    const r = checks.get(f)!;
    expect(r.stdout + r.stderr).toMatch(/^golden .* matches/);
    expect(r.status).toBe(0);
  });

  it('fail with exit 1 and a readable diff naming each changed field, and say how to re-bless', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'ctrlsim-golden-'));
    const golden = join(tmp, 'step-load.json');
    const pinned = JSON.parse(readFileSync('test/goldens/step-load.json', 'utf8')) as { fingerprint: string; summary: Record<string, number> };
    pinned.fingerprint = '0000000000000000';
    pinned.summary['slo_violation_s']! += 10;
    writeFileSync(golden, JSON.stringify(pinned, null, 2));
    const r = await cliAsync(['run', 'experiments/examples/step-load.yaml', '--check', golden]);
    expect(r.status).toBe(1);
    const actual = JSON.parse(readFileSync('test/goldens/step-load.json', 'utf8')) as { fingerprint: string; summary: Record<string, number> };
    expect(r.stdout).toContain(`golden ${golden} does not match step-load (seed 42):`);
    // Field names are padded to the longest summary metric name.
    const width = Math.max(...SUMMARY_METRICS.map((m) => m.length));
    expect(r.stdout).toContain(`  ${'fingerprint'.padEnd(width)}  golden 0000000000000000, now ${actual.fingerprint}\n`);
    expect(r.stdout).toContain(
      `  ${'slo_violation_s'.padEnd(width)}  golden ${actual.summary['slo_violation_s']! + 10}, now ${actual.summary['slo_violation_s']} (-10)\n`,
    );
    expect(r.stdout.split('\n').filter((l) => l.startsWith('  '))).toHaveLength(2);
    expect(r.stdout).toContain(`re-bless: ctrlsim run experiments/examples/step-load.yaml --check ${golden} --bless`);
  });

  it('pin controller metrics too, naming a changed or missing one in the diff', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'ctrlsim-golden-'));
    const golden = join(tmp, 'canary.json');
    const pinned = JSON.parse(readFileSync('test/goldens/canary-bad-deploy.json', 'utf8')) as { extra: Record<string, number | null> };
    expect(pinned.extra['canary.rollout_aborted']).toBe(1);
    pinned.extra['canary.rollout_aborted'] = 0;
    delete pinned.extra['canary.rollout_completed'];
    writeFileSync(golden, JSON.stringify(pinned, null, 2));
    const r = await cliAsync(['run', 'experiments/examples/canary-bad-deploy.yaml', '--check', golden]);
    expect(r.status).toBe(1);
    const diff = r.stdout.split('\n').filter((l) => l.startsWith('  '));
    expect(diff).toEqual([
      expect.stringMatching(/^ {2}canary\.rollout_aborted +golden 0, now 1 \(\+1\)$/),
      expect.stringMatching(/^ {2}canary\.rollout_completed +golden absent, now 0$/),
    ]);
  });

  it('rewrite the golden file with --bless, after which the check passes', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'ctrlsim-golden-'));
    const golden = join(tmp, 'g.json');
    copyFileSync('test/goldens/hpa-flash-crowd.json', golden);
    const blessed = await cliAsync(['run', 'experiments/examples/step-load.yaml', '--check', golden, '--bless']);
    expect(blessed.status).toBe(0);
    expect(readFileSync(golden, 'utf8')).toBe(readFileSync('test/goldens/step-load.json', 'utf8'));
  });

  it('exit 2 when the golden file is missing, pointing at --bless', async () => {
    const r = await cliAsync(['run', 'experiments/examples/step-load.yaml', '--check', 'test/goldens/no-such.json']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'ctrlsim: error: --check: expected an existing golden file (pass --bless to create it), got "test/goldens/no-such.json" (no such file)\n',
    );
  });
});
