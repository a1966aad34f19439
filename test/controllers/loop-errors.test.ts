import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Controller, Decision, ObservedState, Runtime, TimerHandle } from '../../controllers/port/index.js';
import { ControllerFailure, ControllerLoop, MILLISECOND, SECOND, TerminalError, TransientError } from '../../controllers/port/index.js';
import { cli } from '../experiments/cli-helpers.js';

/** A runtime whose timers fire only when the test says so. */
class ManualRuntime implements Runtime {
  t = 0;
  readonly logged: Decision[] = [];
  readonly timers: Array<{ id: number; delay: number; callback: () => void }> = [];
  now(): number {
    return this.t;
  }
  wallTime(): number {
    return this.t;
  }
  setTimer(delay: number, callback: () => void): TimerHandle {
    const timer = { id: this.timers.length, delay, callback };
    this.timers.push(timer);
    return timer;
  }
  clearTimer(): void {}
  random(): number {
    return 0.5;
  }
  observe(): ObservedState {
    return { now: this.t, services: new Map() };
  }
  apply(): 'applied' {
    return 'applied';
  }
  log(d: Decision): void {
    this.logged.push(d);
  }
  /** Fires the latest timer, advancing the clock by its delay. */
  fire(): void {
    const timer = this.timers[this.timers.length - 1]!;
    this.t += timer.delay;
    timer.callback();
  }
}

function failing(...errors: Array<Error | undefined>): Controller {
  let n = 0;
  return {
    name: 'flaky',
    reconcile: () => {
      const e = errors[n++];
      if (e) throw e;
      return { actions: [] };
    },
  };
}

describe('the controller loop on errors', () => {
  it('requeues a transient error after client-go backoff, 5 ms doubling, logging each, and resets after a success', () => {
    const rt = new ManualRuntime();
    const loop = new ControllerLoop(
      failing(new TransientError('conflict'), new TransientError('conflict'), new TransientError('conflict'), undefined, new TransientError('again')),
      rt,
      15 * SECOND,
    );
    loop.start();
    for (let i = 0; i < 5; i++) rt.fire();
    expect(rt.timers.map((t) => t.delay)).toEqual([15 * SECOND, 5 * MILLISECOND, 10 * MILLISECOND, 20 * MILLISECOND, 15 * SECOND, 5 * MILLISECOND]);
    expect(rt.logged.map((d) => d.outcome)).toEqual(['transient-error', 'transient-error', 'transient-error', 'transient-error']);
    expect(rt.logged[0]).toMatchObject({ controller: 'flaky', reason: 'conflict; retry 1 in 0.005s' });
  });

  it('caps the backoff at 1000 s', () => {
    const rt = new ManualRuntime();
    const loop = new ControllerLoop(failing(...Array.from({ length: 30 }, () => new TransientError('down'))), rt, SECOND);
    loop.start();
    for (let i = 0; i < 30; i++) rt.fire();
    expect(rt.timers[rt.timers.length - 1]!.delay).toBe(1000 * SECOND);
  });

  it('stops a controller on a terminal error, with an event row, and never reconciles it again', () => {
    const rt = new ManualRuntime();
    const loop = new ControllerLoop(failing(new TerminalError('invalid spec')), rt, SECOND);
    loop.start();
    rt.fire();
    expect(loop.isStopped).toBe(true);
    expect(rt.timers).toHaveLength(1);
    expect(rt.logged).toEqual([{ controller: 'flaky', at: SECOND, outcome: 'terminal-error', reason: 'invalid spec; controller stopped' }]);
  });

  it('wraps any other error with the controller name and time', () => {
    const rt = new ManualRuntime();
    const loop = new ControllerLoop(failing(new Error('boom')), rt, SECOND);
    loop.start();
    let caught: unknown;
    try {
      rt.fire();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ControllerFailure);
    expect(caught).toMatchObject({ controller: 'flaky', at: SECOND, message: 'controller flaky threw: boom' });
  });

  // Regression: a throwing controller ended the run as "ctrlsim: internal error: boom in my controller", with no name, time, seed or stack.
  it('ends a run whose controller throws with exit 1, its name, virtual time, seed, its stack and the command that reproduces it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctrlsim-throw-'));
    writeFileSync(
      join(dir, 'boom.mjs'),
      `function decide() { throw new Error('boom in my controller'); }\nexport default (o, ctx) => ({ name: ctx.name, reconcile: () => decide() });\n`,
    );
    writeFileSync(
      join(dir, 'exp.yaml'),
      [
        'name: boom',
        'horizon: 5m',
        'seed: 7',
        'services: [{ name: web, capacity: { rpsPerInstance: 10 }, load: [{ shape: constant, rps: 5 }] }]',
        'controllers: { mine: { kind: module, service: web, module: ./boom.mjs, syncPeriod: 30s } }',
        '',
      ].join('\n'),
    );
    const r = cli(['run', join(dir, 'exp.yaml'), '--out', join(dir, 'out')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('ctrlsim: run failed: controller mine threw at virtual time 30s (seed 7): boom in my controller');
    expect(r.stderr).toMatch(/controller stack:\n\s+at decide \(.*boom\.mjs:1/);
    expect(r.stderr).toContain(`reproduce: ctrlsim run ${join(dir, 'exp.yaml')} --out ${join(dir, 'out')} --seed 7`);
    expect(r.stderr).not.toContain('internal error');
  });
});
