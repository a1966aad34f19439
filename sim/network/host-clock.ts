import type { Micros } from '../../lib/time.js';

/** A host's clock error as data. */
export interface HostClockSpec {
  /** Offset of the host's wall clock from true time at the start, µs (may be negative). */
  readonly wallOffset: Micros;
  /** Rate error, µs gained per true µs (50e-6 is 50 ppm fast, -50e-6 slow); must be > -1. Applies to both clocks. */
  readonly drift: number;
}

/** A perfect clock. */
export const PERFECT_CLOCK: HostClockSpec = { wallOffset: 0, drift: 0 };

/**
 * One host's view of time, with monotonic and wall time kept apart, as on a
 * real machine:
 * - `monotonic` counts from the start of the run at the host's drifted rate
 *   and never goes backwards: use it for timeouts, TTLs and rate limits.
 * - `wall` is the monotonic reading plus an offset that `jump` can step
 *   forwards or backwards (an NTP correction, a bad operator): use it for
 *   timestamps compared across hosts, and watch leases misbehave.
 * Timers run on the monotonic clock, so a fast host's timers fire early in
 * true time.
 */
export class HostClock {
  private offset: Micros;

  constructor(
    /** The clock's error. */
    readonly spec: HostClockSpec = PERFECT_CLOCK,
  ) {
    if (!(spec.drift > -1)) throw new RangeError(`clock drift must be > -1 (a rate), got ${spec.drift}`);
    this.offset = spec.wallOffset;
  }

  /** The host's monotonic time when true time is `trueNow`. Non-decreasing in `trueNow`. */
  monotonic(trueNow: Micros): Micros {
    return Math.round(trueNow * (1 + this.spec.drift));
  }

  /** The host's wall-clock time (µs since the run's epoch) when true time is `trueNow`. May jump. */
  wall(trueNow: Micros): Micros {
    return this.monotonic(trueNow) + this.offset;
  }

  /** Steps the wall clock by `by` µs (negative: backwards). Monotonic time is unaffected. */
  jump(by: Micros): void {
    this.offset += by;
  }

  /** Current wall offset from the host's monotonic time, µs. */
  get wallOffset(): Micros {
    return this.offset;
  }

  /** True time for a host-clock duration to elapse, rounded up so a timer never fires before its host deadline. */
  trueDelay(hostDelay: Micros): Micros {
    return Math.max(0, Math.ceil(hostDelay / (1 + this.spec.drift) - 1e-9));
  }
}
