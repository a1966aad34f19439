import type { Micros } from '../../lib/time.js';
import type { EventLabel } from '../engine/event-label.js';
import type { Simulation } from '../engine/simulation.js';

/**
 * Sends a request and waits `timeout` for its answer; on timeout calls
 * `onTimeout` (which usually sends again). Answers arriving after the
 * timeout are dropped. `send` gets the answer callback and returns a
 * function that discards a pending answer.
 */
export function requestWithTimeout<T>(
  sim: Simulation,
  timeout: Micros,
  label: EventLabel,
  send: (answer: (result: T) => void) => (() => void) | void,
  onAnswer: (result: T) => void,
  onTimeout: () => void,
): void {
  let settled = false;
  const timer = sim.after(
    timeout,
    () => {
      if (settled) return;
      settled = true;
      discard?.();
      onTimeout();
    },
    label,
  );
  const discard = send((result) => {
    if (settled) return;
    settled = true;
    sim.cancel(timer);
    onAnswer(result);
  });
}
