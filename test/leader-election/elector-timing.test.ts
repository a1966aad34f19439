import { describe, expect, it } from 'vitest';
import { LeaderElector, LeaseLock, leaderElectionConfig, type LeaderElectionOptions } from '../../controllers/leader-election/index.js';
import { SECOND } from '../../lib/time.js';
import { ManualRuntime, MemoryLeaseStore } from './fake-runtime.js';

function candidate(store: MemoryLeaseStore, runtime: ManualRuntime, options: LeaderElectionOptions) {
  const events: string[] = [];
  const le = new LeaderElector(leaderElectionConfig(options), new LeaseLock(options.identity, store.apiFor(options.identity)), runtime, {
    onStartedLeading: () => events.push(`started@${runtime.now() / SECOND}`),
    onStoppedLeading: () => events.push(`stopped@${runtime.now() / SECOND}`),
    onNewLeader: (id) => events.push(`leader=${id}`),
  });
  return { le, events };
}

describe('the acquire loop', () => {
  it('retries every retryPeriod × (1 + 1.2·U) while another holder renews', () => {
    const runtime = new ManualRuntime(0, () => 0.5);
    const store = new MemoryLeaseStore(runtime);
    const a = candidate(store, runtime, { identity: 'a' });
    a.le.run();
    const b = candidate(store, runtime, { identity: 'b' });
    runtime.advanceTo(1 * SECOND);
    b.le.run();
    runtime.advanceTo(20 * SECOND);
    // b reads at 1 s, then every 2 s + 1.2 × 0.5 × 2 s = 3.2 s.
    expect(store.requests.filter((r) => r.by === 'b').map((r) => r.at / SECOND)).toEqual([1, 4.2, 7.4, 10.6, 13.8, 17]);
    expect(b.le.phase).toBe('acquiring');
    expect(b.events).toEqual(['leader=a']);
    expect(a.events).toEqual(['leader=a', 'started@0']);
  });

  it('takes the lease leaseDuration after it last saw the record change, on its own clock', () => {
    const runtime = new ManualRuntime(0, () => 0);
    let aReaches = true;
    const store = new MemoryLeaseStore(runtime, (id) => id !== 'a' || aReaches);
    const a = candidate(store, runtime, { identity: 'a' });
    a.le.run();
    const b = candidate(store, runtime, { identity: 'b' });
    b.le.run();
    runtime.advanceTo(10 * SECOND);
    const lastRenewal = store.writes.at(-1)!.at;
    aReaches = false;
    runtime.advanceTo(60 * SECOND);
    const takeover = store.writes.find((w) => w.by === 'b')!;
    // b polls every 2 s (jitter draw 0), sees the last change at most 2 s late, then waits 15 s.
    expect(takeover.at - lastRenewal).toBeGreaterThanOrEqual(15 * SECOND);
    expect(takeover.at - lastRenewal).toBeLessThanOrEqual(17 * SECOND);
    expect(takeover.record.leaderTransitions).toBe(1);
  });
});

describe('the renew loop', () => {
  it('renews every retryPeriod while the store answers', () => {
    const runtime = new ManualRuntime(0);
    const store = new MemoryLeaseStore(runtime);
    const a = candidate(store, runtime, { identity: 'a' });
    a.le.run();
    runtime.advanceTo(9 * SECOND);
    // create at 0, the renew poll's immediate update at 0, then one every 2 s.
    expect(store.writes.map((w) => w.at / SECOND)).toEqual([0, 0, 2, 4, 6, 8]);
    expect(a.le.leading).toBe(true);
  });

  it('gives up leading renewDeadline after the poll began when every try is lost', () => {
    const runtime = new ManualRuntime(0);
    let reachable = true;
    const store = new MemoryLeaseStore(runtime, () => reachable);
    const a = candidate(store, runtime, { identity: 'a', requestTimeout: 1 * SECOND });
    a.le.run();
    runtime.advanceTo(4 * SECOND);
    reachable = false;
    runtime.advanceTo(60 * SECOND);
    // Last success at 4 s; the next poll starts at 6 s and is cut off at 16 s.
    expect(a.events).toEqual(['leader=a', 'started@0', 'stopped@16']);
    // Each try is a fast-path update then a get, each timing out after 1 s; the
    // 2 s ticker fires while a try is still out, so the next try starts at once.
    const lost = store.requests.filter((r) => r.at >= 6 * SECOND);
    expect(lost.map((r) => `${r.verb}@${r.at / SECOND}`)).toEqual([
      'update@6',
      'get@7',
      'update@8',
      'get@9',
      'update@10',
      'get@11',
      'update@12',
      'get@13',
      'update@14',
      'get@15',
    ]);
    expect(a.le.phase).toBe('stopped');
    expect(runtime.timers).toBe(0);
  });

  it('releases the lease on stop when releaseOnCancel is set, so a successor need not wait', () => {
    const runtime = new ManualRuntime(0);
    const store = new MemoryLeaseStore(runtime);
    const a = candidate(store, runtime, { identity: 'a', releaseOnCancel: true });
    a.le.run();
    runtime.advanceTo(3 * SECOND);
    a.le.stop();
    expect(store.object?.record).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 1, leaderTransitions: 0 });
    const b = candidate(store, runtime, { identity: 'b' });
    b.le.run();
    expect(b.le.leading).toBe(true);
    expect(store.object?.record).toMatchObject({ holderIdentity: 'b', leaderTransitions: 1 });
  });
});
