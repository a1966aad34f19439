import { describe, expect, it } from 'vitest';
import { eventLabel } from '../../sim/engine/event-label.js';
import { MINUTE, SECOND, Simulation, firstDivergence } from '../../sim/index.js';

const TICK = eventLabel('tick', 'clock');
const OTHER = eventLabel('tick', 'elsewhere');

function trace(divergeAt?: number) {
  const sim = new Simulation({ checkpointEvery: MINUTE });
  for (let s = 1; s <= 600; s++) {
    sim.at(s * SECOND, () => {}, s === divergeAt ? OTHER : TICK);
  }
  sim.run({ until: 10 * MINUTE });
  return { fingerprint: sim.fingerprint, checkpoints: sim.checkpoints() };
}

describe('trace fingerprint', () => {
  it('takes one checkpoint per minute of virtual time', () => {
    const { checkpoints } = trace();
    expect(checkpoints.map((c) => c.at / MINUTE)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(checkpoints[0]!.events).toBe(59); // events strictly before t = 60 s
  });

  it('finds no divergence between two identical runs', () => {
    const a = trace();
    const b = trace();
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(firstDivergence(a.checkpoints, b.checkpoints)).toBeUndefined();
  });

  it('localizes a divergence to the checkpoint interval that contains it', () => {
    const a = trace();
    const b = trace(250); // differs at t = 250 s, inside (4 min, 5 min]
    expect(a.fingerprint).not.toBe(b.fingerprint);
    expect(firstDivergence(a.checkpoints, b.checkpoints)).toEqual({ agreedUntil: 4 * MINUTE, divergedBy: 5 * MINUTE });
  });
});
