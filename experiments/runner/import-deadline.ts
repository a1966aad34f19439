import type { TimerHandle } from '../../controllers/port/runtime.js';
import { MILLISECOND } from '../../lib/time.js';
import { HOST_CLOCK } from './host-clock.js';

/**
 * How long a bring-your-own controller module may take to import: 10 s, or
 * CTRLSIM_MODULE_TIMEOUT seconds. A module whose top-level await never
 * settles would otherwise end the process with exit code 13 and no message.
 */
export function moduleImportDeadlineMs(): number {
  const s = Number(process.env['CTRLSIM_MODULE_TIMEOUT']);
  return Number.isFinite(s) && s > 0 ? s * 1000 : 10_000;
}

/**
 * Settles like `work`, or rejects with `onTimeout()` once `ms` of wall-clock
 * time has passed. The timer also keeps the event loop alive, so an import
 * stuck on a promise nothing resolves is reported instead of silently ending
 * the process. It decides only whether a run starts, never what it computes.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: TimerHandle | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = HOST_CLOCK.setTimer(ms * MILLISECOND, () => reject(onTimeout()));
  });
  return Promise.race([work, deadline]).finally(() => {
    if (timer) HOST_CLOCK.clearTimer(timer);
  });
}
