import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '..', '..');
const BIOME = join(REPO, 'node_modules', '@biomejs', 'biome', 'bin', 'biome');

function biomeCheck(cwd: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [BIOME, 'check', '--error-on-warnings', ...args, '.'], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: run.status, output: run.stdout + run.stderr };
}

describe('formatting and lint (biome.jsonc)', () => {
  it('find nothing in the repository: every file is formatted and no lint rule reports anything, not even an info', () => {
    const { status, output } = biomeCheck(REPO);
    expect(output.trim()).toMatch(/^Checked \d+ files in [\d.]+m?s\. No fixes applied\.$/);
    expect(status).toBe(0);
  }, 60_000);

  it('report a planted unformatted file and a planted lint finding, each under its own name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctrlsim-lint-'));
    try {
      copyFileSync(join(REPO, 'biome.jsonc'), join(dir, 'biome.jsonc'));
      writeFileSync(join(dir, 'unformatted.ts'), 'export const x = 1\n');
      writeFileSync(join(dir, 'debugger.ts'), 'export const stop = () => {\n  debugger;\n};\n');
      // The planted folder is no git repository, so there is no .gitignore to read.
      const { status, output } = biomeCheck(dir, '--vcs-enabled=false');
      expect(output).toMatch(/unformatted\.ts format/);
      expect(output).toMatch(/debugger\.ts:2:3 lint\/suspicious\/noDebugger/);
      expect(output).toMatch(/Found 2 errors/);
      expect(status).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
