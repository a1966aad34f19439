import { describe, expect, it } from 'vitest';
import { BackoffGovernor, makeBackoff, type RandomSource } from '../../lib/policies/index.js';
import { SECOND } from '../../lib/time.js';

const noRandom: RandomSource = () => {
  throw new Error('no jitter configured, so no draw expected');
};

describe('BackoffGovernor', () => {
  it('holds a failed key back by successive backoff steps', () => {
    const g = new BackoffGovernor({ backoff: makeBackoff({ duration: SECOND, factor: 2, steps: 4 }), random: noRandom });
    g.record(0, 'k', 'failed');
    expect(g.request(0, 'k')).toMatchObject({ verdict: 'wait', until: SECOND });
    g.record(SECOND, 'k', 'failed');
    expect(g.request(SECOND, 'k')).toMatchObject({ verdict: 'wait', until: 3 * SECOND });
  });

  it('under the never rule keeps retrying at the last duration once steps run out', () => {
    const g = new BackoffGovernor({ backoff: makeBackoff({ duration: SECOND, factor: 2, steps: 2 }), random: noRandom });
    let now = 0;
    const holds: number[] = [];
    for (let k = 0; k < 5; k++) {
      g.record(now, 'k', 'failed');
      const d = g.request(now, 'k');
      if (d.verdict !== 'wait') throw new Error(`expected a wait, got ${d.verdict}`);
      holds.push(d.until - now);
      now = d.until;
    }
    expect(holds).toEqual([1, 2, 4, 4, 4].map((s) => s * SECOND));
  });

  // wait.ExponentialBackoff sleeps the capped delay and then returns without a further attempt.
  it('under the when-steps-exhausted rule makes no attempt after a delay that hit the cap', () => {
    const g = new BackoffGovernor({
      backoff: makeBackoff({ duration: SECOND, factor: 2, steps: 10, cap: 3 * SECOND }),
      random: noRandom,
      giveUp: 'when-steps-exhausted',
    });
    g.record(0, 'k', 'failed');
    g.record(SECOND, 'k', 'failed');
    expect(g.request(10 * SECOND, 'k').verdict).toBe('deny');
    expect(g.attempts('k')).toBe(2);
  });

  it('resets a key to the initial backoff after a success', () => {
    const g = new BackoffGovernor({ backoff: makeBackoff({ duration: SECOND, factor: 2, steps: 1 }), random: noRandom, giveUp: 'when-steps-exhausted' });
    g.record(0, 'k', 'failed');
    expect(g.request(0, 'k').verdict).toBe('deny');
    g.record(5 * SECOND, 'k', 'succeeded');
    expect(g.request(5 * SECOND, 'k').verdict).toBe('allow');
  });

  it('draws jitter from the given source only', () => {
    const g = new BackoffGovernor({ backoff: makeBackoff({ duration: SECOND, jitter: 0.5, steps: 3, factor: 1 }), random: () => 0.5 });
    g.record(0, 'k', 'failed');
    expect(g.request(0, 'k')).toMatchObject({ until: 1.25 * SECOND });
  });
});
