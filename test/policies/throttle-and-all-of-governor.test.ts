import { describe, expect, it } from 'vitest';
import { AllOfGovernor, CooldownGovernor, ThrottleGovernor, TokenBucket, deny, type ActionGovernor } from '../../lib/policies/index.js';
import { MILLISECOND, SECOND } from '../../lib/time.js';

describe('ThrottleGovernor', () => {
  it('allows burst actions at once and then one per refill period', () => {
    const g = new ThrottleGovernor(new TokenBucket({ limit: 10, burst: 2 }));
    g.record(0);
    g.record(0);
    expect(g.request(0)).toMatchObject({ verdict: 'wait', until: 100 * MILLISECOND });
    expect(g.request(100 * MILLISECOND).verdict).toBe('allow');
  });

  it('waits until the token has really accrued, rounding the wait up to a whole tick', () => {
    const bucket = new TokenBucket({ limit: 3, burst: 1 });
    const g = new ThrottleGovernor(bucket);
    g.record(0);
    const d = g.request(0);
    if (d.verdict !== 'wait') throw new Error('expected a wait');
    expect(d.until).toBe(333_334);
    expect(bucket.tokensAt(d.until)).toBeGreaterThanOrEqual(1);
    expect(g.request(d.until).verdict).toBe('allow');
  });

  it('denies when the bucket can never refill', () => {
    const g = new ThrottleGovernor(new TokenBucket({ limit: 0, burst: 1 }));
    g.record(0);
    expect(g.request(SECOND).verdict).toBe('deny');
  });
});

describe('AllOfGovernor', () => {
  it('allows only what every member allows', () => {
    const g = new AllOfGovernor<string>([new CooldownGovernor({ gap: SECOND }), new ThrottleGovernor(new TokenBucket({ limit: 1, burst: 5 }))]);
    expect(g.request(0, 'k').verdict).toBe('allow');
  });

  it('waits for the latest of the members that say wait', () => {
    const g = new AllOfGovernor<string>([new CooldownGovernor({ gap: 3 * SECOND }), new ThrottleGovernor(new TokenBucket({ limit: 1, burst: 1 }))]);
    g.record(0, 'k', 'succeeded');
    expect(g.request(0, 'k')).toMatchObject({ verdict: 'wait', until: 3 * SECOND });
  });

  it('denies when any member denies, however the others answer', () => {
    const refuse: ActionGovernor<string> = { request: () => deny('never'), record: () => {} };
    const g = new AllOfGovernor<string>([new CooldownGovernor({ gap: SECOND }), refuse]);
    expect(g.request(0, 'k')).toEqual(deny('never'));
  });

  it('records every outcome with every member', () => {
    const cooldown = new CooldownGovernor({ gap: SECOND });
    const bucket = new TokenBucket({ limit: 1, burst: 1 });
    new AllOfGovernor<string>([cooldown, new ThrottleGovernor(bucket)]).record(0, 'k', 'failed');
    expect([cooldown.request(0, 'k').verdict, bucket.tokensAt(0)]).toEqual(['wait', 0]);
  });
});
