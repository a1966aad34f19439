/**
 * A budget on key movement: at most `capacity` keys (of the controller's key
 * sample) move per `per`, refilled continuously, like a token bucket whose
 * tokens are moved keys.
 */

import type { Micros } from '../../lib/time.js';

/**
 * Tokens are sample keys allowed to move. Spending may run into debt (a
 * forced change, such as dropping a dead member, still counts), and a full
 * bucket lets one change through however large it is, so a change bigger
 * than the whole budget is slowed to one per period instead of blocked
 * forever.
 */
export class KeyMoveBudget {
  private tokens: number;
  private last: Micros | undefined;

  constructor(
    /** Keys that may move per period, and the bucket's size. */
    readonly capacity: number,
    /** The period over which `capacity` refills. */
    readonly per: Micros,
  ) {
    if (!(capacity > 0)) throw new RangeError(`capacity must be > 0 keys, got ${capacity}`);
    if (!(per > 0)) throw new RangeError(`per must be > 0 µs, got ${per}`);
    this.tokens = capacity;
  }

  /** Tokens at `now` (negative while in debt). */
  available(now: Micros): number {
    this.refill(now);
    return this.tokens;
  }

  /** Whether a change moving `keys` may go ahead at `now`. */
  allows(now: Micros, keys: number): boolean {
    this.refill(now);
    return this.tokens >= Math.min(keys, this.capacity);
  }

  /** Takes `keys` tokens at `now`, into debt if need be. */
  spend(now: Micros, keys: number): void {
    this.refill(now);
    this.tokens -= keys;
  }

  /** The first instant a change moving `keys` is allowed (now if it already is). */
  readyAt(now: Micros, keys: number): Micros {
    this.refill(now);
    const missing = Math.min(keys, this.capacity) - this.tokens;
    if (missing <= 0) return now;
    return now + Math.ceil((missing * this.per) / this.capacity);
  }

  private refill(now: Micros): void {
    if (this.last !== undefined && now > this.last) {
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.capacity) / this.per);
    }
    if (this.last === undefined || now > this.last) this.last = now;
  }
}
