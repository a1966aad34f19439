import type { Micros } from '../../lib/time.js';
import { SECOND } from '../../lib/time.js';
import type { RandomStream } from '../../lib/random.js';
import type { LoadShape, LoadShapeSpec } from './load.js';
import { compileShape } from './load.js';
import type { LoadNoiseSpec } from './load-noise.js';
import { MmppModulator } from './load-noise.js';

/** One load source of a service: a shape and the noise on top of it. */
export type LoadSourceSpec = LoadShapeSpec & {
  /** Noise layered on the shape (default none). */
  readonly noise?: LoadNoiseSpec;
};

/** A multiplier on a service's offered load, changed by scenario actions (`scale-load`). */
export interface LoadFactor {
  /** Current multiplier (1 = as specified). */
  value: number;
}

/**
 * A load source at run time: its shape, scaled by the service's load factor,
 * modulated by MMPP noise, with its own random streams forked from
 * `load/<service>/<index>`, so adding a source never changes the draws of
 * another.
 */
export class LoadSource {
  /** The compiled shape. */
  readonly shape: LoadShape;
  /** The source's stream; arrivals fork `arrivals` from it. */
  readonly rng: RandomStream;
  private readonly modulator: MmppModulator | undefined;
  private readonly poissonRng: RandomStream | undefined;

  constructor(
    readonly spec: LoadSourceSpec,
    rng: RandomStream,
    private readonly factor: LoadFactor,
  ) {
    this.rng = rng;
    this.shape = compileShape(spec);
    const noise = spec.noise;
    this.modulator = noise?.kind === 'mmpp' ? new MmppModulator(noise, rng.fork('mmpp')) : undefined;
    this.poissonRng = noise?.kind === 'poisson' ? rng.fork('poisson') : undefined;
  }

  /** The shape's rate times the load factor, without noise (for under-provisioning checks). */
  baseRate(t: Micros): number {
    return this.shape.rate(t) * this.factor.value;
  }

  /** The instantaneous rate, noise included. Query with non-decreasing t (after the last `forget`). */
  rate(t: number): number {
    const r = this.shape.rate(t) * this.factor.value;
    return this.modulator && r > 0 ? r * this.modulator.at(t) : r;
  }

  /** An upper bound of `rate` over [from, to] at the current load factor. */
  bound(from: number, to: number): number {
    return this.shape.maxOver(from, to) * this.factor.value * (this.modulator?.max ?? 1);
  }

  /** Fluid mode: requests offered in [t, t + dt), Poisson-distributed when the noise says so. */
  fluidArrivals(t: Micros, dt: Micros): number {
    const expected = (this.rate(t) * dt) / SECOND;
    return this.poissonRng ? this.poissonRng.poisson(expected) : expected;
  }

  /** No query will come for times before t. */
  forget(t: number): void {
    this.modulator?.forget(t);
  }
}
