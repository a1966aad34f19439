import seedrandom from 'seedrandom';

/**
 * A seeded random stream, the only source of randomness in a simulation.
 *
 * Each component forks its own stream by name (`root.fork('load')`,
 * `root.fork('instance/web-3')`). A fork's seed is derived from its parent's
 * seed path and its name alone, so adding, removing or reordering one
 * component never changes the draws of another. Forking the same name twice
 * gives two copies of the same stream: give each component a unique name.
 *
 * Generator: seedrandom's Alea (fast, pure JavaScript, identical on every
 * machine). Distribution transforms use `Math.log`/`exp`/`cos`/`sqrt`, which
 * V8 computes with its own portable implementations (fdlibm), so draws are
 * bit-identical across machines on a given Node major version.
 */
export class RandomStream {
  private readonly prng: () => number;
  private spareNormal: number | undefined;

  constructor(
    /** The seed path: the root seed and the fork names, joined by "/". */
    readonly seedPath: string,
  ) {
    this.prng = seedrandom.alea(seedPath);
  }

  /** A root stream from a user seed (a number or a string). */
  static root(seed: string | number): RandomStream {
    return new RandomStream(String(seed));
  }

  /** An independent child stream named `name`. Does not advance this stream. */
  fork(name: string): RandomStream {
    return new RandomStream(`${this.seedPath}/${name}`);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.prng();
  }

  /** Uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.prng();
  }

  /** Uniform integer in [min, max], both inclusive. */
  integer(min: number, max: number): number {
    return min + Math.floor((max - min + 1) * this.prng());
  }

  /** Exponential with the given mean (not rate). Mean 1/λ. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.prng());
  }

  /** Normal (Gaussian) by the Box–Muller transform; the spare draw is kept for the next call. */
  normal(mean = 0, stddev = 1): number {
    const spare = this.spareNormal;
    if (spare !== undefined) {
      this.spareNormal = undefined;
      return mean + stddev * spare;
    }
    const u1 = 1 - this.prng(); // (0, 1], so log is finite
    const u2 = this.prng();
    const r = Math.sqrt(-2 * Math.log(u1));
    const theta = 2 * Math.PI * u2;
    this.spareNormal = r * Math.sin(theta);
    return mean + stddev * r * Math.cos(theta);
  }

  /** Log-normal: exp(N(mu, sigma)). Mean exp(mu + sigma²/2). */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /** Weibull with shape k and scale λ: λ(−ln U)^(1/k). Mean λΓ(1 + 1/k). */
  weibull(shape: number, scale: number): number {
    return scale * Math.pow(-Math.log(1 - this.prng()), 1 / shape);
  }

  /** Pareto (type I) with shape α and minimum xm: xm / U^(1/α). Mean αxm/(α−1) for α > 1. */
  pareto(shape: number, scale: number): number {
    return scale / Math.pow(1 - this.prng(), 1 / shape);
  }

  /** Bernoulli: true with probability p. */
  bernoulli(p: number): boolean {
    return this.prng() < p;
  }

  /**
   * Poisson with the given mean: Knuth's product method below mean 30,
   * Hörmann's PTRS transformed rejection above (exact, O(1) expected).
   */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean < 30) {
      const limit = Math.exp(-mean);
      let k = 0;
      let p = this.prng();
      while (p > limit) {
        k++;
        p *= this.prng();
      }
      return k;
    }
    return this.poissonPtrs(mean);
  }

  private poissonPtrs(lam: number): number {
    const slam = Math.sqrt(lam);
    const loglam = Math.log(lam);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.prng() - 0.5;
      const v = this.prng();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lam + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lam + k * loglam - logGamma(k + 1)) {
        return k;
      }
    }
  }
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos approximation, g = 7; relative error < 1e-13). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < 9; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}
