import { MessageChannel, type Worker } from 'node:worker_threads';
import { siblingModule, startWorker } from '../runner/worker-thread.js';
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

/** Sweeps with fewer runs than this run in this thread: a worker thread's start-up would outweigh its share. */
const INLINE_BELOW = 4;

/**
 * Runs `pending` (run indices) and hands each record (with its index) to
 * `onRecord` as it finishes, in whatever order runs finish. `workers` counts
 * this thread: it runs sweeps one run at a time itself, and starts
 * `workers - 1` worker threads beside it (none for a sweep of fewer than
 * INLINE_BELOW runs). Each thread starts once, loads the experiment, and
 * only then asks for work, so a thread still starting never holds runs
 * this thread could have run: more workers are never slower than one,
 * beyond the CPU their start-up takes. Threads are fed small batches that
 * shrink toward the end so none idles long while another finishes a big batch.
 */
export async function executeRuns(
  spec: RunnerSpec,
  pending: readonly number[],
  workers: number,
  onRecord: (record: RunRecord, index: number) => void,
): Promise<void> {
  if (pending.length === 0) return;
  const runner = await PointRunner.create(spec);
  const runHere = (index: number): void => {
    let record: RunRecord;
    try {
      record = runner.run(index);
    } catch (e) {
      const { point, seed } = runAt(spec, index);
      throw new SweepRunFailed(point, seed, (e as Error)?.name ?? 'Error', (e as Error)?.message ?? String(e));
    }
    onRecord(record, index);
  };
  const threads = pending.length < INLINE_BELOW ? 0 : Math.min(workers - 1, pending.length - 1);
  if (threads <= 0) {
    for (const index of pending) runHere(index);
    return;
  }
  let next = 0;
  const batch = (): number[] => {
    const size = Math.max(1, Math.min(16, Math.ceil((pending.length - next) / ((threads + 1) * 4))));
    const runs = pending.slice(next, next + size);
    next += runs.length;
    return runs;
  };
  const pool: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      let mainDone = false;
      const holding = new Set<Worker>();
      const fail = (e: Error) => {
        if (failed) return;
        failed = true;
        reject(e);
      };
      const maybeDone = () => {
        if (!failed && mainDone && holding.size === 0 && next >= pending.length) resolve();
      };
      for (let i = 0; i < threads; i++) {
        const w = startWorker(siblingModule(import.meta.url, 'worker'), { workerData: spec });
        pool.push(w);
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
            // Idle: ready after loading, or done with its batch.
            holding.delete(w);
            const runs = batch();
            if (runs.length > 0) {
              holding.add(w);
              w.postMessage({ runs } satisfies ToWorker);
            }
            maybeDone();
          }
        });
        w.on('error', (e) => fail(e));
        w.on('exit', (code) => {
          if (code !== 0) fail(new Error(`sweep worker ${i} exited with code ${code}`));
        });
      }
      void (async () => {
        try {
          while (!failed && next < pending.length) {
            runHere(pending[next++]!);
            // Let the threads' messages in between this thread's runs.
            await yieldToEventLoop();
          }
          mainDone = true;
          maybeDone();
        } catch (e) {
          fail(e as Error);
        }
      })();
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

/** Resolves after the event loop has handled the messages already waiting (a macrotask turn, without a timer). */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.once('message', () => {
      port1.close();
      resolve();
    });
    port2.postMessage(0);
  });
}
