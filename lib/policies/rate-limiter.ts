/**
 * The workqueue rate-limiter contract from client-go
 * (`k8s.io/client-go/util/workqueue.RateLimiter` / `TypedRateLimiter[T]`).
 */
import type { Micros } from '../time.js';

/**
 * Decides how long an item waits before it is retried.
 *
 * Same contract as client-go's RateLimiter, with one change for determinism:
 * `when` takes the current virtual time, because the token-bucket limiter
 * reads it (upstream reads the wall clock). Per-item limiters ignore `now`.
 */
export interface RateLimiter<T> {
  /** Counts one more failure of `item` and returns how long it should wait, in ticks. */
  when(item: T, now: Micros): Micros;
  /** Stops tracking `item` (it succeeded or was dropped); its failure count goes back to zero. */
  forget(item: T): void;
  /** How many failures of `item` are being tracked. */
  numRequeues(item: T): number;
}
