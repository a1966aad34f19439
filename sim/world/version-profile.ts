import type { Micros } from '../../lib/time.js';

/** How a software version behaves: a bad version fails requests or is slower. */
export interface VersionProfile {
  /** Probability in [0, 1] that a request served by this version ends in an error. */
  readonly errorRate: number;
  /** Extra service time of every request, µs (it holds a slot, so it also costs capacity). */
  readonly latency: Micros;
  /** Service-time multiplier (1 nominal). */
  readonly slowdown: number;
}

/** A version that behaves as specified. */
export const HEALTHY_VERSION: VersionProfile = { errorRate: 0, latency: 0, slowdown: 1 };
