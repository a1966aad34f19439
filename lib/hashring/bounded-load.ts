/**
 * Consistent hashing with bounded loads (Mirrokni, Thorup & Zadimoghaddam,
 * "Consistent Hashing with Bounded Loads", SODA 2018).
 *
 * Keys are placed in the given order on a ring with virtual nodes. Every member
 * has capacity ⌈c × K / n⌉ for K keys and n members; a key walks clockwise from
 * its hash to the first point whose member still has room. With c > 1 no
 * member holds more than about c times the average, at the price of moving
 * somewhat more keys on a membership change than a plain ring.
 *
 * The table is built for a known key set (deduplicated, first occurrence
 * wins), and a membership change re-places all keys in the same order. A
 * lookup of a placed key returns its placement; a lookup of any other key
 * answers where it would go if it were placed next (capacity for K + 1 keys,
 * current loads), without placing it.
 */

import {
  HashringConfigError,
  requireHashName,
  requireInteger,
  requireMembers,
  requireNewMember,
  requireNumber,
  requireRemovableMember,
} from './config-error.js';
import { keyHash32, type HashName, type KeyHash32 } from '../hash/registry.js';
import { addMemberPoints, buildRingPoints, removeMemberPoints, successorIndex, type RingPoints } from './ring-points.js';
import type { AssignmentTable } from './table.js';
import { RING_MAX_POINTS } from './ring.js';

/** Options for {@link buildBoundedLoad}; omitted fields take {@link BOUNDED_LOAD_DEFAULTS}. */
export interface BoundedLoadOptions {
  /** The members, distinct non-empty strings; the ring does not depend on their order. */
  readonly members: readonly string[];
  /** The keys to place, in arrival order; a repeated key is placed once, at its first occurrence. */
  readonly keys: readonly string[];
  /** The capacity factor c ≥ 1: each member holds at most ⌈c × keys / members⌉ keys. */
  readonly capacityFactor?: number;
  /** Virtual nodes per member on the underlying ring, an integer in [1, 65536]. */
  readonly vnodes?: number;
  /** The hash placing points and keys on the circle. */
  readonly hash?: HashName;
}

/** Defaults for {@link BoundedLoadOptions}; c = 1.25 is the paper's running example. */
export const BOUNDED_LOAD_DEFAULTS = { capacityFactor: 1.25, vnodes: 100, hash: 'murmur3-x86-32' } as const satisfies Omit<
  Required<BoundedLoadOptions>,
  'members' | 'keys'
>;

/**
 * Returns ⌈c × keys / members⌉, the per-member capacity. A 1e-9 slack keeps a product that is an
 * integer in exact arithmetic (1.1 × 100 / 10) from being bumped up by float rounding.
 */
export function boundedLoadCapacity(capacityFactor: number, keys: number, members: number): number {
  return Math.ceil((capacityFactor * keys) / members - 1e-9);
}

/** Where the placed keys went. */
interface Placement {
  /** The member index each placed key went to. */
  readonly owner: ReadonlyMap<string, number>;
  /** Placed keys per member index. */
  readonly loads: Uint32Array;
}

/** An immutable bounded-load assignment of a fixed key set. Build one with {@link buildBoundedLoad}. */
export class BoundedLoadTable implements AssignmentTable {
  /** Always 'bounded-load'. */
  readonly kind = 'bounded-load' as const;
  /** The members, in the order given and added. */
  readonly members: readonly string[];
  /** The placed keys, deduplicated, in placement order. */
  readonly keys: readonly string[];
  /** The capacity factor c. */
  readonly capacityFactor: number;
  /** Virtual nodes per member. */
  readonly vnodes: number;
  /** The hash in use. */
  readonly hash: HashName;
  /** The per-member capacity ⌈c × keys / members⌉ the placement respected. */
  readonly capacity: number;
  private readonly points: RingPoints;
  private readonly h32: KeyHash32;
  private readonly placement: Placement;

  /** Internal: use {@link buildBoundedLoad}. */
  constructor(members: readonly string[], keys: readonly string[], capacityFactor: number, vnodes: number, hash: HashName, points: RingPoints) {
    this.members = members;
    this.keys = keys;
    this.capacityFactor = capacityFactor;
    this.vnodes = vnodes;
    this.hash = hash;
    this.points = points;
    this.h32 = keyHash32(hash);
    this.capacity = boundedLoadCapacity(capacityFactor, keys.length, members.length);
    this.placement = this.place();
  }

  private place(): Placement {
    const owner = new Map<string, number>();
    const loads = new Uint32Array(this.members.length);
    for (const key of this.keys) {
      const o = this.walk(key, loads, this.capacity);
      owner.set(key, o);
      loads[o] = (loads[o] as number) + 1;
    }
    return { owner, loads };
  }

  /** The walk from the key's successor point to the first member with load below `capacity`. */
  private walk(key: string, loads: Uint32Array, capacity: number): number {
    const { positions, owners } = this.points;
    const start = successorIndex(this.points, this.h32(key, 0));
    for (let step = 0; step < positions.length; step++) {
      let p = start + step;
      if (p >= positions.length) p -= positions.length;
      const o = owners[p] as number;
      if ((loads[o] as number) < capacity) return o;
    }
    // Unreachable: total capacity n × ⌈c K / n⌉ ≥ K, so a member with room always exists.
    throw new Error(`bounded-load invariant broken: no member below capacity ${capacity} for key ${JSON.stringify(key)}`);
  }

  /** Returns the placed key's member, or where an unplaced key would go if it were placed next. */
  lookup(key: string): string {
    const placed = this.placement.owner.get(key);
    if (placed !== undefined) return this.members[placed] as string;
    const capacity = boundedLoadCapacity(this.capacityFactor, this.keys.length + 1, this.members.length);
    return this.members[this.walk(key, this.placement.loads, capacity)] as string;
  }

  /** Returns how many placed keys `member` holds (0 for a non-member). */
  loadOf(member: string): number {
    const i = this.members.indexOf(member);
    return i < 0 ? 0 : (this.placement.loads[i] as number);
  }

  /** Returns a table with `member` added and every key re-placed in the same order. */
  withMember(member: string): BoundedLoadTable {
    requireNewMember(this.members, member);
    checkPointCount(this.members.length + 1, this.vnodes);
    const points = addMemberPoints(this.points, this.members, member, this.vnodes, this.h32);
    return new BoundedLoadTable([...this.members, member], this.keys, this.capacityFactor, this.vnodes, this.hash, points);
  }

  /** Returns a table without `member` and every key re-placed in the same order. */
  withoutMember(member: string): BoundedLoadTable {
    const index = requireRemovableMember(this.members, member);
    const members = this.members.filter((_, i) => i !== index);
    return new BoundedLoadTable(members, this.keys, this.capacityFactor, this.vnodes, this.hash, removeMemberPoints(this.points, index));
  }
}

function checkPointCount(members: number, vnodes: number): void {
  if (members * vnodes > RING_MAX_POINTS) {
    throw new HashringConfigError('vnodes', `members × vnodes must be at most ${RING_MAX_POINTS}; got ${members} × ${vnodes}`);
  }
}

/** Builds a bounded-load table from `options` over {@link BOUNDED_LOAD_DEFAULTS}; throws HashringConfigError on a bad option. */
export function buildBoundedLoad(options: BoundedLoadOptions): BoundedLoadTable {
  const members = requireMembers('members', options.members);
  if (!Array.isArray(options.keys)) throw new HashringConfigError('keys', `must be an array of strings; got ${typeof options.keys}`);
  options.keys.forEach((k: unknown, i) => {
    if (typeof k !== 'string') throw new HashringConfigError(`keys[${i}]`, `must be a string; got ${String(k)} (${typeof k})`);
  });
  const capacityFactor = requireNumber('capacityFactor', options.capacityFactor ?? BOUNDED_LOAD_DEFAULTS.capacityFactor, 1, 1e6);
  const vnodes = requireInteger('vnodes', options.vnodes ?? BOUNDED_LOAD_DEFAULTS.vnodes, 1, 65536);
  const hash = requireHashName('hash', options.hash ?? BOUNDED_LOAD_DEFAULTS.hash);
  checkPointCount(members.length, vnodes);
  const keys = [...new Set(options.keys)];
  return new BoundedLoadTable(members, keys, capacityFactor, vnodes, hash, buildRingPoints(members, vnodes, keyHash32(hash)));
}
