import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BackoffGovernor,
  ResettingBackoff,
  jitter,
  makeBackoff,
  stepBackoff,
  type Backoff,
  type BackoffResetMode,
  type RandomSource,
} from '../../lib/policies/index.js';
import { mulberry32 } from '../../lib/mulberry32.js';
import { SECOND } from '../../lib/time.js';

type Call = { advance: number; expect?: number; expectAtLeast?: number; expectAtMost?: number };
type Case =
  | {
      kind: 'step';
      test: string;
      name: string;
      backoff: Backoff;
      want: number[];
      check: 'exact' | 'upstream-jitter-tolerance';
      derived?: { random: number[]; expect: number[] };
    }
  | { kind: 'delayWithReset'; test: string; name: string; backoff: Backoff; resetInterval: number; mode: BackoffResetMode; calls: Call[] }
  | {
      kind: 'exponentialBackoff';
      test: string;
      name: string;
      backoff: Backoff;
      succeedOnAttempt: number | null;
      expectAttempts: number;
      expectResult: 'succeeded' | 'gave-up';
    };

const cases = (JSON.parse(readFileSync(new URL('../fixtures/clientgo/wait-backoff.json', import.meta.url), 'utf8')) as { cases: Case[] }).cases;

/** A random source that replays fixed draws and fails loudly if asked for more. */
function draws(values: readonly number[]): RandomSource {
  let i = 0;
  return () => {
    const v = values[i++];
    if (v === undefined) throw new Error('random source asked for more draws than the vector has');
    return v;
  };
}

const noRandom: RandomSource = () => {
  throw new Error('a backoff without jitter must not draw randomness');
};

function steps(b: Backoff, n: number, random: RandomSource): number[] {
  const out: number[] = [];
  let current = makeBackoff(b);
  for (let i = 0; i < n; i++) {
    const { delay, next } = stepBackoff(current, random);
    out.push(delay);
    current = next;
  }
  return out;
}

describe('wait.Backoff replays upstream vectors', () => {
  for (const c of cases) {
    it(`${c.test}: ${c.name}`, () => {
      switch (c.kind) {
        case 'step':
          if (c.check === 'exact') {
            expect(steps(c.backoff, c.want.length, noRandom)).toEqual(c.want);
          } else {
            // Upstream, for seeds 0..4: got != want and (want - got) / want <= Jitter.
            for (let seed = 0; seed < 5; seed++) {
              steps(c.backoff, c.want.length, mulberry32(seed)).forEach((got, i) => {
                const want = c.want[i] ?? Number.NaN;
                expect(got, `seed ${seed} step ${i}`).not.toBe(want);
                expect((want - got) / want, `seed ${seed} step ${i}`).toBeLessThanOrEqual(c.backoff.jitter);
              });
            }
            if (c.derived) expect(steps(c.backoff, c.derived.expect.length, draws(c.derived.random))).toEqual(c.derived.expect);
          }
          break;
        case 'delayWithReset': {
          let now = 1_000;
          const backoff = new ResettingBackoff({
            initial: makeBackoff(c.backoff),
            resetInterval: c.resetInterval,
            mode: c.mode,
            random: mulberry32(7),
            createdAt: now,
          });
          c.calls.forEach((call, i) => {
            now += call.advance;
            const got = backoff.delay(now);
            if (call.expect !== undefined) expect(got, `call ${i}`).toBe(call.expect);
            if (call.expectAtLeast !== undefined) expect(got, `call ${i}`).toBeGreaterThanOrEqual(call.expectAtLeast);
            if (call.expectAtMost !== undefined) expect(got, `call ${i}`).toBeLessThanOrEqual(call.expectAtMost);
          });
          break;
        }
        case 'exponentialBackoff': {
          const governor = new BackoffGovernor({ backoff: makeBackoff(c.backoff), random: noRandom, giveUp: 'when-steps-exhausted' });
          let now = 0;
          let attempts = 0;
          let result: 'succeeded' | 'gave-up' | undefined;
          while (result === undefined) {
            const decision = governor.request(now, 'condition');
            if (decision.verdict === 'deny') result = 'gave-up';
            else if (decision.verdict === 'wait') now = decision.until;
            else {
              attempts++;
              const ok = attempts === c.succeedOnAttempt;
              governor.record(now, 'condition', ok ? 'succeeded' : 'failed');
              if (ok) result = 'succeeded';
            }
          }
          expect({ attempts, result }).toEqual({ attempts: c.expectAttempts, result: c.expectResult });
          break;
        }
      }
    });
  }
});

describe('stepBackoff', () => {
  it('sets Steps to 0 and Duration to the cap when growth passes the cap, so later steps stay at the cap', () => {
    const b = makeBackoff({ duration: SECOND, factor: 10, steps: 5, cap: 3 * SECOND });
    const first = stepBackoff(b, noRandom);
    expect(first.next).toMatchObject({ duration: 3 * SECOND, steps: 0 });
    expect(steps(first.next, 3, noRandom)).toEqual([3 * SECOND, 3 * SECOND, 3 * SECOND]);
  });

  it('reports Steps 0 once out of steps, whatever negative count it started from', () => {
    expect(stepBackoff(makeBackoff({ duration: SECOND, steps: -1 }), noRandom).next.steps).toBe(0);
  });

  it('truncates a fractional product as Go converts float64 to Duration', () => {
    const { next } = stepBackoff(makeBackoff({ duration: 3, factor: 1.5, steps: 2 }), noRandom);
    expect(next.duration).toBe(4);
  });

  it('never lets jitter feed into the next duration', () => {
    const { delay, next } = stepBackoff(makeBackoff({ duration: SECOND, factor: 2, steps: 3, jitter: 1 }), draws([0.5]));
    expect([delay, next.duration]).toEqual([1.5 * SECOND, 2 * SECOND]);
  });

  it('leaves its input untouched', () => {
    const b = makeBackoff({ duration: SECOND, factor: 2, steps: 3 });
    stepBackoff(b, noRandom);
    expect(b).toEqual({ duration: SECOND, factor: 2, jitter: 0, steps: 3, cap: 0 });
  });
});

describe('jitter', () => {
  it('adds random · maxFactor · duration, truncated', () => {
    expect(jitter(1000, 0.1, () => 0.55555)).toBe(1055);
  });

  it('treats a maxFactor of zero or less as 1.0', () => {
    expect([jitter(1000, 0, () => 0.5), jitter(1000, -3, () => 0.5)]).toEqual([1500, 1500]);
  });
});

describe('ResettingBackoff', () => {
  it('in every-interval mode resets on schedule even while busy', () => {
    const b = new ResettingBackoff({
      initial: makeBackoff({ duration: 1, factor: 2, steps: 10, cap: 100 }),
      resetInterval: 10,
      random: noRandom,
      createdAt: 0,
    });
    // Calls 6 ticks apart: the every-interval clock resets at t=12 although never idle for 10.
    expect([0, 6, 12, 18].map((t) => b.delay(t))).toEqual([1, 2, 1, 2]);
  });

  it('in after-idle mode resets only after a quiet period', () => {
    const b = new ResettingBackoff({
      initial: makeBackoff({ duration: 1, factor: 2, steps: 10, cap: 100 }),
      resetInterval: 10,
      mode: 'after-idle',
      random: noRandom,
      createdAt: 0,
    });
    expect([0, 6, 12, 18, 29].map((t) => b.delay(t))).toEqual([1, 2, 4, 8, 1]);
  });
});
