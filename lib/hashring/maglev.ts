/**
 * Maglev hashing (Eisenbud et al., "Maglev: A Fast and Reliable Software
 * Network Load Balancer", NSDI 2016, section 3.4).
 *
 * A lookup table of prime size M holds a member per slot; a key goes to
 * entry[hash(key) mod M]. Each member i has a preference permutation of the
 * slots, permutation[i][j] = (offset_i + j * skip_i) mod M, with
 * offset_i = h1(name) mod M and skip_i = h2(name) mod (M - 1) + 1 (M prime
 * makes every skip a generator, so each permutation visits every slot).
 * Population goes round-robin over members in their order: each takes its next
 * preferred slot that is still empty, until all M slots are filled. Members
 * end up with ⌊M/n⌋ or ⌈M/n⌉ slots.
 *
 * A membership change rebuilds the table. Balance is near perfect, but the
 * round-robin shift means a change moves more keys than the minimum, some of
 * them between members that stayed (the paper's "disruption"), and the excess
 * grows with members / M. Adding one member, M = 65537, measured on 50000 keys:
 * 1.0x the optimum 1/(n+1) at n = 2, 1.2x at n = 30, 1.6x at n = 100, 3.6x at
 * n = 300, 6.8x at n = 1000 (4.5x with M = 655373); moves between surviving
 * members stayed under 1% of keys throughout.
 */

import { HashringConfigError, requireHashName, requireInteger, requireMembers, requireNewMember, requireRemovableMember } from './config-error.js';
import { keyHash32, type HashName, type KeyHash32 } from '../hash/registry.js';
import type { AssignmentTable } from './table.js';

/** Options for {@link buildMaglev}; omitted fields take {@link MAGLEV_DEFAULTS}. */
export interface MaglevOptions {
  /** The members, distinct non-empty strings; population visits them in this order. */
  readonly members: readonly string[];
  /** The lookup table size M: a prime, at least the member count; the paper advises M ≫ 100 × members. */
  readonly tableSize?: number;
  /** The hash for keys and for the two name hashes (h1 and h2 are this hash with different seeds). */
  readonly hash?: HashName;
}

/** Defaults for {@link MaglevOptions}; 65537 is the paper's small table size. */
export const MAGLEV_DEFAULTS = { tableSize: 65537, hash: 'murmur3-x86-32' } as const satisfies Omit<Required<MaglevOptions>, 'members'>;

/** The largest table size accepted (a prime just above 2^24), to bound memory and rebuild time. */
export const MAGLEV_MAX_TABLE_SIZE = 16777259;

const OFFSET_SEED = 0x4f464653;
const SKIP_SEED = 0x534b4950;

/** True when `n` is a prime (trial division; n is at most {@link MAGLEV_MAX_TABLE_SIZE} here). */
export function isPrime(n: number): boolean {
  if (!Number.isInteger(n) || n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let d = 3; d * d <= n; d += 2) if (n % d === 0) return false;
  return true;
}

/** An immutable Maglev lookup table. Build one with {@link buildMaglev}. */
export class MaglevTable implements AssignmentTable {
  /** Always 'maglev'. */
  readonly kind = 'maglev' as const;
  /** The members, in population order (given order, added members last). */
  readonly members: readonly string[];
  /** The lookup table size M (prime). */
  readonly tableSize: number;
  /** The hash in use. */
  readonly hash: HashName;
  private readonly entries: Uint32Array;
  private readonly h32: KeyHash32;

  /** Internal: use {@link buildMaglev}. */
  constructor(members: readonly string[], tableSize: number, hash: HashName) {
    this.members = members;
    this.tableSize = tableSize;
    this.hash = hash;
    this.h32 = keyHash32(hash);
    this.entries = populate(members, tableSize, this.h32);
  }

  /** Returns the member in slot hash(key) mod M. */
  lookup(key: string): string {
    return this.members[this.entries[this.h32(key, 0) % this.tableSize] as number] as string;
  }

  /** Returns the member holding slot `slot` of the lookup table. */
  slotOwner(slot: number): string {
    requireInteger('slot', slot, 0, this.tableSize - 1);
    return this.members[this.entries[slot] as number] as string;
  }

  /** Returns a table rebuilt with `member` appended to the population order. */
  withMember(member: string): MaglevTable {
    requireNewMember(this.members, member);
    if (this.members.length + 1 > this.tableSize) {
      throw new HashringConfigError('member', `cannot add: ${this.members.length + 1} members exceed tableSize ${this.tableSize}`);
    }
    return new MaglevTable([...this.members, member], this.tableSize, this.hash);
  }

  /** Returns a table rebuilt without `member`. */
  withoutMember(member: string): MaglevTable {
    const index = requireRemovableMember(this.members, member);
    return new MaglevTable(
      this.members.filter((_, i) => i !== index),
      this.tableSize,
      this.hash,
    );
  }
}

/** The per-member permutation parameters the name hashes give, as in the paper's section 3.4. */
function permutationParameters(members: readonly string[], m: number, h32: KeyHash32): { offsets: Uint32Array; skips: Uint32Array } {
  const offsets = Uint32Array.from(members, (name) => h32(name, OFFSET_SEED) % m);
  const skips = Uint32Array.from(members, (name) => (h32(name, SKIP_SEED) % (m - 1)) + 1);
  return { offsets, skips };
}

function populate(members: readonly string[], m: number, h32: KeyHash32): Uint32Array {
  const { offsets, skips } = permutationParameters(members, m, h32);
  return maglevPopulate(offsets, skips, m);
}

/**
 * The paper's population algorithm (Pseudocode 1): member i prefers slots
 * (offsets[i] + j * skips[i]) mod tableSize for j = 0, 1, ...; members take
 * turns in index order, each claiming its next preferred empty slot, until all
 * slots are full. Returns the owner index of every slot.
 * Requires a prime `tableSize` ≥ 2, at least one member, offsets in [0, tableSize - 1] and skips in
 * [1, tableSize - 1], so every permutation covers every slot and the fill ends; anything else throws a
 * RangeError (or TypeError for arrays of the wrong type) rather than looping forever.
 */
export function maglevPopulate(offsets: Uint32Array, skips: Uint32Array, tableSize: number): Uint32Array {
  checkPopulateArguments(offsets, skips, tableSize);
  const n = offsets.length;
  const m = tableSize;
  // next[i] is member i's next candidate slot: its permutation walked incrementally.
  const next = Uint32Array.from(offsets);
  const EMPTY = 0xffffffff;
  const entries = new Uint32Array(m).fill(EMPTY);
  let filled = 0;
  for (;;) {
    for (let i = 0; i < n; i++) {
      let c = next[i] as number;
      const s = skips[i] as number;
      while (entries[c] !== EMPTY) {
        c += s;
        if (c >= m) c -= m;
      }
      entries[c] = i;
      c += s;
      next[i] = c >= m ? c - m : c;
      if (++filled === m) return entries;
    }
  }
}

function checkPopulateArguments(offsets: unknown, skips: unknown, tableSize: unknown): void {
  if (!(offsets instanceof Uint32Array) || !(skips instanceof Uint32Array)) throw new TypeError('maglevPopulate: offsets and skips must be Uint32Arrays');
  if (typeof tableSize !== 'number' || !Number.isInteger(tableSize) || tableSize < 2 || tableSize > MAGLEV_MAX_TABLE_SIZE || !isPrime(tableSize)) {
    throw new RangeError(`maglevPopulate: tableSize must be a prime in [2, ${MAGLEV_MAX_TABLE_SIZE}]; got ${String(tableSize)}`);
  }
  if (offsets.length === 0 || offsets.length !== skips.length) {
    throw new RangeError(`maglevPopulate: offsets and skips must have the same non-zero length; got ${offsets.length} and ${skips.length}`);
  }
  for (let i = 0; i < offsets.length; i++) {
    if ((offsets[i] as number) >= tableSize) throw new RangeError(`maglevPopulate: offsets[${i}] must be in [0, ${tableSize - 1}]; got ${offsets[i]}`);
    const s = skips[i] as number;
    if (s < 1 || s >= tableSize) throw new RangeError(`maglevPopulate: skips[${i}] must be in [1, ${tableSize - 1}]; got ${s}`);
  }
}

/** Builds a Maglev table from `options` over {@link MAGLEV_DEFAULTS}; throws HashringConfigError on a bad option. */
export function buildMaglev(options: MaglevOptions): MaglevTable {
  const members = requireMembers('members', options.members);
  const tableSize = requireInteger('tableSize', options.tableSize ?? MAGLEV_DEFAULTS.tableSize, 2, MAGLEV_MAX_TABLE_SIZE);
  if (!isPrime(tableSize)) throw new HashringConfigError('tableSize', `must be a prime; got ${tableSize} (number)`);
  if (tableSize < members.length) {
    throw new HashringConfigError('tableSize', `must be at least the member count ${members.length}; got ${tableSize} (number)`);
  }
  const hash = requireHashName('hash', options.hash ?? MAGLEV_DEFAULTS.hash);
  return new MaglevTable(members, tableSize, hash);
}
