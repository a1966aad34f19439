import { describe, expect, it } from 'vitest';
import { CooldownGovernor } from '../../lib/policies/index.js';
import { MINUTE, SECOND } from '../../lib/time.js';

describe('CooldownGovernor', () => {
  it('allows the first action of a kind', () => {
    expect(new CooldownGovernor({ gap: MINUTE }).request(0, 'scale-up').verdict).toBe('allow');
  });

  it('holds the next action of that kind until the gap has passed', () => {
    const g = new CooldownGovernor({ gap: MINUTE });
    g.record(10 * SECOND, 'scale-up');
    expect(g.request(30 * SECOND, 'scale-up')).toMatchObject({ verdict: 'wait', until: 70 * SECOND });
    expect(g.request(70 * SECOND, 'scale-up').verdict).toBe('allow');
  });

  it('counts failed attempts too', () => {
    const g = new CooldownGovernor({ gap: MINUTE });
    g.record(0, 'restart');
    expect(g.request(SECOND, 'restart').verdict).toBe('wait');
  });

  it('keeps kinds apart and honours per-kind gaps', () => {
    const g = new CooldownGovernor({ gap: MINUTE, gapByKind: { 'scale-down': 5 * MINUTE } });
    g.record(0, 'scale-up');
    g.record(0, 'scale-down');
    expect(g.request(2 * MINUTE, 'scale-up').verdict).toBe('allow');
    expect(g.request(2 * MINUTE, 'scale-down')).toMatchObject({ verdict: 'wait', until: 5 * MINUTE });
  });

  it('restarts the gap from the latest action', () => {
    const g = new CooldownGovernor({ gap: MINUTE });
    g.record(0, 'k');
    g.record(MINUTE, 'k');
    expect(g.request(MINUTE + SECOND, 'k')).toMatchObject({ until: 2 * MINUTE });
  });
});
