/**
 * Worker-thread entry of a sweep: receives batches of run indices, runs them
 * and posts each record back, then says it is idle. Built to
 * dist/experiments/sweep/worker.js, which the pool starts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PointRunner } from './point-runner.js';
import type { RunnerSpec } from './point-runner.js';
import type { FromWorker, ToWorker } from './pool.js';

const port = parentPort;
if (!port) throw new Error('experiments/sweep/worker.js must run as a worker thread');
const runner = await PointRunner.create(workerData as RunnerSpec);

port.on('message', (msg: ToWorker) => {
  for (const index of msg.runs) {
    let reply: FromWorker;
    try {
      reply = { kind: 'record', index, record: runner.run(index) };
    } catch (e) {
      const err = e as Error;
      port.postMessage({ kind: 'failed', index, name: err?.name ?? 'Error', message: err?.message ?? String(e) } satisfies FromWorker);
      return;
    }
    port.postMessage(reply);
  }
  port.postMessage({ kind: 'idle' } satisfies FromWorker);
});
// Ready: ask for the first batch only now, so no runs wait on a thread that is still loading.
port.postMessage({ kind: 'idle' } satisfies FromWorker);
