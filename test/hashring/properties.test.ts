/**
 * Property tests for the assignment algorithms.
 *
 * Every property runs with a fixed fast-check seed, so a run is reproducible
 * like everything else in ctrlsim; change the seed to explore new cases.
 *
 * Tolerances for "adding one member to n moves about 1/(n+1) of the keys",
 * with p = 1/(n+1), K keys in the sample and s = 4·sqrt(p(1-p)/K) the
 * sampling allowance (4 standard deviations of a binomial share):
 *   - jump, rendezvous: |moved - p| ≤ 0.1·p + s (the share is exact up to sampling);
 *   - ring, 100 vnodes: |moved - p| ≤ 0.5·p + s (a member's arc share spreads with
 *     a standard deviation of about p/sqrt(vnodes) = 0.1·p, so 0.5·p is 5 of them);
 *   - Maglev, M = 65537, n ≤ 30: moved ≤ 1.5·p + s, and at most 1% of all keys move
 *     between members that stayed (measured: 1.0·p at n = 2, 1.2·p at n = 30, growing with
 *     n/M to 3.6·p at n = 300; survivor moves stay below 1% up to n = 300).
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildBoundedLoad,
  buildJumpTable,
  buildMaglev,
  buildRendezvous,
  buildRing,
  measureLoad,
  measureMovement,
  type AssignmentTable,
} from '../../lib/hashring/index.js';

const SEED = 20240611;
const K = 3000;

function sampleKeys(seed: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `k${seed}:${i}`);
}

const memberName = fc.string({ minLength: 1, maxLength: 12 });
const memberList = (min: number, max: number) => fc.uniqueArray(memberName, { minLength: min, maxLength: max });
const keySeed = fc.integer({ min: 0, max: 1_000_000 });

type Builder = (members: readonly string[], keys: readonly string[]) => AssignmentTable;

const builders: Readonly<Record<string, Builder>> = {
  ring: (members) => buildRing({ members }),
  jump: (members) => buildJumpTable({ members }),
  rendezvous: (members) => buildRendezvous({ members }),
  maglev: (members) => buildMaglev({ members }),
  'bounded-load': (members, keys) => buildBoundedLoad({ members, keys, vnodes: 20 }),
};

function samplingAllowance(p: number, keys: number): number {
  return 4 * Math.sqrt((p * (1 - p)) / keys);
}

describe('every algorithm', () => {
  it.each(Object.keys(builders))('%s never assigns a key to a removed member', (name) => {
    const build = builders[name]!;
    fc.assert(
      fc.property(memberList(2, 20), fc.nat(), keySeed, (members, pick, seed) => {
        const keys = sampleKeys(seed, 500);
        const removed = members[pick % members.length]!;
        const after = build(members, keys).withoutMember(removed);
        for (const key of keys) {
          const owner = after.lookup(key);
          expect(owner).not.toBe(removed);
          expect(after.members).toContain(owner);
        }
      }),
      { seed: SEED, numRuns: 25 },
    );
  });

  it.each(Object.keys(builders))('%s builds the same table from the same inputs', (name) => {
    const build = builders[name]!;
    fc.assert(
      fc.property(memberList(1, 20), keySeed, (members, seed) => {
        const keys = sampleKeys(seed, 300);
        const a = build(members, keys);
        const b = build([...members], [...keys]);
        expect(keys.map((k) => b.lookup(k))).toEqual(keys.map((k) => a.lookup(k)));
      }),
      { seed: SEED, numRuns: 20 },
    );
  });
});

describe('adding one member to n', () => {
  const minimal: ReadonlyArray<readonly [string, number]> = [
    ['jump', 0.1],
    ['rendezvous', 0.1],
    ['ring', 0.5],
  ];

  it.each(minimal)('%s moves keys only to the new member, about 1/(n+1) of them (slack %s·p + sampling)', (name, slack) => {
    const build = builders[name]!;
    fc.assert(
      fc.property(memberList(1, 30), memberName, keySeed, (members, extra, seed) => {
        fc.pre(!members.includes(extra));
        const keys = sampleKeys(seed, K);
        const before = build(members, keys);
        const report = measureMovement(before, before.withMember(extra), keys);
        const p = 1 / (members.length + 1);
        expect(report.moved).toBe(report.movedToAdded);
        expect(Math.abs(report.movedFraction - p)).toBeLessThanOrEqual(slack * p + samplingAllowance(p, K));
      }),
      { seed: SEED, numRuns: 30 },
    );
  });

  it('maglev moves at most 1.5/(n+1) of the keys, and at most 1% between members that stayed', () => {
    fc.assert(
      fc.property(memberList(1, 30), memberName, keySeed, (members, extra, seed) => {
        fc.pre(!members.includes(extra));
        const keys = sampleKeys(seed, K);
        const before = buildMaglev({ members });
        const report = measureMovement(before, before.withMember(extra), keys);
        const p = 1 / (members.length + 1);
        expect(report.movedFraction).toBeLessThanOrEqual(1.5 * p + samplingAllowance(p, K));
        expect(report.movedBetweenSurvivors / K).toBeLessThanOrEqual(0.01);
      }),
      { seed: SEED, numRuns: 20 },
    );
  });
});

describe('removing one member', () => {
  it.each(['ring', 'jump', 'rendezvous'])('%s moves only the removed member keys', (name) => {
    const build = builders[name]!;
    fc.assert(
      fc.property(memberList(2, 30), fc.nat(), keySeed, (members, pick, seed) => {
        const keys = sampleKeys(seed, 1000);
        const before = build(members, keys);
        const report = measureMovement(before, before.withoutMember(members[pick % members.length]!), keys);
        expect(report.movedBetweenSurvivors).toBe(0);
        expect(report.moved).toBe(report.movedFromRemoved);
      }),
      { seed: SEED, numRuns: 25 },
    );
  });
});

describe('order and history', () => {
  it('ring and rendezvous do not depend on member order', () => {
    fc.assert(
      fc.property(memberList(1, 20), keySeed, (members, seed) => {
        const keys = sampleKeys(seed, 300);
        const reversed = [...members].reverse();
        for (const build of [builders.ring!, builders.rendezvous!]) {
          const a = build(members, keys);
          const b = build(reversed, keys);
          expect(keys.map((k) => b.lookup(k))).toEqual(keys.map((k) => a.lookup(k)));
        }
      }),
      { seed: SEED, numRuns: 20 },
    );
  });

  it('a jump table replays the same slot layout from the same history', () => {
    fc.assert(
      fc.property(memberList(3, 15), fc.array(fc.nat(), { maxLength: 5 }), (members, removals) => {
        const replay = (): AssignmentTable => {
          let t = buildJumpTable({ members });
          for (const r of removals) if (t.members.length > 1) t = t.withoutMember(t.members[r % t.members.length]!);
          return t.withMember('joiner');
        };
        expect((replay() as ReturnType<typeof buildJumpTable>).slots).toEqual((replay() as ReturnType<typeof buildJumpTable>).slots);
      }),
      { seed: SEED, numRuns: 25 },
    );
  });
});

describe('bounded loads', () => {
  it('never loads a member above ⌈c × keys / members⌉, for any c in [1, 3]', () => {
    fc.assert(
      fc.property(memberList(1, 12), fc.double({ min: 1, max: 3, noNaN: true }), keySeed, fc.integer({ min: 0, max: 800 }), (members, c, seed, count) => {
        const keys = sampleKeys(seed, count);
        const table = buildBoundedLoad({ members, keys, capacityFactor: c, vnodes: 10 });
        const load = measureLoad(table, keys);
        expect(load.max).toBeLessThanOrEqual(table.capacity);
        expect([...load.counts.values()].reduce((a, b) => a + b, 0)).toBe(count);
      }),
      { seed: SEED, numRuns: 30 },
    );
  });
});
