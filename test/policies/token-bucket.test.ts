import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INFINITE_DELAY, TokenBucket, delayFrom, every, type Reservation } from '../../lib/policies/index.js';
import { MILLISECOND, SECOND } from '../../lib/time.js';

type Limit = number | 'Inf';
type Step =
  | { op: 'allow'; at: number; n: number; expect: boolean; tokensBefore?: number }
  | { op: 'reserve'; at: number; n: number; expectOk: boolean; expectAct?: number; maxReserve?: Limit; ref?: string }
  | { op: 'cancel'; ref: string; at: number }
  | { op: 'setLimit'; at: number; limit: Limit }
  | { op: 'setBurst'; at: number; burst: number }
  | { op: 'allowRepeat'; at: number; times: number; expectAllowed: number }
  | { op: 'allowLoop'; fromMicros: number; stepMicros: number; untilMicros: number; expectAtLeast: number; expectAtMost: number };

interface Case {
  test: string;
  name: string;
  limiter: { limit: Limit; burst: number };
  steps: Step[];
}

interface EveryCase {
  interval: number;
  ticksPerSecond: number;
  expect: Limit;
}

interface Fixture {
  t0Micros: number;
  dMicros: number;
  cases: Case[];
  every: { cases: EveryCase[] };
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/clientgo/x-time-rate.json', import.meta.url), 'utf8')) as Fixture;
const { t0Micros: t0, dMicros: d } = fixture;
const num = (x: Limit): number => (x === 'Inf' ? Number.POSITIVE_INFINITY : x);
const at = (k: number): number => t0 + k * d;

function replay(c: Case): void {
  const bucket = new TokenBucket({ limit: num(c.limiter.limit), burst: c.limiter.burst });
  const refs = new Map<string, Reservation>();
  c.steps.forEach((step, i) => {
    const where = `${c.test} step ${i} (${step.op})`;
    switch (step.op) {
      case 'allow':
        if (step.tokensBefore !== undefined) expect(bucket.tokensAt(at(step.at)), where).toBe(step.tokensBefore);
        expect(bucket.allowN(at(step.at), step.n), where).toBe(step.expect);
        break;
      case 'reserve': {
        const max = step.maxReserve === undefined ? INFINITE_DELAY : num(step.maxReserve) * d;
        const r = bucket.reserveN(at(step.at), step.n, max);
        expect(r.ok, where).toBe(step.expectOk);
        // Upstream compares times to act rounded to the nearest d.
        if (r.ok && step.expectAct !== undefined) expect(Math.round((r.timeToAct - t0) / d), where).toBe(step.expectAct);
        if (step.ref !== undefined) refs.set(step.ref, r);
        break;
      }
      case 'cancel': {
        const r = refs.get(step.ref);
        if (r === undefined) throw new Error(`${where}: no reservation named ${step.ref}`);
        bucket.cancelAt(r, at(step.at));
        break;
      }
      case 'setLimit':
        bucket.setLimitAt(at(step.at), num(step.limit));
        break;
      case 'setBurst':
        bucket.setBurstAt(at(step.at), step.burst);
        break;
      case 'allowRepeat': {
        let allowed = 0;
        for (let k = 0; k < step.times; k++) if (bucket.allowN(at(step.at), 1)) allowed++;
        expect(allowed, where).toBe(step.expectAllowed);
        break;
      }
      case 'allowLoop': {
        let allowed = 0;
        for (let now = step.fromMicros; now < step.untilMicros; now += step.stepMicros) if (bucket.allowN(now, 1)) allowed++;
        expect(allowed, where).toBeGreaterThanOrEqual(step.expectAtLeast);
        expect(allowed, where).toBeLessThanOrEqual(step.expectAtMost);
        break;
      }
    }
  });
}

describe('TokenBucket replays golang.org/x/time/rate vectors', () => {
  for (const c of fixture.cases) it(`${c.test}: ${c.name}`, () => replay(c));
});

describe('every replays TestEvery', () => {
  for (const c of fixture.every.cases) {
    it(`gives ${String(c.expect)} events per second for an interval of ${c.interval} at ${c.ticksPerSecond} ticks per second`, () => {
      const got = every(c.interval, c.ticksPerSecond);
      if (c.expect === 'Inf') expect(got).toBe(Number.POSITIVE_INFINITY);
      else expect(Math.abs(got / c.expect - 1)).toBeLessThan(1e-9);
    });
  }
});

describe('TokenBucket', () => {
  it('starts full, so burst events pass at once and the next waits exactly one refill', () => {
    const bucket = new TokenBucket({ limit: 10, burst: 3 });
    const delays = [0, 1, 2, 3].map(() => delayFrom(bucket.reserveN(0, 1), 0));
    expect(delays).toEqual([0, 0, 0, 100 * MILLISECOND]);
  });

  it('goes further into debt with each reservation, one refill period apart', () => {
    const bucket = new TokenBucket({ limit: 4, burst: 1 });
    bucket.reserveN(0, 1);
    const acts = [1, 2, 3].map(() => bucket.reserveN(0, 1)).map((r) => (r.ok ? r.timeToAct : -1));
    expect(acts).toEqual([250 * MILLISECOND, 500 * MILLISECOND, 750 * MILLISECOND]);
  });

  it('never holds more than burst tokens, however long it idles', () => {
    const bucket = new TokenBucket({ limit: 1000, burst: 5 });
    bucket.reserveN(0, 5);
    expect(bucket.tokensAt(3600 * SECOND)).toBe(5);
  });

  it('reports a refused reservation as an infinite delay', () => {
    const bucket = new TokenBucket({ limit: 10, burst: 1 });
    expect(delayFrom(bucket.reserveN(0, 2), 0)).toBe(INFINITE_DELAY);
  });

  it('with limit 0 grants a reservation that never comes due, as upstream', () => {
    const bucket = new TokenBucket({ limit: 0, burst: 1 });
    bucket.reserveN(0, 1);
    expect(delayFrom(bucket.reserveN(0, 1), 0)).toBe(INFINITE_DELAY);
  });

  it('counts time in nanoseconds when told so', () => {
    const bucket = new TokenBucket({ limit: 10, burst: 1, ticksPerSecond: 1e9 });
    bucket.reserveN(0, 1);
    expect(delayFrom(bucket.reserveN(0, 1), 0)).toBe(100_000_000);
  });
});
