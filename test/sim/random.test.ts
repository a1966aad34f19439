import { describe, expect, it } from 'vitest';
import { RandomStream, logGamma } from '../../lib/random.js';

function draws(n: number, f: () => number): { mean: number; variance: number } {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const x = f();
    sum += x;
    sumSq += x * x;
  }
  const mean = sum / n;
  return { mean, variance: sumSq / n - mean * mean };
}

const N = 200_000;
const gamma = (x: number): number => Math.exp(logGamma(x));

// Tolerances: relative 2% on the mean and 5% on the variance; with 200k draws
// the standard error of each is well under a third of that for these shapes.
const cases: Array<[string, (r: RandomStream) => number, number, number]> = [
  ['uniform(2, 5)', (r) => r.uniform(2, 5), 3.5, 9 / 12],
  ['exponential(mean 3)', (r) => r.exponential(3), 3, 9],
  ['normal(10, 2)', (r) => r.normal(10, 2), 10, 4],
  ['lognormal(0, 0.5)', (r) => r.lognormal(0, 0.5), Math.exp(0.125), (Math.exp(0.25) - 1) * Math.exp(0.25)],
  ['weibull(shape 1.5, scale 2)', (r) => r.weibull(1.5, 2), 2 * gamma(1 + 1 / 1.5), 4 * (gamma(1 + 2 / 1.5) - gamma(1 + 1 / 1.5) ** 2)],
  ['pareto(shape 5, xm 1)', (r) => r.pareto(5, 1), 5 / 4, 5 / (16 * 3)],
  ['poisson(4)', (r) => r.poisson(4), 4, 4],
  ['poisson(250) (the PTRS branch)', (r) => r.poisson(250), 250, 250],
  ['bernoulli(0.3)', (r) => (r.bernoulli(0.3) ? 1 : 0), 0.3, 0.21],
];

describe('random streams', () => {
  it.each(cases)('draw %s with the textbook mean and variance', (_name, draw, mean, variance) => {
    const rng = RandomStream.root('moments');
    const m = draws(N, () => draw(rng));
    expect(Math.abs(m.mean - mean) / mean).toBeLessThan(0.02);
    expect(Math.abs(m.variance - variance) / variance).toBeLessThan(0.05);
  });

  it('repeat the same draws for the same seed', () => {
    const a = RandomStream.root(42).fork('load');
    const b = RandomStream.root(42).fork('load');
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
  });

  it('give a component the same draws whether or not another component was added', () => {
    const alone = RandomStream.root(7);
    const loadAlone = alone.fork('load');
    const withNeighbour = RandomStream.root(7);
    const neighbour = withNeighbour.fork('second-load');
    neighbour.next();
    const load = withNeighbour.fork('load');
    neighbour.next();
    expect(Array.from({ length: 10 }, () => load.next())).toEqual(Array.from({ length: 10 }, () => loadAlone.next()));
  });

  it('give differently named forks different draws', () => {
    const root = RandomStream.root(1);
    expect(root.fork('a').next()).not.toBe(root.fork('b').next());
  });

  it('computes ln Γ accurately', () => {
    expect(Math.exp(logGamma(5))).toBeCloseTo(24, 9);
    expect(Math.exp(logGamma(0.5))).toBeCloseTo(Math.sqrt(Math.PI), 9);
  });
});
