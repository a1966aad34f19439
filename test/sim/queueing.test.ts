import { describe, expect, it } from 'vitest';
import { HOUR, RandomStream, SECOND, mmc, runMmcCallbacks, runMmcProcesses } from '../../sim/index.js';

// Simulation tolerance: 3% relative on Wq and W, 0.01 absolute on P(wait).
// Runs are seeded, so the figures are fixed; the tolerance is the statistical
// error of a run this long (batch-means standard error ≈ 1% for ρ = 0.8).
const REL = 0.03;

function relErr(actual: number, expected: number): number {
  return Math.abs(actual - expected) / expected;
}

describe('closed forms reproduce the published cases', () => {
  it('M/M/1 with λ=0.8, μ=1 has Wq=4 and W=5', () => {
    const m = mmc(0.8, 1, 1);
    expect(m.meanWait).toBeCloseTo(4, 10);
    expect(m.meanSojourn).toBeCloseTo(5, 10);
  });

  it('M/M/2 with λ=10/h, μ=12/h has P(wait)=0.245 and Wq=0.0175 h', () => {
    const m = mmc(10, 12, 2);
    expect(m.probabilityOfWait).toBeCloseTo(0.245, 3);
    expect(m.meanWait).toBeCloseTo(0.0175, 4);
  });

  it('M/M/14 with 10 Erlangs and 180 s mean service has P(wait)=0.1741 and Wq=7.84 s', () => {
    const m = mmc(10 / 180, 1 / 180, 14);
    expect(m.probabilityOfWait).toBeCloseTo(0.1741, 4);
    expect(m.meanWait).toBeCloseTo(7.84, 2);
  });
});

describe('the engine agrees with the closed forms over long seeded runs', () => {
  it.each([
    ['callbacks', runMmcCallbacks],
    ['processes', runMmcProcesses],
  ] as const)('M/M/1 λ=0.8 μ=1 (%s): Wq ≈ 4 s and W ≈ 5 s', (_style, runModel) => {
    const r = runModel({ meanInterarrival: 1.25 * SECOND, meanService: SECOND, servers: 1, customers: 1_000_000, rng: RandomStream.root('mm1') });
    expect(relErr(r.meanWait / SECOND, 4)).toBeLessThan(REL);
    expect(relErr(r.meanSojourn / SECOND, 5)).toBeLessThan(REL);
  });

  it('M/M/2 λ=10/h μ=12/h: P(wait) ≈ 0.245 and Wq ≈ 0.0175 h', () => {
    const r = runMmcCallbacks({ meanInterarrival: HOUR / 10, meanService: HOUR / 12, servers: 2, customers: 500_000, rng: RandomStream.root('mm2') });
    expect(Math.abs(r.fractionWaited - 0.245)).toBeLessThan(0.01);
    expect(relErr(r.meanWait / HOUR, 0.0175)).toBeLessThan(REL);
  });

  it('M/M/14 at 10 Erlangs, 180 s service: P(wait) ≈ 0.1741 and Wq ≈ 7.84 s', () => {
    const r = runMmcCallbacks({ meanInterarrival: 18 * SECOND, meanService: 180 * SECOND, servers: 14, customers: 500_000, rng: RandomStream.root('mm14') });
    expect(Math.abs(r.fractionWaited - 0.1741)).toBeLessThan(0.01);
    expect(relErr(r.meanWait / SECOND, 7.84)).toBeLessThan(REL);
  });

  it("satisfies Little's law L = λW, with L integrated from N(t) independently", () => {
    const r = runMmcCallbacks({ meanInterarrival: 1.25 * SECOND, meanService: SECOND, servers: 1, customers: 1_000_000, rng: RandomStream.root('little') });
    // The identity holds to rounding on any run; the closed-form L = 4 only statistically.
    expect(relErr(r.meanInSystem, r.arrivalRate * r.meanSojourn)).toBeLessThan(1e-9);
    expect(relErr(r.meanInSystem, mmc(0.8, 1, 1).meanInSystem)).toBeLessThan(REL);
  });

  it('gives callback and process styles the same draws, hence the same waits', () => {
    const p = { meanInterarrival: 1.25 * SECOND, meanService: SECOND, servers: 1, customers: 20_000 };
    const a = runMmcCallbacks({ ...p, rng: RandomStream.root(3) });
    const b = runMmcProcesses({ ...p, rng: RandomStream.root(3) });
    expect(b.meanWait).toBe(a.meanWait);
  });
});
