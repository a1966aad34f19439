import type { Worker } from 'node:worker_threads';
import { siblingModule, startWorker } from '../runner/worker-thread.js';
import type { ExploreSpec } from './probe.js';
import { probe } from './probe.js';
import type { ExploreRecord } from './store.js';
import type { ExploreTarget } from './target.js';

/** A message from an explore worker. */
export type FromExploreWorker =
  | { readonly kind: 'record'; readonly record: ExploreRecord }
  | { readonly kind: 'failed'; readonly index: number; readonly message: string }
  | { readonly kind: 'idle' };

/**
 * Plays `pending` run indices and hands each record to `onRecord` as it
 * finishes (in any order). One worker runs in this thread; more start that
 * many worker threads fed batches that shrink toward the end, as sweeps do.
 * A run that throws stops everything with an error naming the run.
 */
export async function playRuns(
  target: ExploreTarget,
  spec: ExploreSpec,
  pending: readonly number[],
  workers: number,
  onRecord: (r: ExploreRecord) => void,
): Promise<void> {
  if (pending.length === 0) return;
  if (workers <= 1) {
    for (const i of pending) onRecord(probe(target, spec, i));
    return;
  }
  const threads = Math.min(workers, pending.length);
  let next = 0;
  const batch = (): number[] => {
    const size = Math.max(1, Math.min(32, Math.ceil((pending.length - next) / (threads * 4))));
    const runs = pending.slice(next, next + size);
    next += runs.length;
    return runs;
  };
  const pool: Worker[] = [];
  try {
    await new Promise<void>((done, fail) => {
      let busy = 0;
      let failed = false;
      const stop = (e: Error) => {
        if (!failed) {
          failed = true;
          fail(e);
        }
      };
      for (let i = 0; i < threads; i++) {
        const w = startWorker(siblingModule(import.meta.url, 'worker'), { workerData: spec });
        pool.push(w);
        const feed = () => {
          const runs = batch();
          if (runs.length === 0) {
            if (--busy === 0 && !failed) done();
            return;
          }
          w.postMessage({ runs });
        };
        w.on('message', (msg: FromExploreWorker) => {
          if (failed) return;
          if (msg.kind === 'record') {
            try {
              onRecord(msg.record);
            } catch (e) {
              stop(e as Error);
            }
          } else if (msg.kind === 'failed') stop(new Error(`explore run ${msg.index} failed: ${msg.message}`));
          else feed();
        });
        w.on('error', (e) => stop(e));
        w.on('exit', (code) => {
          if (code !== 0) stop(new Error(`explore worker ${i} exited with code ${code}`));
        });
        busy++;
        feed();
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
