/**
 * client-go's ItemFastSlowRateLimiter: a few quick retries, then slow ones.
 */
import type { Micros } from '../time.js';
import { requireNumber } from './config-error.js';
import type { RateLimiter } from './rate-limiter.js';

/** Options of ItemFastSlowRateLimiter (upstream has no defaults, so every field is required). */
export interface ItemFastSlowOptions {
  /** Delay of each of the first maxFastAttempts failures, in ticks. */
  readonly fastDelay: Micros;
  /** Delay of every later failure, in ticks. */
  readonly slowDelay: Micros;
  /** How many failures of an item get fastDelay. */
  readonly maxFastAttempts: number;
}

/** Delays an item's failures 1..maxFastAttempts by fastDelay and every later one by slowDelay. */
export class ItemFastSlowRateLimiter<T> implements RateLimiter<T> {
  /** Delay of the fast failures, in ticks. */
  readonly fastDelay: Micros;
  /** Delay of the slow failures, in ticks. */
  readonly slowDelay: Micros;
  /** Number of fast failures per item. */
  readonly maxFastAttempts: number;
  readonly #failures = new Map<T, number>();

  constructor(options: ItemFastSlowOptions) {
    const name = 'ItemFastSlowRateLimiter';
    this.fastDelay = requireNumber(name, 'fastDelay', options.fastDelay, { min: 0 });
    this.slowDelay = requireNumber(name, 'slowDelay', options.slowDelay, { min: 0 });
    this.maxFastAttempts = requireNumber(name, 'maxFastAttempts', options.maxFastAttempts, { min: 0, integer: true });
  }

  /** Counts one more failure of `item`; returns fastDelay while the count is at most maxFastAttempts, else slowDelay. */
  when(item: T): Micros {
    const failures = (this.#failures.get(item) ?? 0) + 1;
    this.#failures.set(item, failures);
    return failures <= this.maxFastAttempts ? this.fastDelay : this.slowDelay;
  }

  /** Forgets `item`'s failures. */
  forget(item: T): void {
    this.#failures.delete(item);
  }

  /** How many failures of `item` are counted. */
  numRequeues(item: T): number {
    return this.#failures.get(item) ?? 0;
  }
}
