import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { packageRoot } from '../runner/version.js';
import type { RunnerSpec } from './point-runner.js';
import { PointRunner } from './point-runner.js';
import { runAt } from './plan.js';
import type { RunRecord } from './run-store.js';
import { SweepRunFailed } from './errors.js';

/** A message to a sweep worker: run these runs, in order. */
export interface ToWorker {
  /** Run indices. */
  readonly runs: readonly number[];
}

/** A message from a sweep worker. */
export type FromWorker =
  | { readonly kind: 'record'; readonly index: number; readonly record: RunRecord }
  | { readonly kind: 'failed'; readonly index: number; readonly name: string; readonly message: string }
  | { readonly kind: 'idle' };

/**
 * The compiled worker entry. From dist/ it sits beside this module; when this
 * module runs from TypeScript source (tests), the built copy in dist/ is used.
 */
export function workerEntry(): URL {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return pathToFileURL(join(packageRoot(), 'dist', 'experiments', 'sweep', 'worker.js'));
  return new URL('./worker.js', import.meta.url);
}

/**
 * Runs `pending` (run indices) and hands each record (with its index) to
 * `onRecord` as it finishes, in whatever order runs finish. One worker runs in this thread;
 * more start that many worker threads, each fed small batches that shrink
 * toward the end so no worker idles long while another finishes a big batch.
 */
export async function executeRuns(
  spec: RunnerSpec,
  pending: readonly number[],
  workers: number,
  onRecord: (record: RunRecord, index: number) => void,
): Promise<void> {
  if (pending.length === 0) return;
  if (workers <= 1) {
    const runner = await PointRunner.create(spec);
    for (const index of pending) {
      let record: RunRecord;
      try {
        record = runner.run(index);
      } catch (e) {
        const { point, seed } = runAt(spec, index);
        throw new SweepRunFailed(point, seed, (e as Error)?.name ?? 'Error', (e as Error)?.message ?? String(e));
      }
      onRecord(record, index);
    }
    return;
  }
  const threads = Math.min(workers, pending.length);
  let next = 0;
  const batch = (): number[] => {
    const size = Math.max(1, Math.min(16, Math.ceil((pending.length - next) / (threads * 4))));
    const runs = pending.slice(next, next + size);
    next += runs.length;
    return runs;
  };
  const pool: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let busy = 0;
      let failed = false;
      const fail = (e: Error) => {
        if (failed) return;
        failed = true;
        reject(e);
      };
      for (let i = 0; i < threads; i++) {
        const w = new Worker(workerEntry(), { workerData: spec });
        pool.push(w);
        const feed = () => {
          const runs = batch();
          if (runs.length === 0) {
            if (--busy === 0 && !failed) resolve();
            return;
          }
          w.postMessage({ runs } satisfies ToWorker);
        };
        w.on('message', (msg: FromWorker) => {
          if (failed) return;
          if (msg.kind === 'record') {
            try {
              onRecord(msg.record, msg.index);
            } catch (e) {
              fail(e as Error);
            }
          } else if (msg.kind === 'failed') {
            const { point, seed } = runAt(spec, msg.index);
            fail(new SweepRunFailed(point, seed, msg.name, msg.message));
          } else {
            feed();
          }
        });
        w.on('error', (e) => fail(e));
        w.on('exit', (code) => {
          if (code !== 0) fail(new Error(`sweep worker ${i} exited with code ${code}`));
        });
        busy++;
        feed();
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
