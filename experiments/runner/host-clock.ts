import type { LoopClock } from '../../controllers/port/async-realtime-loop.js';
import type { TimerHandle } from '../../controllers/port/runtime.js';
import type { Micros } from '../../lib/time.js';
import { MILLISECOND } from '../../lib/time.js';

interface WallTimer extends TimerHandle {
  readonly timeout: ReturnType<typeof setTimeout>;
}

/**
 * The host's clock for a live run: monotonic µs since this clock was made
 * (`performance.now()`), Node timers, and the wall time the run started at
 * for its manifest. Live runs make no determinism claim; this is where
 * their time comes from. It is the one place outside the controller port's
 * real-time runtime that reads the host's clock, timers or randomness: every
 * live adapter, and the deadline on importing a bring-your-own module, wait
 * through it (a hygiene test holds that).
 */
export class WallClock implements LoopClock {
  private readonly origin = performance.now();
  private nextId = 0;
  /** Wall time this clock was made, ISO 8601. */
  readonly startedAt = new Date().toISOString();

  now(): Micros {
    return Math.round((performance.now() - this.origin) * MILLISECOND);
  }

  setTimer(delay: Micros, callback: () => void): TimerHandle {
    const t: WallTimer = { id: this.nextId++, timeout: setTimeout(callback, Math.max(0, delay / MILLISECOND)) };
    return t;
  }

  clearTimer(timer: TimerHandle): void {
    clearTimeout((timer as WallTimer).timeout);
  }

  /** The wall time now, ISO 8601 (for the manifest). */
  wallNow(): string {
    return new Date().toISOString();
  }

  /** The wall time of instant `t` on this clock, ISO 8601. */
  wallAt(t: Micros): string {
    return new Date(Date.parse(this.startedAt) + t / MILLISECOND).toISOString();
  }

  /** The wall time now, µs since the Unix epoch (for timestamps a remote API compares with its own). */
  wallMicros(): Micros {
    return Date.now() * MILLISECOND;
  }

  /** A uniform draw in [0, 1) from the host: jitter for live components that must not move in step across processes. */
  random(): number {
    return Math.random();
  }

  /** Resolves after `delay` µs. */
  sleep(delay: Micros): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, delay / MILLISECOND)));
  }
}

/** The host clock that live adapters and import deadlines share when they only need to wait. */
export const HOST_CLOCK = new WallClock();
