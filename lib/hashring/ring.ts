/**
 * Consistent hashing on a ring with virtual nodes (Karger et al. 1997).
 *
 * Each member places `vnodes` points on the 32-bit circle; a key goes to the
 * member owning the first point at or after the key's hash. Adding a member
 * moves to it only the keys that now fall before one of its points, about
 * 1/(n+1) of them; removing a member hands its keys to the next points along.
 * More virtual nodes even out the arc lengths: the spread of a member's share
 * shrinks roughly as 1/sqrt(vnodes).
 */

import { HashringConfigError, requireHashName, requireInteger, requireMembers, requireNewMember, requireRemovableMember } from './config-error.js';
import { keyHash32, type HashName, type KeyHash32 } from '../hash/registry.js';
import { addMemberPoints, buildRingPoints, removeMemberPoints, successorIndex, type RingPoints } from './ring-points.js';
import type { AssignmentTable } from './table.js';

/** Options for {@link buildRing}; omitted fields take {@link RING_DEFAULTS}. */
export interface RingOptions {
  /** The members, distinct non-empty strings; the ring does not depend on their order. */
  readonly members: readonly string[];
  /** Virtual nodes (points) per member, an integer in [1, 65536]. */
  readonly vnodes?: number;
  /** The hash placing points and keys on the circle. */
  readonly hash?: HashName;
}

/** Defaults for {@link RingOptions}. */
export const RING_DEFAULTS = { vnodes: 100, hash: 'murmur3-x86-32' } as const satisfies Omit<Required<RingOptions>, 'members'>;

/** The most points a ring may hold (members × vnodes), to bound memory at a few hundred MB. */
export const RING_MAX_POINTS = 1 << 24;

/** A point of the ring, for inspection. */
export interface RingPoint {
  /** The point's position on the 32-bit circle. */
  readonly position: number;
  /** The member owning the point. */
  readonly member: string;
}

/** An immutable consistent-hash ring with virtual nodes. Build one with {@link buildRing}. */
export class RingTable implements AssignmentTable {
  /** Always 'ring'. */
  readonly kind = 'ring' as const;
  /** The members, in the order they were given and added (the ring itself is order-independent). */
  readonly members: readonly string[];
  /** Virtual nodes per member. */
  readonly vnodes: number;
  /** The hash function placing points and keys. */
  readonly hash: HashName;
  private readonly points: RingPoints;
  private readonly h32: KeyHash32;

  /** Internal: use {@link buildRing}. */
  constructor(members: readonly string[], vnodes: number, hash: HashName, points: RingPoints) {
    this.members = members;
    this.vnodes = vnodes;
    this.hash = hash;
    this.points = points;
    this.h32 = keyHash32(hash);
  }

  /** Returns the member owning the first point at or after the key's hash. */
  lookup(key: string): string {
    const p = successorIndex(this.points, this.h32(key, 0));
    return this.members[this.points.owners[p] as number] as string;
  }

  /** Returns a ring that also has `member`'s points, merged in O(points). */
  withMember(member: string): RingTable {
    requireNewMember(this.members, member);
    checkPointCount(this.members.length + 1, this.vnodes);
    const points = addMemberPoints(this.points, this.members, member, this.vnodes, this.h32);
    return new RingTable([...this.members, member], this.vnodes, this.hash, points);
  }

  /** Returns a ring without `member`'s points, filtered in O(points). */
  withoutMember(member: string): RingTable {
    const index = requireRemovableMember(this.members, member);
    const members = this.members.filter((_, i) => i !== index);
    return new RingTable(members, this.vnodes, this.hash, removeMemberPoints(this.points, index));
  }

  /** The number of points on the ring (members × vnodes). */
  get pointCount(): number {
    return this.points.positions.length;
  }

  /** Returns point `i` in ring order (0 is the lowest position). */
  point(i: number): RingPoint {
    requireInteger('i', i, 0, this.pointCount - 1);
    return { position: this.points.positions[i] as number, member: this.members[this.points.owners[i] as number] as string };
  }
}

function checkPointCount(members: number, vnodes: number): void {
  if (members * vnodes > RING_MAX_POINTS) {
    throw new HashringConfigError('vnodes', `members × vnodes must be at most ${RING_MAX_POINTS}; got ${members} × ${vnodes}`);
  }
}

/** Builds a ring from `options` applied over {@link RING_DEFAULTS}; throws HashringConfigError on a bad option. */
export function buildRing(options: RingOptions): RingTable {
  const members = requireMembers('members', options.members);
  const vnodes = requireInteger('vnodes', options.vnodes ?? RING_DEFAULTS.vnodes, 1, 65536);
  const hash = requireHashName('hash', options.hash ?? RING_DEFAULTS.hash);
  checkPointCount(members.length, vnodes);
  return new RingTable(members, vnodes, hash, buildRingPoints(members, vnodes, keyHash32(hash)));
}
