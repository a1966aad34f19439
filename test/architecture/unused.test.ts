import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '..', '..');
const KNIP = join(REPO, 'node_modules', 'knip', 'bin', 'knip.js');

describe('nothing unused', () => {
  it('no file, dependency or export goes unused: every export is used outside its own file (knip.jsonc)', () => {
    const run = spawnSync(process.execPath, [KNIP, '--no-progress', '--reporter', 'compact'], { cwd: REPO, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  }, 180_000);
});
