import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../experiments/cli-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ctrlsim-live-cmd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ctrlsim live and calibrate on bad input', () => {
  it('refuses an experiment without a live: section in one line naming the file and the field, writing nothing', () => {
    const out = join(dir, 'never');
    const r = cli(['live', 'experiments/examples/step-load.yaml', '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^ctrlsim: error: experiments\/examples\/step-load\.yaml: live: expected a live: section .*, got no live section\n$/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a live: section without an adapter entry for a service, at the line and column of the field', () => {
    const file = join(dir, 'typo.yaml');
    writeFileSync(file, readFileSync('experiments/examples/live/process-pool.yaml', 'utf8').replace(/^(\s+)web:\n(\s+)command:/m, '$1wbe:\n$2command:'));
    const r = cli(['live', file, '--out', join(dir, 'never3')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^ctrlsim: error: .*typo\.yaml:\d+:\d+: live\.actuate\.services: expected an entry for every service \(web\), got no entry for web\n$/,
    );
    expect(existsSync(join(dir, 'never3'))).toBe(false);
  });

  it('refuses a bad --duration before starting anything', () => {
    const r = cli(['live', 'experiments/examples/live/process-pool.yaml', '--out', join(dir, 'never2'), '--duration', 'soon']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--duration: expected a duration > 0/);
  });

  it('refuses to calibrate from a simulated run directory', () => {
    const sim = join(dir, 'sim');
    expect(cli(['run', 'experiments/examples/step-load.yaml', '--out', sim]).status).toBe(0);
    const r = cli(['calibrate', sim, '--out', join(dir, 'cal')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/dir: expected a live run directory .*a simulated run/);
    expect(existsSync(join(dir, 'cal'))).toBe(false);
  });
});
