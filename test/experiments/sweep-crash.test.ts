import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RandomStream } from '../../lib/random.js';
import { CLI, cli, treeDigest } from './cli-helpers.js';

/** A slower sweep than small-sweep.yaml (48 runs of an hour), so kills land mid-sweep. */
const FIXTURE = 'test/experiments/fixtures/crash-sweep.yaml';

function finishedRuns(out: string): number {
  try {
    return readdirSync(join(out, 'runs')).filter((f) => /^p\d+-s\d+\.json$/.test(f)).length;
  } catch {
    return 0;
  }
}

/**
 * Starts a resumable sweep and kills it with SIGKILL `delayMs` after it has
 * written its first new run (so every kill lands mid-sweep, wherever the
 * machine's speed puts it); resolves with the runs on disk once it is gone.
 */
function sweepKilledAfter(out: string, delayMs: number): Promise<number> {
  return new Promise((resolve) => {
    const before = finishedRuns(out);
    const child = spawn(process.execPath, [CLI, 'sweep', FIXTURE, '--workers', '2', '--resume', '--no-progress', '--out', out], { stdio: 'ignore' });
    let timer: NodeJS.Timeout | undefined;
    const poll = setInterval(() => {
      if (timer === undefined && finishedRuns(out) > before) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    }, 5);
    child.on('exit', () => {
      clearInterval(poll);
      clearTimeout(timer);
      resolve(finishedRuns(out));
    });
  });
}

describe('a sweep killed at random points and resumed', () => {
  let tmp: string;
  let reference: Record<string, string>;

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'ctrlsim-crash-'));
    expect(cli(['sweep', FIXTURE, '--workers', '2', '--no-progress', '--out', join(tmp, 'reference')]).status).toBe(0);
    reference = treeDigest(join(tmp, 'reference'));
  });

  it('ends with exactly the files of an uninterrupted sweep: nothing lost, nothing duplicated', async () => {
    const out = join(tmp, 'killed');
    // Kill delays (after each restart's first new run) come from a seeded stream.
    const delays = RandomStream.root('sweep-crash-test').fork('kill-delays');
    const onDisk: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) onDisk.push(await sweepKilledAfter(out, delays.integer(0, 500)));
    // The kills must have interrupted the sweep part-way and let it progress, or the test proves nothing.
    expect(onDisk[0]).toBeGreaterThan(0);
    expect(onDisk.some((n) => n < 48)).toBe(true);
    const last = cli(['sweep', FIXTURE, '--workers', '2', '--resume', '--no-progress', '--out', out]);
    expect(last.status).toBe(0);
    expect(last.stdout).toMatch(/\(\d+ run now, \d+ resumed\)/);
    expect(treeDigest(out)).toEqual(reference);
  });
});
