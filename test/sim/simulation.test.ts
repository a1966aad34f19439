import { describe, expect, it } from 'vitest';
import { eventLabel } from '../../sim/engine/event-label.js';
import { BudgetExceededError, SECOND, Simulation } from '../../sim/index.js';

describe('Simulation', () => {
  it('fires same-time events by priority, then in the order they were scheduled', () => {
    const sim = new Simulation();
    const order: string[] = [];
    sim.at(10, () => order.push('b-late-seq'));
    sim.at(10, () => order.push('a-high-priority'), undefined, -1);
    sim.at(5, () => order.push('earlier-time'), undefined, 99);
    sim.at(10, () => order.push('c-last-seq'));
    sim.run();
    expect(order).toEqual(['earlier-time', 'a-high-priority', 'b-late-seq', 'c-last-seq']);
  });

  it('runs an event scheduled for "now" from inside an event after the events already due now', () => {
    const sim = new Simulation();
    const order: string[] = [];
    sim.at(1, () => {
      order.push('first');
      sim.after(0, () => order.push('scheduled-during-first'));
    });
    sim.at(1, () => order.push('second'));
    sim.run();
    expect(order).toEqual(['first', 'second', 'scheduled-during-first']);
  });

  it('never fires a cancelled event', () => {
    const sim = new Simulation();
    let fired = false;
    const handle = sim.after(SECOND, () => (fired = true));
    sim.after(SECOND / 2, () => sim.cancel(handle));
    sim.run();
    expect(fired).toBe(false);
    expect(sim.pending).toBe(0);
  });

  it('reports cancelling an already-fired event as a no-op', () => {
    const sim = new Simulation();
    const handle = sim.after(1, () => {});
    sim.run();
    expect(sim.cancel(handle)).toBe(false);
  });

  it('stops at `until`, leaves later events pending and advances the clock to `until`', () => {
    const sim = new Simulation();
    const fired: number[] = [];
    for (const t of [1, 5, 10, 11]) sim.at(t * SECOND, () => fired.push(t));
    const result = sim.run({ until: 10 * SECOND });
    expect(fired).toEqual([1, 5, 10]);
    expect(result.now).toBe(10 * SECOND);
    expect(sim.pending).toBe(1);
  });

  it('fails with an error naming the budget when a model schedules forever', () => {
    const sim = new Simulation();
    const tick = (): void => void sim.after(SECOND, tick);
    tick();
    expect(() => sim.run({ maxEvents: 1000 })).toThrowError(BudgetExceededError);
    expect(() => sim.run({ maxEvents: 10 })).toThrowError(/maxEvents=10/);
  });

  it('processes exactly one event per step()', () => {
    const sim = new Simulation();
    let count = 0;
    sim.at(1, () => count++);
    sim.at(2, () => count++);
    expect(sim.step()).toBe(true);
    expect(count).toBe(1);
    expect(sim.now).toBe(1);
    expect(sim.step()).toBe(true);
    expect(sim.step()).toBe(false);
  });

  it('refuses to schedule in the past or at a fractional microsecond', () => {
    const sim = new Simulation();
    sim.at(100, () => {});
    sim.run();
    expect(() => sim.at(99, () => {})).toThrowError(/≥ now/);
    expect(() => sim.at(100.5, () => {})).toThrowError(/integer/);
  });

  it('keeps virtual time exact over a million 100 ms steps', () => {
    const sim = new Simulation();
    let n = 0;
    const tick = (): void => {
      if (++n < 1_000_000) sim.after(0.1 * SECOND, tick);
    };
    sim.after(0.1 * SECOND, tick);
    sim.run();
    expect(sim.now).toBe(100_000 * SECOND);
  });

  it('gives the same fingerprint to two identical runs and a different one when a label differs', () => {
    const build = (target: string): string => {
      const sim = new Simulation();
      const label = eventLabel('reconcile', target);
      for (let i = 1; i <= 100; i++) sim.at(i * SECOND, () => {}, label);
      sim.run();
      return sim.fingerprint;
    };
    expect(build('web')).toBe(build('web'));
    expect(build('web')).not.toBe(build('api'));
  });
});
