import { describe, expect, it } from 'vitest';
import { leaderElectionRecord } from '../../controllers/leader-election/index.js';
import type { Action } from '../../controllers/port/actions.js';
import { MILLISECOND } from '../../lib/time.js';
import { FencedActuator, LeaseTable, ReplicatedStore, zonedNetwork } from '../../sim/consensus/index.js';
import { Network } from '../../sim/network/network.js';
import { RandomStream } from '../../lib/random.js';
import { Simulation } from '../../sim/engine/simulation.js';

function world(fencing: boolean) {
  const sim = new Simulation();
  const zones = { 'zone-0': ['store-0'], 'zone-1': ['store-1'], 'zone-2': ['store-2'] };
  const network = new Network(
    sim,
    zonedNetwork({ zones, global: ['api'] }, { intra: 1 * MILLISECOND, inter: 10 * MILLISECOND, sigma: 0 }),
    RandomStream.root(1),
  );
  const store = new ReplicatedStore(network, ['store-0', 'store-1', 'store-2']);
  const table = new LeaseTable(() => sim.now);
  const applied: number[] = [];
  const actuator = new FencedActuator({
    host: 'api',
    fencing,
    store,
    table,
    leaseKey: 'lease',
    now: () => sim.now,
    apply: (a) => applied.push(a.kind === 'scale' ? a.replicas : -1),
  });
  // Tenure 1 for "old", then tenure 2 for "new".
  const first = table.create('lease', leaderElectionRecord({ holderIdentity: 'old' }));
  if (first.kind !== 'ok') throw new Error('create failed');
  table.update('lease', leaderElectionRecord({ holderIdentity: 'new' }), first.object.resourceVersion);
  const scale = (replicas: number): Action => ({ kind: 'scale', service: 'web', replicas, reason: 'test' });
  return { sim, actuator, applied, scale };
}

describe('a fenced actuator', () => {
  it('rejects an action whose token predates the current tenure, and applies the current one', () => {
    const { sim, actuator, applied, scale } = world(true);
    actuator.receive({ action: scale(3), replica: 'old', token: 1, sentAt: 0 });
    actuator.receive({ action: scale(7), replica: 'new', token: 2, sentAt: 0 });
    sim.run();
    expect(applied).toEqual([7]);
    expect(actuator.log.map((a) => `${a.sent.replica}:${a.outcome}`)).toEqual(['old:rejected', 'new:applied']);
  });

  it('applies at the store quorum round trip, not on arrival', () => {
    const { sim, actuator, scale } = world(true);
    actuator.receive({ action: scale(7), replica: 'new', token: 2, sentAt: 0 });
    sim.run();
    expect(actuator.log[0]?.at).toBe(10 * MILLISECOND);
  });

  it('applies whatever arrives when fencing is off, stale tokens included', () => {
    const { sim, actuator, applied, scale } = world(false);
    actuator.receive({ action: scale(3), replica: 'old', token: 1, sentAt: 0 });
    sim.run();
    expect(applied).toEqual([3]);
    expect(actuator.log[0]).toMatchObject({ at: 0, currentToken: 2, outcome: 'applied' });
  });
});
