import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * Vitest global setup: brings dist/ up to date before any test runs, so the
 * tests that run the command line as a user does (`node dist/…/cli.js`) never
 * run stale JavaScript, however vitest was started (`npm test`, `npx vitest`,
 * one file). The build is incremental: with nothing changed it costs a few
 * seconds.
 */
export default function buildFirst(): void {
  const root = resolve(import.meta.dirname, '..', '..');
  const tsc = resolve(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const build = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`the build failed, so no test would run what the source says:\n${build.stdout}${build.stderr}`);
}
