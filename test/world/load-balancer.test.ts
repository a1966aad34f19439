import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../lib/random.js';
import type { Instance } from '../../sim/world/cluster.js';
import { LoadBalancer } from '../../sim/world/load-balancer.js';
import { ReadyJournal } from '../../sim/world/ready-journal.js';

function instance(ordinal: number, version: string): Instance {
  return { id: `web-${ordinal}`, ordinal, service: 'web', zone: 'zone-a', version, state: 'ready', createdAt: 0, slowdown: 1 };
}

/** The least-outstanding rule as a plain scan: from the rotation's start, the first strict minimum, stopping at an idle endpoint. */
function scanPick(eps: readonly Instance[], start: number, load: (e: Instance) => number): number {
  let best = start;
  let bestLoad = load(eps[start]!);
  for (let k = 1; k < eps.length && bestLoad > 0; k++) {
    const i = (start + k) % eps.length;
    if (load(eps[i]!) < bestLoad) {
      best = i;
      bestLoad = load(eps[i]!);
    }
  }
  return best;
}

type Op = { kind: 'pick' } | { kind: 'load'; pick: number; delta: number } | { kind: 'toggle'; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('pick' as const) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('load' as const), pick: fc.nat(), delta: fc.integer({ min: -2, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('toggle' as const), pick: fc.nat() }) },
);

describe('LoadBalancer', () => {
  it('picks under least-outstanding exactly what a scan from the rotation start picks, as loads and endpoints change', () => {
    fc.assert(
      // Pools above 64 endpoints are indexed, smaller ones scanned: sizes on both sides.
      fc.property(fc.integer({ min: 1, max: 160 }), fc.array(op, { maxLength: 400 }), (n, ops) => {
        const all = Array.from({ length: n }, (_, i) => instance(i, 'v1'));
        const load = new Map(all.map((e) => [e, 0]));
        const lb = new LoadBalancer<Instance>(
          'least-outstanding',
          RandomStream.root('t'),
          (e) => e.version,
          (e) => load.get(e)!,
        );
        const journal = new ReadyJournal();
        const ready = new Set<Instance>();
        for (const e of all) {
          journal.record(e, true);
          ready.add(e);
        }
        lb.syncEndpoints(journal, journal.version, (i) => i);
        let next = 0;
        for (const o of ops) {
          if (o.kind === 'load') {
            const e = all[o.pick % n]!;
            load.set(e, Math.max(0, load.get(e)! + o.delta));
            lb.loadChanged(e);
          } else if (o.kind === 'toggle') {
            const e = all[o.pick % n]!;
            journal.record(e, !ready.has(e));
            if (ready.has(e)) ready.delete(e);
            else ready.add(e);
            lb.syncEndpoints(journal, journal.version, (i) => i);
          } else {
            const eps = all.filter((e) => ready.has(e));
            const got = lb.pick();
            if (eps.length === 0) {
              expect(got).toBeUndefined();
              continue;
            }
            const want = scanPick(eps, next % eps.length, (e) => load.get(e)!);
            next = want + 1;
            expect(got).toBe(eps[want]);
          }
        }
      }),
    );
  });

  it('holds after any sequence of journal updates, forward or backward, what a full list of the same ready set gives, pools and rotations included', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(15), { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 30 }), (toggles, deliveries) => {
        const all = Array.from({ length: 16 }, (_, i) => instance(i, i % 3 === 0 ? 'v2' : 'v1'));
        const journal = new ReadyJournal();
        const snapshots: Instance[][] = [[]];
        const ready = new Set<Instance>();
        for (const i of toggles) {
          const e = all[i]!;
          journal.record(e, !ready.has(e));
          if (ready.has(e)) ready.delete(e);
          else ready.add(e);
          snapshots.push(all.filter((x) => ready.has(x)));
        }
        const full = new LoadBalancer<Instance>(
          'round-robin',
          RandomStream.root('t'),
          (e) => e.version,
          () => 0,
        );
        const synced = new LoadBalancer<Instance>(
          'round-robin',
          RandomStream.root('t'),
          (e) => e.version,
          () => 0,
        );
        for (const d of deliveries) {
          const v = d % snapshots.length;
          full.setEndpoints(snapshots[v]!);
          synced.syncEndpoints(journal, v, (i) => i);
          expect(synced.endpoints).toEqual(full.endpoints);
          expect([...synced.versionPools()].map(([v, p]) => [v, [...p.endpoints]])).toEqual([...full.versionPools()].map(([v, p]) => [v, [...p.endpoints]]));
          for (let k = 0; k < d % 4; k++) expect(synced.pick()).toBe(full.pick());
        }
      }),
    );
  });
});
