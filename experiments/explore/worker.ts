/**
 * Worker-thread entry of `ctrlsim explore`: loads the target once, then
 * plays the batches of run indices it is sent, posting each record back,
 * then says it is idle. Built to dist/experiments/explore/worker.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadTarget } from './load-target.js';
import type { ExploreSpec } from './probe.js';
import { probe } from './probe.js';
import type { FromExploreWorker } from './pool.js';

const port = parentPort;
if (!port) throw new Error('experiments/explore/worker.js must run as a worker thread');
const spec = workerData as ExploreSpec;
const { target } = await loadTarget(spec.file);

port.on('message', (msg: { runs: readonly number[] }) => {
  for (const index of msg.runs) {
    try {
      port.postMessage({ kind: 'record', record: probe(target, spec, index) } satisfies FromExploreWorker);
    } catch (e) {
      const err = e as Error;
      port.postMessage({ kind: 'failed', index, message: `${err?.name ?? 'Error'}: ${err?.message ?? String(e)}` } satisfies FromExploreWorker);
      return;
    }
  }
  port.postMessage({ kind: 'idle' } satisfies FromExploreWorker);
});
