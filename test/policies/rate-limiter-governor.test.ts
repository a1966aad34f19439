import { describe, expect, it } from 'vitest';
import { ItemExponentialFailureRateLimiter, RateLimiterGovernor, defaultControllerRateLimiter, type RateLimiter } from '../../lib/policies/index.js';
import { MILLISECOND, SECOND } from '../../lib/time.js';

const exponential = (): RateLimiterGovernor =>
  new RateLimiterGovernor(new ItemExponentialFailureRateLimiter<string>({ baseDelay: 10 * MILLISECOND, maxDelay: SECOND }));

describe('RateLimiterGovernor', () => {
  it('allows a key that never failed', () => {
    expect(exponential().request(0, 'scale/web').verdict).toBe('allow');
  });

  it('holds a failed key back for the limiter delay, then allows it', () => {
    const g = exponential();
    g.record(0, 'scale/web', 'failed');
    expect(g.request(5 * MILLISECOND, 'scale/web')).toMatchObject({ verdict: 'wait', until: 10 * MILLISECOND });
    expect(g.request(10 * MILLISECOND, 'scale/web').verdict).toBe('allow');
  });

  it('doubles the hold-back with each consecutive failure', () => {
    const g = exponential();
    let now = 0;
    const holds: number[] = [];
    for (let k = 0; k < 4; k++) {
      g.record(now, 'k', 'failed');
      const d = g.request(now, 'k');
      if (d.verdict !== 'wait') throw new Error('expected a wait');
      holds.push(d.until - now);
      now = d.until;
    }
    expect(holds).toEqual([10, 20, 40, 80].map((ms) => ms * MILLISECOND));
  });

  it('starts over from the base delay after a success', () => {
    const g = exponential();
    g.record(0, 'k', 'failed');
    g.record(10 * MILLISECOND, 'k', 'failed');
    g.record(30 * MILLISECOND, 'k', 'succeeded');
    expect(g.failures('k')).toBe(0);
    g.record(40 * MILLISECOND, 'k', 'failed');
    expect(g.request(40 * MILLISECOND, 'k')).toMatchObject({ verdict: 'wait', until: 50 * MILLISECOND });
  });

  it('keeps keys apart', () => {
    const g = exponential();
    g.record(0, 'a', 'failed');
    expect(g.request(0, 'b').verdict).toBe('allow');
  });

  it('does not spend budget when asked', () => {
    const g = new RateLimiterGovernor(defaultControllerRateLimiter<string>());
    for (let k = 0; k < 1000; k++) g.request(0, 'k');
    g.record(0, 'k', 'failed');
    expect(g.request(0, 'k')).toMatchObject({ verdict: 'wait', until: 5 * MILLISECOND });
  });

  it('with the default controller limiter, spreads a storm of failures at 10 per second after the first 100', () => {
    const g = new RateLimiterGovernor(defaultControllerRateLimiter<string>());
    for (let k = 0; k < 102; k++) g.record(0, `item-${k}`, 'failed');
    expect(g.request(0, 'item-99')).toMatchObject({ until: 5 * MILLISECOND });
    expect(g.request(0, 'item-101')).toMatchObject({ until: 200 * MILLISECOND });
  });

  it('denies a key whose limiter grants no retry at all', () => {
    const never: RateLimiter<string> = { when: () => Number.POSITIVE_INFINITY, forget: () => {}, numRequeues: () => 1 };
    const g = new RateLimiterGovernor(never);
    g.record(0, 'k', 'failed');
    expect(g.request(SECOND, 'k').verdict).toBe('deny');
  });
});
