/**
 * Governs retries with a client-go rate limiter, as a workqueue does.
 */
import type { Micros } from '../time.js';
import { ALLOW, deny, waitUntil, type ActionGovernor, type Decision, type Outcome } from './action-governor.js';
import type { RateLimiter } from './rate-limiter.js';

/**
 * Turns a RateLimiter into a governor of retries, keyed by a string per
 * action (for instance `kind/target`).
 *
 * This is workqueue's `AddRateLimited` / `Forget` cycle: a failure asks the
 * limiter for a delay and forbids the key until then; a success forgets the
 * key, so its next failure starts from the base delay again. A key that never
 * failed is always allowed.
 */
export class RateLimiterGovernor implements ActionGovernor<string> {
  /** The limiter that prices each failure. */
  readonly limiter: RateLimiter<string>;
  readonly #notBefore = new Map<string, Micros>();

  constructor(limiter: RateLimiter<string>) {
    this.limiter = limiter;
  }

  /** Allows `key` unless its last failure's delay has not yet run out. */
  request(now: Micros, key: string): Decision {
    const notBefore = this.#notBefore.get(key);
    if (notBefore === undefined || now >= notBefore) return ALLOW;
    if (notBefore === Number.POSITIVE_INFINITY) return deny(`rate limiter grants ${key} no retry`);
    return waitUntil(notBefore, `rate-limited retry of ${key} (${this.limiter.numRequeues(key)} failures)`);
  }

  /** A failure delays `key` by the limiter's `when`; a success forgets it. */
  record(now: Micros, key: string, outcome: Outcome): void {
    if (outcome === 'succeeded') {
      this.limiter.forget(key);
      this.#notBefore.delete(key);
      return;
    }
    this.#notBefore.set(key, now + this.limiter.when(key, now));
  }

  /** How many failures of `key` the limiter is counting. */
  failures(key: string): number {
    return this.limiter.numRequeues(key);
  }
}
