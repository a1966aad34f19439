import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseCsv } from '../../reports/csv-read.js';

/** A CSV file's rows keyed by its header's columns, cells as written (parsed with the project's RFC 4180 reader). */
export function csvRows(file: string): Array<Record<string, string>> {
  const [head, ...records] = parseCsv(readFileSync(file, 'utf8'));
  return records.map((r) => Object.fromEntries(head!.map((c, i) => [c, r[i] ?? ''])));
}

/** The built CLI (tests run after `npm run build`). */
export const CLI = 'dist/experiments/runner/cli.js';

/** Runs the CLI synchronously and returns its exit code and output. */
export function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

/** Runs the CLI without blocking, so several can run at once. */
export function cliAsync(args: readonly string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Runs the CLI once per argument list, `concurrency` processes at a time; results in the order given. */
export async function cliMany(
  argLists: readonly (readonly string[])[],
  concurrency = 4,
): Promise<Array<{ status: number | null; stdout: string; stderr: string }>> {
  const results: Array<{ status: number | null; stdout: string; stderr: string }> = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < argLists.length; i = next++) results[i] = await cliAsync(argLists[i]!);
    }),
  );
  return results;
}

/** SHA-256 of every file under `dir`, by relative path: equal maps mean byte-identical trees, and a mismatch names the file. */
export function treeDigest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}
