import { describe, expect, it } from 'vitest';
import { leaderElectionRecord } from '../../controllers/leader-election/index.js';
import { MILLISECOND } from '../../lib/time.js';
import { LeaseTable, ReplicatedStore, StoreLeaseApi, zonedNetwork } from '../../sim/consensus/index.js';
import { Network } from '../../sim/network/network.js';
import { RandomStream } from '../../lib/random.js';
import { Simulation } from '../../sim/engine/simulation.js';

/** Three zones, a client and a store replica in each; 1 ms inside a zone, 20 ms across. */
function world() {
  const sim = new Simulation();
  const zones = { 'zone-0': ['client-0', 'store-0'], 'zone-1': ['client-1', 'store-1'], 'zone-2': ['client-2', 'store-2'] };
  const network = new Network(sim, zonedNetwork({ zones }, { intra: 1 * MILLISECOND, inter: 20 * MILLISECOND, sigma: 0 }), RandomStream.root(1).fork('net'));
  const store = new ReplicatedStore(network, ['store-0', 'store-1', 'store-2']);
  const table = new LeaseTable(() => sim.now);
  const api = (host: string) => new StoreLeaseApi(store, table, 'lease', host);
  return { sim, network, store, table, api };
}

const held = (holderIdentity: string) => leaderElectionRecord({ holderIdentity, leaseDurationSeconds: 15 });

describe('a replicated store with a majority quorum', () => {
  it('needs two of three replicas', () => {
    expect(world().store.quorum).toBe(2);
  });

  it('commits a write after the round trip to the second-nearest replica', () => {
    const { sim, api, table } = world();
    let answeredAt: number | undefined;
    api('client-0').create(held('a'), (r) => {
      expect(r.kind).toBe('ok');
      answeredAt = sim.now;
    });
    sim.run();
    // The second copy lands 20 ms out (zone-1 or zone-2); the answer comes back from there.
    expect(answeredAt).toBe(40 * MILLISECOND);
    expect(table.holder('lease')).toBe('a');
  });

  it('does not commit a write from a host that reaches only a minority of replicas', () => {
    const { sim, network, api, table } = world();
    network.partition(['zone-0'], ['zone-1', 'zone-2']);
    let answered = false;
    api('client-0').create(held('a'), () => (answered = true));
    sim.run();
    expect(answered).toBe(false);
    expect(table.get('lease').kind).toBe('not-found');
  });

  it('commits from the majority side of the same partition', () => {
    const { sim, network, api, table } = world();
    network.partition(['zone-0'], ['zone-1', 'zone-2']);
    api('client-1').create(held('b'), () => {});
    sim.run();
    expect(table.holder('lease')).toBe('b');
  });

  it('can commit a write whose answer is then lost, so the writer cannot tell it happened', () => {
    const { sim, network, store, api, table } = world();
    // One way only: requests from zone-0 get out, answers back to it are dropped.
    network.partition(['zone-1', 'zone-2'], ['zone-0'], true);
    let answered = false;
    api('client-0').create(held('a'), () => (answered = true));
    sim.run();
    expect(answered).toBe(false);
    expect(table.holder('lease')).toBe('a');
    expect(store.stats).toMatchObject({ requests: 1, committed: 1 });
  });

  it('rejects an update whose resourceVersion is stale (compare-and-swap)', () => {
    const { table } = world();
    const created = table.create('lease', held('a'));
    if (created.kind !== 'ok') throw new Error('create failed');
    const v = created.object.resourceVersion;
    expect(table.update('lease', held('b'), v).kind).toBe('ok');
    expect(table.update('lease', held('c'), v)).toEqual({ kind: 'conflict' });
    expect(table.holder('lease')).toBe('b');
  });
});

describe('fencing tokens', () => {
  it('rise on every acquisition by a new holder and never on a renewal or a release', () => {
    const { table } = world();
    const tokens: number[] = [];
    let version = 0;
    const write = (holder: string) => {
      const r = version === 0 ? table.create('lease', held(holder)) : table.update('lease', held(holder), version);
      if (r.kind !== 'ok') throw new Error(`write by ${holder} failed`);
      version = r.object.resourceVersion;
      tokens.push(r.object.fencingToken ?? -1);
    };
    for (const h of ['a', 'a', 'b', 'b', '', 'b', 'a']) write(h);
    expect(tokens).toEqual([1, 1, 2, 2, 2, 3, 4]);
    expect(table.tenures('lease').map((t) => `${t.holder}:${t.token}`)).toEqual(['a:1', 'b:2', 'b:3', 'a:4']);
  });
});

describe('the tenure log', () => {
  it('keeps, per tenure, the true time of its holder’s last renewal; a release or a later holder’s write moves nothing', () => {
    let now = 0;
    const table = new LeaseTable(() => now);
    let version = 0;
    const writeAt = (t: number, holder: string) => {
      now = t;
      const r = version === 0 ? table.create('lease', held(holder)) : table.update('lease', held(holder), version);
      if (r.kind !== 'ok') throw new Error(`write by ${holder} failed`);
      version = r.object.resourceVersion;
    };
    for (const [t, h] of [
      [1, 'a'],
      [3, 'a'],
      [5, 'a'],
      [20, 'b'],
      [22, ''],
      [30, 'a'],
    ] as const)
      writeAt(t, h);
    expect(table.tenures('lease').map((t) => `${t.holder}:${t.acquiredAt}-${t.renewedAt}`)).toEqual(['a:1-5', 'b:20-20', 'a:30-30']);
  });
});
