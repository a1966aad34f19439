/**
 * How a regional controller changes its region's capacity under the global
 * budget. Calls for one region never overlap: the controller waits for each
 * to finish before the next.
 */
export interface CapacityStrategy {
  /** Strategy name, for metrics. */
  readonly name: string;
  /**
   * Asks to grow `region` from `current` towards `desired`. `done` gets the
   * allocation the region may now apply (`current` when nothing was
   * granted), and when it arrives the controller applies it.
   */
  grow(region: number, current: number, desired: number, done: (allocation: number) => void): void;
  /**
   * Records that `region` has already shrunk to `allocation` (shrinking is
   * applied first, then announced, so the freed capacity is never granted
   * elsewhere while still in use). `done` runs once it is recorded.
   */
  shrink(region: number, allocation: number, done: () => void): void;
  /** Retries so far (conflicts and timeouts). */
  readonly retries: number;
}
