import { describe, expect, it } from 'vitest';
import type { ObservedState } from '../../controllers/port/observations.js';
import { SECOND } from '../../lib/time.js';
import { HostClock } from '../../sim/network/host-clock.js';
import { RandomStream } from '../../lib/random.js';
import { Simulation } from '../../sim/engine/simulation.js';
import { VirtualRuntime } from '../../sim/virtual-runtime.js';
import { run, spec } from './helpers.js';

const emptyWorld = { observe: (now: number): ObservedState => ({ now, services: new Map() }), apply: () => 'applied' as const, log: () => {} };

describe('a host clock', () => {
  it('keeps monotonic time going forwards when the wall clock jumps back', () => {
    const c = new HostClock({ wallOffset: 0, drift: 0 });
    expect(c.wall(10 * SECOND)).toBe(10 * SECOND);
    c.jump(-30 * SECOND);
    expect(c.wall(11 * SECOND)).toBe(-19 * SECOND);
    expect(c.monotonic(11 * SECOND)).toBe(11 * SECOND);
  });

  it('gains its drift on both clocks: 1000 ppm fast reads 1.001 s after one true second', () => {
    const c = new HostClock({ wallOffset: 5 * SECOND, drift: 1e-3 });
    expect(c.monotonic(SECOND)).toBe(1_001_000);
    expect(c.wall(SECOND)).toBe(6_001_000);
  });

  it("fires a fast host's timer early in true time but never before its own deadline", () => {
    const sim = new Simulation();
    const rt = new VirtualRuntime(sim, emptyWorld, RandomStream.root(1), 'ctl', { wallOffset: 0, drift: 0.01 });
    let firedAt = -1;
    let hostAt = -1;
    rt.setTimer(10 * SECOND, () => {
      firedAt = sim.now;
      hostAt = rt.now();
    });
    sim.run();
    expect(firedAt).toBeLessThan(10 * SECOND);
    expect(hostAt).toBeGreaterThanOrEqual(10 * SECOND);
  });

  it("gives a controller runtime the world's clock for its host", () => {
    const { world } = run(spec({ horizon: SECOND, controllers: ['ctl'], clocks: { ctl: { wallOffset: -2 * SECOND, drift: 0 } } }));
    const rt = new VirtualRuntime(world.sim, world, RandomStream.root(1), 'controller/ctl');
    expect(rt.wallTime() - rt.now()).toBe(-2 * SECOND);
  });

  it("jumps a host's wall clock from a scenario step and leaves its monotonic time alone", () => {
    const { world } = run(spec({ horizon: 2 * SECOND, controllers: ['ctl'], scenario: [{ at: SECOND, action: 'clock-jump', host: 'ctl', by: 90 * SECOND }] }));
    const rt = new VirtualRuntime(world.sim, world, RandomStream.root(1), 'controller/ctl');
    expect(rt.now()).toBe(2 * SECOND);
    expect(rt.wallTime()).toBe(92 * SECOND);
  });
});
