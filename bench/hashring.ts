import { performance } from 'node:perf_hooks';
import { buildBoundedLoad, buildJumpTable, buildMaglev, buildRendezvous, buildRing, measureMovement, type AssignmentTable } from '../lib/hashring/index.js';
import { numberArg } from './args.js';

/**
 * Hashring algorithms at control-plane scale: lookups per second and the cost
 * of a membership change.
 *
 * Options: --members N (default 1000), --vnodes V (default 100, ring and
 * bounded-load), --lookups L (default 1e6), --rendezvous-lookups R (default
 * 1e5: its lookups cost O(members)), --placed-keys P (default 100000, the key
 * set a bounded-load table is built for), --changes C (default 7: timed
 * adds and removes, the median is reported), --maglev-large-table M (default
 * 655373, the paper's large table, run as "maglev-large" beside the default
 * 65537), --seed S (default 1).
 *
 * Keys are "key-<n>" with n from a seeded xorshift32 stream, generated before
 * the clock starts and flattened, as keys read from parsed input or used as Map
 * keys are: V8 keeps a freshly concatenated string of 13+ characters as a
 * rope, and reading its characters costs about 60 ns more per key. A membership change is timed as the call that returns the
 * new table. Each algorithm also reports the fraction of a key sample
 * (--movement-keys, default 100000) an add moved, against the optimum
 * 1/(members+1). A checksum over all lookups
 * keeps the work observable and the run comparable across machines.
 */
export async function run(argv: string[]): Promise<Record<string, unknown>> {
  const members = integerArg(argv, 'members', 1000, 2);
  const vnodes = integerArg(argv, 'vnodes', 100, 1);
  const lookups = integerArg(argv, 'lookups', 1_000_000, 1);
  const rendezvousLookups = integerArg(argv, 'rendezvous-lookups', 100_000, 1);
  const placedKeys = integerArg(argv, 'placed-keys', 100_000, 1);
  const changes = integerArg(argv, 'changes', 7, 1);
  const seed = integerArg(argv, 'seed', 1, 0);
  const maglevLargeTable = integerArg(argv, 'maglev-large-table', 655_373, 2);
  const movementKeys = integerArg(argv, 'movement-keys', 100_000, 1);

  const memberNames = Array.from({ length: members }, (_, i) => `node-${i}`);
  const next = xorshift32(seed);
  const keys = flat(Array.from({ length: lookups }, () => `key-${next()}`));
  const placed = flat(Array.from({ length: placedKeys }, () => `key-${next()}`));
  const movementSample = keys.slice(0, Math.min(keys.length, movementKeys));

  const algorithms: ReadonlyArray<readonly [string, () => AssignmentTable, readonly string[], number]> = [
    ['ring', () => buildRing({ members: memberNames, vnodes }), keys, lookups],
    ['jump', () => buildJumpTable({ members: memberNames }), keys, lookups],
    ['rendezvous', () => buildRendezvous({ members: memberNames }), keys, Math.min(lookups, rendezvousLookups)],
    ['maglev', () => buildMaglev({ members: memberNames }), keys, lookups],
    ['maglev-large', () => buildMaglev({ members: memberNames, tableSize: maglevLargeTable }), keys, lookups],
    ['bounded-load', () => buildBoundedLoad({ members: memberNames, keys: placed, vnodes }), placed, lookups],
  ];

  const result: Record<string, unknown> = {
    benchmark: 'hashring',
    members,
    vnodes,
    lookups,
    placed_keys: placedKeys,
    seed,
    maglev_large_table: maglevLargeTable,
  };
  let checksum = 0;
  for (const [kind, build, lookupKeys, count] of algorithms) {
    const t0 = performance.now();
    const table = build();
    result[`${kind}_build_ms`] = round(performance.now() - t0, 3);

    // Warm the lookup path up before timing it, so the JIT's tiers do not land in the measurement.
    checksum = (checksum + lookupLoop(table, lookupKeys, Math.min(count, 20_000))) >>> 0;
    const t1 = performance.now();
    checksum = (checksum + lookupLoop(table, lookupKeys, count)) >>> 0;
    const lookupS = (performance.now() - t1) / 1000;
    result[`${kind}_lookups`] = count;
    result[`${kind}_lookups_per_s`] = Math.round(count / lookupS);
    result[`${kind}_ns_per_lookup`] = round((lookupS * 1e9) / count, 1);

    const addMs: number[] = [];
    const removeMs: number[] = [];
    let grown: AssignmentTable = table;
    for (let c = 0; c < changes; c++) {
      const ta = performance.now();
      grown = table.withMember(`joiner-${c}`);
      addMs.push(performance.now() - ta);
      // Remove members spread over the list: for jump, a non-last removal is the hole path.
      const victim = memberNames[Math.floor(((c + 0.5) * members) / changes)] as string;
      const tr = performance.now();
      table.withoutMember(victim);
      removeMs.push(performance.now() - tr);
    }
    result[`${kind}_add_member_ms`] = round(median(addMs), 3);
    result[`${kind}_remove_member_ms`] = round(median(removeMs), 3);

    const sample = kind === 'bounded-load' ? placed.slice(0, movementKeys) : movementSample;
    const movement = measureMovement(table, grown, sample);
    result[`${kind}_add_moved_fraction`] = round(movement.movedFraction, 5);
    result[`${kind}_add_moved_vs_optimal`] = round(movement.ratioToOptimal, 3);
  }
  result.optimal_add_fraction = round(1 / (members + 1), 5);
  result.checksum = checksum;
  result.node = process.version;
  return result;
}

/** Looks up keys[0..count) (cycling), summing owner-name lengths so the work cannot be skipped. */
function lookupLoop(table: AssignmentTable, keys: readonly string[], count: number): number {
  let sum = 0;
  const n = keys.length;
  for (let i = 0, k = 0; i < count; i++) {
    sum += table.lookup(keys[k] as string).length;
    if (++k === n) k = 0;
  }
  return sum;
}

/** Returns the strings as flat (non-rope) strings: JSON parsing always builds flat ones. */
function flat(strings: readonly string[]): string[] {
  return JSON.parse(JSON.stringify(strings)) as string[];
}

/** Marsaglia's xorshift32, seeded; 0 is mapped to a fixed non-zero state since 0 is a fixed point. */
function xorshift32(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

function integerArg(argv: readonly string[], name: string, fallback: number, min: number): number {
  const v = numberArg(argv, name, fallback);
  if (!Number.isInteger(v) || v < min) throw new Error(`--${name} expects an integer ≥ ${min}, got ${v}`);
  return v;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function round(x: number, digits: number): number {
  return Number(x.toFixed(digits));
}
