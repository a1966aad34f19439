import { describe, expect, it } from 'vitest';
import { aggregatePoints, meanCi, tQuantile975 } from '../../lib/stats/aggregate.js';
import { fmt, fmtCi, roundSig } from '../../reports/format.js';

describe('per-point statistics', () => {
  it('uses Student t critical values, close to the normal quantile for many seeds', () => {
    expect(tQuantile975(1)).toBe(12.706);
    expect(tQuantile975(19)).toBe(2.093);
    expect(tQuantile975(60)).toBeCloseTo(2.0003, 3);
    expect(tQuantile975(120)).toBeCloseTo(1.9799, 3);
    expect(() => tQuantile975(0)).toThrow(/df must be an integer ≥ 1, got 0/);
  });

  it('gives the mean and a 95% interval of mean ± t·s/√n', () => {
    const { mean, lo, hi } = meanCi([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(mean).toBe(5);
    const half = (2.365 * Math.sqrt(32 / 7)) / Math.sqrt(8);
    expect(lo).toBeCloseTo(5 - half, 10);
    expect(hi).toBeCloseTo(5 + half, 10);
  });

  it('gives no interval for a single run', () => {
    expect(meanCi([3])).toEqual({ mean: 3 });
  });

  it('groups runs into points by knob values and scenario, in order of first appearance', () => {
    const runs = [
      { scenario: 's1', k: 1, seed: 1, m: 10 },
      { scenario: 's1', k: 2, seed: 1, m: 20 },
      { scenario: 's1', k: 1, seed: 2, m: 14 },
      { scenario: 's2', k: 1, seed: 1, m: 1 },
    ];
    const points = aggregatePoints(runs, { knobs: ['k'], metrics: ['m'], groupBy: 'scenario' });
    expect(points.map((p) => [p['scenario'], p['k'], p['n'], p['m_mean']])).toEqual([
      ['s1', 1, 2, 12],
      ['s1', 2, 1, 20],
      ['s2', 1, 1, 1],
    ]);
    expect(points[0]!['m_lo']).toBeLessThan(12);
    expect(points[1]!['m_lo']).toBeUndefined();
  });
});

describe('number formatting', () => {
  it('keeps integers exact and shortens fractions to four significant digits', () => {
    expect(fmt(3840200)).toBe('3840200');
    expect(fmt(20.3125)).toBe('20.31');
    expect(fmt(12345.678)).toBe('12346');
    expect(fmt(0.000012345)).toBe('1.23e-5');
    expect(fmt(undefined)).toBe('–');
    expect(roundSig(0.59461234)).toBe(0.5946);
  });

  it('writes a mean with its interval', () => {
    expect(fmtCi(1.23456, 1.1, 1.4)).toBe('1.235 [1.1, 1.4]');
    expect(fmtCi(2, undefined, undefined)).toBe('2');
  });
});
