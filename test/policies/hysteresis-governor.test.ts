import { describe, expect, it } from 'vitest';
import { HysteresisGovernor, type ChangeProposal } from '../../lib/policies/index.js';
import { SECOND } from '../../lib/time.js';

const replicas = (current: number, desired: number): ChangeProposal => ({ key: 'web', current, desired });

describe('HysteresisGovernor', () => {
  it('denies a change within the threshold', () => {
    const g = new HysteresisGovernor({ threshold: 1, dwell: 30 * SECOND });
    expect(g.request(0, replicas(10, 11)).verdict).toBe('deny');
    expect(g.request(0, replicas(10, 9)).verdict).toBe('deny');
  });

  it('makes a change beyond the threshold wait out the dwell time', () => {
    const g = new HysteresisGovernor({ threshold: 1, dwell: 30 * SECOND });
    expect(g.request(0, replicas(10, 14))).toMatchObject({ verdict: 'wait', until: 30 * SECOND });
    expect(g.request(30 * SECOND, replicas(10, 14)).verdict).toBe('allow');
  });

  it('keeps the streak while the change stays in one direction, whatever its size', () => {
    const g = new HysteresisGovernor({ threshold: 1, dwell: 30 * SECOND });
    g.request(0, replicas(10, 14));
    g.request(10 * SECOND, replicas(10, 20));
    expect(g.request(30 * SECOND, replicas(10, 12)).verdict).toBe('allow');
  });

  it('starts over when the wanted direction flips', () => {
    const g = new HysteresisGovernor({ threshold: 1, dwell: 30 * SECOND });
    g.request(0, replicas(10, 14));
    g.request(20 * SECOND, replicas(10, 6));
    expect(g.request(30 * SECOND, replicas(10, 14))).toMatchObject({ verdict: 'wait', until: 60 * SECOND });
  });

  it('starts over when a request falls back inside the threshold', () => {
    const g = new HysteresisGovernor({ threshold: 1, dwell: 30 * SECOND });
    g.request(0, replicas(10, 14));
    g.request(20 * SECOND, replicas(10, 10));
    expect(g.request(25 * SECOND, replicas(10, 14))).toMatchObject({ verdict: 'wait', until: 55 * SECOND });
  });

  it('gives the same answer when asked twice at one instant', () => {
    const g = new HysteresisGovernor({ threshold: 0, dwell: SECOND });
    expect(g.request(5, replicas(1, 2))).toEqual(g.request(5, replicas(1, 2)));
  });

  it('ends the streak after a successful change but keeps it after a failed one', () => {
    const g = new HysteresisGovernor({ threshold: 1, dwell: 30 * SECOND });
    g.request(0, replicas(10, 14));
    g.record(30 * SECOND, replicas(10, 14), 'failed');
    expect(g.request(31 * SECOND, replicas(10, 14)).verdict).toBe('allow');
    g.record(31 * SECOND, replicas(10, 14), 'succeeded');
    expect(g.request(32 * SECOND, replicas(14, 20))).toMatchObject({ verdict: 'wait', until: 62 * SECOND });
  });

  it('with zero dwell allows any change beyond the threshold at once', () => {
    const g = new HysteresisGovernor({ threshold: 2, dwell: 0 });
    expect(g.request(0, replicas(10, 13)).verdict).toBe('allow');
  });
});
