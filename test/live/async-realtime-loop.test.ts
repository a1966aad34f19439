import { describe, expect, it } from 'vitest';
import type { Action } from '../../controllers/port/actions.js';
import type { AsyncActuator, AsyncObserver, LoopFailure } from '../../controllers/port/async-realtime-loop.js';
import { AsyncRealtimeLoop, LoopInvariantError } from '../../controllers/port/async-realtime-loop.js';
import type { Controller } from '../../controllers/port/controller.js';
import { TerminalError, TransientError } from '../../controllers/port/errors.js';
import type { ObservedState } from '../../controllers/port/observations.js';
import type { ApplyOutcome } from '../../controllers/port/runtime.js';
import { MILLISECOND, SECOND } from '../../lib/time.js';
import { ManualRuntime } from '../leader-election/fake-runtime.js';

const EMPTY: ObservedState = { now: 0, services: new Map() };
const SCALE: Action = { kind: 'scale', service: 'web', replicas: 3, reason: 'test' };

/** A controller that asks for one scale action per reconcile and counts its reconciles. */
function scaler(): Controller & { calls: number[] } {
  const calls: number[] = [];
  return {
    name: 'c',
    calls,
    reconcile: (o) => {
      calls.push(o.now);
      return { actions: [SCALE] };
    },
  };
}

/** Lets pending promise callbacks run (the loop awaits between steps). */
const flush = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

/** Builds a loop over a manual clock with the given edge, recording what it reports. */
function harness(observe: AsyncObserver['observe'], apply: AsyncActuator['apply'] = async () => 'applied') {
  const clock = new ManualRuntime();
  const controller = scaler();
  const failures: LoopFailure[] = [];
  const applied: Array<[Action, ApplyOutcome]> = [];
  const loop = new AsyncRealtimeLoop(
    controller,
    clock,
    { observe },
    { apply },
    { decision: () => {}, applied: (_c, a, o) => applied.push([a, o]), failure: (f) => failures.push(f) },
    { syncPeriod: 10 * SECOND, observeTimeout: 2 * SECOND, backoffInitial: 500 * MILLISECOND, backoffMax: 4 * SECOND },
    () => 0.5,
  );
  return { clock, controller, failures, applied, loop };
}

describe('the async real-time loop', () => {
  it('reconciles on a snapshot it awaited and applies the actions through the actuator', async () => {
    const h = harness(async (now) => ({ ...EMPTY, now }));
    expect(await h.loop.reconcileOnce()).toBe(10 * SECOND);
    expect(h.applied).toEqual([[SCALE, 'applied']]);
  });

  it('turns an observation that outlives its timeout into a transient failure and aborts it', async () => {
    let aborted = false;
    const h = harness((_now, signal) => new Promise<ObservedState>(() => signal.addEventListener('abort', () => (aborted = true))));
    const next = h.loop.reconcileOnce();
    h.clock.advanceTo(2 * SECOND);
    expect(await next).toBe(500 * MILLISECOND);
    expect(aborted).toBe(true);
    expect(h.failures).toMatchObject([{ operation: 'observe', tier: 'transient', retryIn: 500 * MILLISECOND }]);
    expect(h.failures[0]!.message).toMatch(/timed out after 2000 ms/);
    expect(h.controller.calls).toEqual([]);
  });

  it('backs off exponentially over consecutive transient failures, up to the cap, and resets on success', async () => {
    let fail = 5;
    const h = harness(async (now) => {
      if (fail-- > 0) throw new TransientError('scrape refused');
      return { ...EMPTY, now };
    });
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) delays.push(await h.loop.reconcileOnce());
    expect(delays).toEqual([0.5, 1, 2, 4, 4, 10].map((s) => s * SECOND));
    expect(h.applied).toHaveLength(1);
  });

  it('records a forbidden action as terminal, never retries it, and keeps the sync period', async () => {
    let attempts = 0;
    const h = harness(
      async (now) => ({ ...EMPTY, now }),
      async () => {
        attempts++;
        throw new TerminalError('deployments.apps "web" is forbidden');
      },
    );
    expect(await h.loop.reconcileOnce()).toBe(10 * SECOND);
    expect(attempts).toBe(1);
    expect(h.failures).toMatchObject([{ operation: 'apply', tier: 'terminal', action: SCALE }]);
    expect(h.failures[0]!.retryIn).toBeUndefined();
  });

  it('stops at once on an untiered error, naming the controller and the time', async () => {
    const h = harness(async () => {
      throw new TypeError('cannot read x of undefined');
    });
    await expect(h.loop.reconcileOnce()).rejects.toThrow(LoopInvariantError);
    await expect(h.loop.reconcileOnce()).rejects.toThrow(/controller c: observe failed at 0 s .*cannot read x/);
  });

  it('runs on its timers, never overlaps reconciles, and stop() waits for the one in flight', async () => {
    let release: (() => void) | undefined;
    const h = harness((now) => new Promise<ObservedState>((resolve) => (release = () => resolve({ ...EMPTY, now }))));
    h.loop.start();
    h.clock.advanceTo(0);
    expect(release).toBeDefined();
    h.clock.advanceTo(SECOND); // the observation is still pending: no second reconcile starts
    expect(h.clock.timers).toBe(1); // only the observe timeout
    const stopped = h.loop.stop();
    release!();
    await stopped;
    await flush();
    expect(h.controller.calls).toEqual([0]);
    expect(h.clock.timers).toBe(0);
    await expect(h.loop.done).resolves.toBeUndefined();
  });

  it('rejects done when a timer-driven reconcile breaks an invariant', async () => {
    const h = harness(async () => {
      throw new Error('boom');
    });
    h.loop.start();
    h.clock.advanceTo(0);
    await expect(h.loop.done).rejects.toThrow(/boom/);
  });
});
