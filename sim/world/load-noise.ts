import type { Micros } from '../../lib/time.js';
import type { RandomStream } from '../../lib/random.js';

/**
 * Noise layered on a load shape:
 * - `none`: the shape's rate as is (request-level arrivals are still a
 *   Poisson process with that rate; fluid mode offers exactly rate × dt).
 * - `poisson`: arrivals are a Poisson process at the shape's rate. Fluid
 *   mode draws each tick's count from a Poisson distribution (its latency
 *   formula already models Poisson arrivals, so it uses the expected count
 *   there, see FluidService); request-level arrivals always are Poisson, so
 *   there it changes nothing.
 * - `mmpp`: a two-state Markov-modulated Poisson process, bursts of `factor`
 *   times the quiet rate lasting `burst` on average, every `quiet` on average;
 *   the long-run mean equals the shape.
 */
export type LoadNoiseSpec =
  | { readonly kind: 'none' }
  | { readonly kind: 'poisson' }
  | { readonly kind: 'mmpp'; readonly factor: number; readonly quiet: Micros; readonly burst: Micros };

/**
 * The modulating chain of an MMPP: a rate multiplier that switches between a
 * quiet and a bursty level after exponential dwell times. It draws switch
 * times lazily from its own stream and answers for any time not before the
 * last `forget`.
 */
export class MmppModulator {
  /** The larger of the two multipliers, for thinning bounds. */
  readonly max: number;
  private readonly levels: readonly [number, number];
  private readonly means: readonly [Micros, Micros];
  private times: number[] = [];
  private states: number[] = [];
  private lo = 0;

  constructor(
    spec: Extract<LoadNoiseSpec, { kind: 'mmpp' }>,
    private readonly rng: RandomStream,
  ) {
    const pBurst = spec.burst / (spec.quiet + spec.burst);
    const quietLevel = 1 / (1 + pBurst * (spec.factor - 1));
    this.levels = [quietLevel, quietLevel * spec.factor];
    this.means = [spec.quiet, spec.burst];
    this.max = Math.max(...this.levels);
    this.times.push(0);
    this.states.push(rng.next() < pBurst ? 1 : 0);
  }

  /** The multiplier at time t. */
  at(t: number): number {
    while (this.times[this.times.length - 1]! <= t) {
      const last = this.times.length - 1;
      const s = this.states[last]!;
      this.times.push(this.times[last]! + this.rng.exponential(this.means[s as 0 | 1]));
      this.states.push(1 - s);
    }
    let i = this.lo;
    while (i + 1 < this.times.length && this.times[i + 1]! <= t) i++;
    return this.levels[this.states[i] as 0 | 1];
  }

  /** No query will come for times before `t`: older switch times may be dropped. */
  forget(t: number): void {
    while (this.lo + 1 < this.times.length && this.times[this.lo + 1]! <= t) this.lo++;
    if (this.lo > 256) {
      this.times = this.times.slice(this.lo);
      this.states = this.states.slice(this.lo);
      this.lo = 0;
    }
  }
}
