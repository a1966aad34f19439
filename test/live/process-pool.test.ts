import type { Server, Socket } from 'node:net';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SECOND } from '../../lib/time.js';
import type { LifecycleEvent } from '../../experiments/live/process-pool.js';
import { crashLoopDelay, ProcessPool } from '../../experiments/live/process-pool.js';
import { WallClock } from '../../experiments/runner/host-clock.js';

/** A worker that serves 200 on every path at PORT and exits 1 if the port is taken. */
const WORKER = [
  "const s = require('node:http').createServer((q, r) => r.end('ok'));",
  "s.on('error', () => process.exit(1));",
  "s.listen(Number(process.env.PORT), '127.0.0.1');",
  "process.on('SIGTERM', () => process.exit(0));",
].join('\n');

const accepted: Socket[] = [];

/** A listener on a loopback port that accepts connections and never answers. */
function listenOn(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer((socket) => {
      socket.on('error', () => {});
      accepted.push(socket);
    });
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => resolve(s));
  });
}

/** A loopback port with the next one free too, found by binding both. */
async function twoFreePorts(): Promise<number> {
  for (;;) {
    const a = await listenOn(0);
    const port = (a.address() as { port: number }).port;
    const b = await listenOn(port + 1).catch(() => undefined);
    await new Promise((r) => a.close(r));
    if (b) {
      await new Promise((r) => b.close(r));
      return port;
    }
  }
}

let pool: ProcessPool | undefined;
let squatter: Server | undefined;
afterEach(async () => {
  await pool?.shutdown();
  for (const socket of accepted.splice(0)) socket.destroy();
  await new Promise((r) => (squatter ? squatter.close(r) : r(undefined)));
  pool = undefined;
  squatter = undefined;
});

describe('the process pool', () => {
  it('gives up a port another process holds and starts the worker on the next one', async () => {
    const portBase = await twoFreePorts();
    squatter = await listenOn(portBase);
    const events: LifecycleEvent[] = [];
    const clock = new WallClock();
    pool = new ProcessPool(
      { web: { command: [process.execPath, '-e', WORKER], portBase, maxReplicas: 4, readinessPath: '/' } as never },
      () => clock.now(),
      (e) => events.push(e),
    );
    await pool.start({ web: 1 }, 20 * SECOND);
    expect(pool.readyEndpoints('web')).toEqual([`http://127.0.0.1:${portBase + 1}`]);
    const crash = events.find((e) => e.what === 'crashed');
    expect(crash?.detail).toBe(`exit 1 before ready; port ${portBase} not used again`);
    expect(events.filter((e) => e.what === 'crash-loop')).toEqual([]);
  });

  it('backs off like the kubelet when crashes repeat: none for the first, then 10 s doubling to 5 min', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((n) => crashLoopDelay(n) / SECOND)).toEqual([0, 10, 20, 40, 80, 160, 300, 300]);
  });
});
