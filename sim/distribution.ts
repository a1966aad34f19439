import type { RandomStream } from '../lib/random.js';

/**
 * A distribution described as data, as experiment files write it. Values are
 * in the caller's unit (a duration field's µs, a plain count ...).
 */
export type DistributionSpec =
  | { readonly kind: 'constant'; readonly value: number }
  | { readonly kind: 'uniform'; readonly min: number; readonly max: number }
  | { readonly kind: 'exponential'; readonly mean: number }
  | { readonly kind: 'normal'; readonly mean: number; readonly stddev: number }
  | { readonly kind: 'lognormal'; readonly median: number; readonly sigma: number }
  | { readonly kind: 'weibull'; readonly shape: number; readonly scale: number }
  | { readonly kind: 'pareto'; readonly shape: number; readonly scale: number };

/** The kinds a `DistributionSpec` may name. */
export const DISTRIBUTION_KINDS = ['constant', 'uniform', 'exponential', 'normal', 'lognormal', 'weibull', 'pareto'] as const;

/** A function drawing one value per call. */
export type Sampler = () => number;

/**
 * Binds a spec to a stream. `normal` draws are clamped at 0 because every
 * quantity sampled this way (delays, service times) is non-negative.
 */
export function sampler(spec: DistributionSpec, rng: RandomStream): Sampler {
  switch (spec.kind) {
    case 'constant': {
      const v = spec.value;
      return () => v;
    }
    case 'uniform':
      return () => rng.uniform(spec.min, spec.max);
    case 'exponential':
      return () => rng.exponential(spec.mean);
    case 'normal':
      return () => Math.max(0, rng.normal(spec.mean, spec.stddev));
    case 'lognormal': {
      const mu = Math.log(spec.median);
      return () => rng.lognormal(mu, spec.sigma);
    }
    case 'weibull':
      return () => rng.weibull(spec.shape, spec.scale);
    case 'pareto':
      return () => rng.pareto(spec.shape, spec.scale);
  }
}

/** The mean of a distribution, for capacity planning and fluid mode. */
export function meanOf(spec: DistributionSpec): number {
  switch (spec.kind) {
    case 'constant':
      return spec.value;
    case 'uniform':
      return (spec.min + spec.max) / 2;
    case 'exponential':
      return spec.mean;
    case 'normal':
      return spec.mean;
    case 'lognormal':
      return spec.median * Math.exp((spec.sigma * spec.sigma) / 2);
    case 'weibull':
      return spec.scale * Math.exp(lnGammaForMean(1 + 1 / spec.shape));
    case 'pareto':
      return spec.shape > 1 ? (spec.shape * spec.scale) / (spec.shape - 1) : Number.POSITIVE_INFINITY;
  }
}

function lnGammaForMean(x: number): number {
  // Stirling series, accurate to ~1e-10 for x ≥ 1 after shifting up by 6.
  let shift = 0;
  let y = x;
  while (y < 7) {
    shift += Math.log(y);
    y += 1;
  }
  const inv = 1 / y;
  const inv2 = inv * inv;
  return (y - 0.5) * Math.log(y) - y + 0.5 * Math.log(2 * Math.PI) + inv / 12 - (inv * inv2) / 360 + (inv * inv2 * inv2) / 1260 - shift;
}
