import { describe, expect, it } from 'vitest';
import { Resource, SECOND, Signal, Simulation, spawn } from '../../sim/index.js';

describe('processes', () => {
  it('resume after each yielded delay', () => {
    const sim = new Simulation();
    const seen: number[] = [];
    spawn(
      sim,
      (function* () {
        seen.push(sim.now);
        yield 2 * SECOND;
        seen.push(sim.now);
        yield 3 * SECOND;
        seen.push(sim.now);
      })(),
    );
    sim.run();
    expect(seen).toEqual([0, 2 * SECOND, 5 * SECOND]);
  });

  it('wait on a signal and receive the fired value, in the order they began waiting', () => {
    const sim = new Simulation();
    const ready = new Signal<string>(sim);
    const log: string[] = [];
    for (const name of ['a', 'b']) {
      spawn(
        sim,
        (function* () {
          const v = yield ready;
          log.push(`${name}:${String(v)}@${sim.now}`);
        })(),
      );
    }
    sim.at(7, () => ready.fire('go'));
    sim.run();
    expect(log).toEqual(['a:go@7', 'b:go@7']);
  });

  it('share a resource first come, first served', () => {
    const sim = new Simulation();
    const server = new Resource(sim, 1);
    const log: string[] = [];
    for (const [name, arrival] of [
      ['a', 0],
      ['b', 1],
      ['c', 2],
    ] as const) {
      sim.at(arrival, () =>
        spawn(
          sim,
          (function* () {
            yield server.acquire();
            log.push(`${name} starts @${sim.now}`);
            yield 10;
            server.release();
          })(),
        ),
      );
    }
    sim.run();
    expect(log).toEqual(['a starts @0', 'b starts @10', 'c starts @20']);
    expect(server.busy).toBe(0);
  });
});
