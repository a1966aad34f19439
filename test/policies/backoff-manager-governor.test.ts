import { describe, expect, it } from 'vitest';
import { BackoffManagerGovernor } from '../../lib/policies/backoff-manager-governor.js';
import { SECOND } from '../../lib/time.js';

const governor = (scope: 'action' | 'kind' = 'action', jitter = 0) =>
  new BackoffManagerGovernor({ initial: 10 * SECOND, cap: 60 * SECOND, factor: 2, jitter, reset: 120 * SECOND, scope, random: () => 0.5 });

describe('the backoff-manager governor', () => {
  it('makes each repeated action on a key wait the next exponential delay, up to the cap', () => {
    const g = governor();
    let now = 0;
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      expect(g.request(now, 'scale:web').verdict).toBe('allow');
      g.record(now, 'scale:web');
      const d = g.request(now, 'scale:web');
      expect(d.verdict).toBe('wait');
      waits.push(((d as { until: number }).until - now) / SECOND);
      now = (d as { until: number }).until;
    }
    expect(waits).toEqual([10, 20, 40, 60, 60]);
  });

  it('starts again from the initial delay after a key has been idle longer than the reset period', () => {
    const g = governor();
    g.record(0, 'scale:web');
    g.record(10 * SECOND, 'scale:web');
    g.record(300 * SECOND, 'scale:web');
    expect(g.request(300 * SECOND, 'scale:web')).toMatchObject({ verdict: 'wait', until: 310 * SECOND });
  });

  it('keeps one backoff per action key, or per action kind with scope kind', () => {
    const perAction = governor('action');
    perAction.record(0, 'replace:web-1');
    expect(perAction.request(0, 'replace:web-2').verdict).toBe('allow');
    const perKind = governor('kind');
    perKind.record(0, 'replace:web-1');
    expect(perKind.request(0, 'replace:web-2').verdict).toBe('wait');
  });

  it('stretches each delay by up to jitter·delay', () => {
    const g = governor('action', 1);
    g.record(0, 'scale:web');
    expect(g.request(0, 'scale:web')).toMatchObject({ verdict: 'wait', until: 15 * SECOND });
  });
});
