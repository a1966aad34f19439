import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE, SECOND } from '../../lib/time.js';
import { eventLabel } from '../../sim/engine/event-label.js';
import { RandomStream } from '../../lib/random.js';
import { Simulation } from '../../sim/engine/simulation.js';
import { ArrivalProcess } from '../../sim/world/arrival-process.js';
import type { LoadShapeSpec } from '../../sim/world/load.js';
import { compileShape } from '../../sim/world/load.js';
import { LoadSource } from '../../sim/world/load-source.js';
import type { LoadSourceSpec } from '../../sim/world/load-source.js';
import { TraceFormatError, parseTraceCsv } from '../../sim/world/load-trace.js';
import { between, max, mean, run, spec } from './helpers.js';

const us = fc.integer({ min: 0, max: 4 * 3600 }).map((s) => s * SECOND);
const rate = fc.double({ min: 0, max: 5000, noNaN: true });
const shapeArb: fc.Arbitrary<LoadShapeSpec> = fc.oneof(
  rate.map((rps) => ({ shape: 'constant' as const, rps })),
  fc.array(fc.record({ at: us, rps: rate }), { minLength: 1, maxLength: 6 }).map((steps) => ({ shape: 'step' as const, steps })),
  fc.record({ from: rate, to: rate, start: us, duration: us.map((d) => d + SECOND) }).map((r) => ({ shape: 'ramp' as const, ...r })),
  fc.record({ mean: rate, amplitude: rate, period: us.map((d) => d + MINUTE), phase: us }).map((r) => ({ shape: 'diurnal' as const, ...r })),
  fc.record({ at: us, rps: rate, rise: us, hold: us, decay: us }).map((r) => ({ shape: 'spike' as const, ...r })),
  fc
    .record({ rates: fc.array(rate, { minLength: 1, maxLength: 8 }), start: us, loop: fc.boolean(), scale: fc.double({ min: 0, max: 3, noNaN: true }) })
    .map(({ rates, start, loop, scale }) => ({
      shape: 'trace' as const,
      points: rates.map((rps, i) => ({ at: i * 30 * SECOND, rps })),
      length: rates.length * 30 * SECOND,
      start,
      loop,
      scale,
    })),
);

/** Arrival times of one source over [0, horizon), by thinning. */
function arrivals(source: LoadSourceSpec, horizon: number, seed = 1): number[] {
  const sim = new Simulation();
  const times: number[] = [];
  const src = new LoadSource(source, RandomStream.root(seed).fork('load/web/0'), { value: 1 });
  new ArrivalProcess(sim, src, src.rng.fork('arrivals'), eventLabel('arrival', 'load/web/0'), () => times.push(sim.now), horizon).start();
  sim.run();
  return times;
}

function countIn(times: readonly number[], from: number, to: number): number {
  return times.filter((t) => t >= from && t < to).length;
}

describe('load shapes', () => {
  it('bound their rate over any interval by maxOver, which request-level thinning relies on', () => {
    fc.assert(
      fc.property(shapeArb, us, us, (s, a0, len) => {
        const shape = compileShape(s);
        const a = a0;
        const b = a0 + len;
        const bound = shape.maxOver(a, b);
        for (let k = 0; k <= 64; k++) {
          const t = a + ((b - a) * k) / 64;
          expect(shape.rate(t)).toBeLessThanOrEqual(bound + 1e-9);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("offer each shape's integral at request level, within 2% (non-homogeneous Poisson by thinning)", () => {
    const shapes: LoadSourceSpec[] = [
      { shape: 'ramp', from: 100, to: 1100, start: MINUTE, duration: 8 * MINUTE },
      {
        shape: 'step',
        steps: [
          { at: 0, rps: 200 },
          { at: 5 * MINUTE, rps: 800 },
        ],
      },
      { shape: 'diurnal', mean: 500, amplitude: 400, period: 20 * MINUTE, phase: 0 },
      { shape: 'spike', at: MINUTE, rps: 1000, rise: MINUTE, hold: 2 * MINUTE, decay: MINUTE },
    ];
    for (const shape of shapes) {
      const times = arrivals(shape, 10 * MINUTE);
      const rateOf = compileShape(shape);
      for (const [from, to] of [
        [0, 4 * MINUTE],
        [4 * MINUTE, 10 * MINUTE],
      ] as const) {
        let want = 0;
        for (let t = from; t < to; t += 10_000) want += (rateOf.rate(t + 5_000) * 10_000) / SECOND;
        const n = countIn(times, from, to);
        expect(Math.abs(n - want) / want, `${shape.shape} in [${from / SECOND}s, ${to / SECOND}s): ${n} arrivals, expected about ${want}`).toBeLessThan(0.02);
      }
    }
  });

  it("show their form in a seeded run's time series: step, ramp, diurnal peak and spike", () => {
    const shapes: LoadShapeSpec[] = [
      {
        shape: 'step',
        steps: [
          { at: 0, rps: 100 },
          { at: 10 * MINUTE, rps: 300 },
        ],
      },
      { shape: 'ramp', from: 0, to: 200, start: 5 * MINUTE, duration: 10 * MINUTE },
      { shape: 'spike', at: 16 * MINUTE, rps: 400, rise: 0, hold: 2 * MINUTE, decay: 0 },
    ];
    const { rows } = run(spec({ horizon: 20 * MINUTE }, { initialReplicas: 20, load: shapes }));
    expect(mean(between(rows, 60, 300), 'load_rps')).toBeCloseTo(100, 5);
    expect(mean(between(rows, 310, 600), 'load_rps')).toBeGreaterThan(100);
    expect(mean(between(rows, 970, 1080), 'load_rps')).toBeCloseTo(300 + 200 + 400, 5);
    expect(mean(between(rows, 1090, 1200), 'load_rps')).toBeCloseTo(300 + 200, 5);
    const diurnal = run(
      spec(
        { horizon: 2 * HOUR, sampleEvery: MINUTE },
        { initialReplicas: 20, load: [{ shape: 'diurnal', mean: 500, amplitude: 300, period: 2 * HOUR, phase: 0 }] },
      ),
    );
    const peak = diurnal.rows.reduce((a, r) => ((r['load_rps'] as number) > (a['load_rps'] as number) ? r : a));
    expect(peak['time_s']).toBeGreaterThanOrEqual(1740);
    expect(peak['time_s']).toBeLessThanOrEqual(1860);
    expect(max(diurnal.rows, 'load_rps')).toBeCloseTo(800, -1);
  });

  it('add Poisson noise in fluid mode: per-tick arrivals vary about as much as their mean', () => {
    const { rows } = run(
      spec({ horizon: 30 * MINUTE, sampleEvery: SECOND }, { initialReplicas: 10, load: [{ shape: 'constant', rps: 400, noise: { kind: 'poisson' } }] }),
    );
    const xs = rows.map((r) => r['arrived'] as number);
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const v = xs.reduce((a, x) => a + (x - m) ** 2, 0) / xs.length;
    expect(m).toBeGreaterThan(390);
    expect(m).toBeLessThan(410);
    expect(v / m).toBeGreaterThan(0.85);
    expect(v / m).toBeLessThan(1.15);
  });

  it('add MMPP bursts: the mean stays, 10-second counts swing far more than Poisson', () => {
    const mmpp: LoadSourceSpec = { shape: 'constant', rps: 300, noise: { kind: 'mmpp', factor: 4, quiet: 2 * MINUTE, burst: 30 * SECOND } };
    const { rows } = run(spec({ horizon: 2 * HOUR, fidelity: 'request' }, { initialReplicas: 40, load: [mmpp] }));
    const xs = rows.map((r) => r['arrived'] as number);
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const v = xs.reduce((a, x) => a + (x - m) ** 2, 0) / xs.length;
    expect(m / 10).toBeGreaterThan(270);
    expect(m / 10).toBeLessThan(330);
    expect(v / m).toBeGreaterThan(20);
    expect(max(rows, 'load_rps') / 300).toBeGreaterThan(2);
  });
});

describe('trace replay', () => {
  it('reads "timestamp,rps" as a step function relative to the first row', () => {
    const t = parseTraceCsv('timestamp,rps\n1000,10\n1030,20\n1060,5\n', 'a.csv');
    expect(t.format).toBe('rps');
    expect(t.points).toEqual([
      { at: 0, rps: 10 },
      { at: 30 * SECOND, rps: 20 },
      { at: 60 * SECOND, rps: 5 },
    ]);
    expect(t.length).toBe(90 * SECOND);
  });

  it('reads "timestamp,count" as requests per interval, and ISO date-times', () => {
    const t = parseTraceCsv('# exported\ntimestamp,count\n2024-01-01T00:00:00Z,600\n2024-01-01T00:01:00Z,1200\n', 'b.csv');
    expect(t.points).toEqual([
      { at: 0, rps: 10 },
      { at: 60 * SECOND, rps: 20 },
    ]);
  });

  it('stretches time with timeScale and keeps the rates', () => {
    const t = parseTraceCsv('timestamp,rps\n0,10\n60,20\n', 'c.csv', 0.5);
    expect(t.points).toEqual([
      { at: 0, rps: 10 },
      { at: 30 * SECOND, rps: 20 },
    ]);
    expect(t.length).toBe(60 * SECOND);
  });

  it('replays in a seeded run, looping after its end', () => {
    const trace = parseTraceCsv('timestamp,rps\n0,100\n60,400\n', 'd.csv');
    const load: LoadSourceSpec[] = [{ shape: 'trace', points: trace.points, length: trace.length, start: 0, loop: true, scale: 1 }];
    const { rows } = run(spec({ horizon: 6 * MINUTE }, { initialReplicas: 10, load }));
    expect(between(rows, 10, 61).map((r) => r['load_rps'])).toEqual([100, 100, 100, 100, 100, 100]);
    expect(between(rows, 70, 121).map((r) => r['load_rps'])).toEqual([400, 400, 400, 400, 400, 400]);
    expect(between(rows, 250, 301).map((r) => r['load_rps'])).toEqual([100, 100, 100, 100, 100, 100]);
  });

  it('rejects a malformed row with the file and the line', () => {
    const bad = 'timestamp,rps\n0,10\n\n30,lots\n';
    expect(() => parseTraceCsv(bad, 'traces/day.csv')).toThrow(TraceFormatError);
    expect(() => parseTraceCsv(bad, 'traces/day.csv')).toThrow(/^traces\/day\.csv:4: expected a row "<timestamp>,<rps>".*, got "30,lots"$/);
    expect(() => parseTraceCsv('timestamp,rps\n30,1\n10,2\n', 'e.csv')).toThrow(/^e\.csv:3: /);
    expect(() => parseTraceCsv('time,value\n', 'f.csv')).toThrow(/^f\.csv:1: expected a header "timestamp,rps" or "timestamp,count"/);
  });
});
