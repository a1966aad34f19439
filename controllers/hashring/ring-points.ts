/**
 * The sorted virtual-node points of a consistent-hash ring.
 *
 * Each member owns `vnodes` points at positions hash32("<member>#<i>") on the
 * 32-bit circle. Points sort by position, and points at the same position by
 * member name, so the ring depends only on the member set and never on the
 * order members were added. A key belongs to the first point at or after its
 * own hash, wrapping past 2^32 - 1 to the first point.
 *
 * Ring and bounded-load tables share these arrays; adding or removing a member
 * merges or filters them in O(points) instead of re-sorting.
 */

import type { KeyHash32 } from './hash/registry.js';

/** The points of a ring: parallel arrays, ascending by (position, owner name). */
export interface RingPoints {
  /** Point positions on the 32-bit circle, ascending. */
  readonly positions: Uint32Array;
  /** `owners[i]` is the index, in the member list the points were built for, of the member owning point i. */
  readonly owners: Uint32Array;
}

/** The label hashed to place virtual node `i` of `member`; the text after the last '#' is always the index. */
export function vnodeLabel(member: string, i: number): string {
  return `${member}#${i}`;
}

/** Returns the positions of `member`'s `vnodes` points, ascending. */
export function memberPositions(member: string, vnodes: number, hash: KeyHash32): Uint32Array {
  const out = new Uint32Array(vnodes);
  for (let i = 0; i < vnodes; i++) out[i] = hash(vnodeLabel(member, i), 0);
  return out.sort();
}

/** Builds the points of a ring with `vnodes` points per member of `members`. */
export function buildRingPoints(members: readonly string[], vnodes: number, hash: KeyHash32): RingPoints {
  const n = members.length;
  // Sort once on a packed key position * n + rank-by-name: a typed-array numeric sort,
  // far faster than a comparator sort, and exact while position * n < 2^53.
  const byName = members.map((_, i) => i).sort((a, b) => compareNames(members[a] as string, members[b] as string));
  const rankToIndex = Uint32Array.from(byName);
  const rankOf = new Uint32Array(n);
  byName.forEach((index, rank) => (rankOf[index] = rank));
  const keys = new Float64Array(n * vnodes);
  let k = 0;
  for (let m = 0; m < n; m++) {
    const rank = rankOf[m] as number;
    const label = members[m] as string;
    for (let i = 0; i < vnodes; i++) keys[k++] = hash(vnodeLabel(label, i), 0) * n + rank;
  }
  keys.sort();
  const positions = new Uint32Array(keys.length);
  const owners = new Uint32Array(keys.length);
  for (let p = 0; p < keys.length; p++) {
    const key = keys[p] as number;
    const rank = key % n;
    positions[p] = (key - rank) / n;
    owners[p] = rankToIndex[rank] as number;
  }
  return { positions, owners };
}

/**
 * Returns the points after appending `member` (which takes index `members.length`)
 * to the ring built for `members`.
 */
export function addMemberPoints(points: RingPoints, members: readonly string[], member: string, vnodes: number, hash: KeyHash32): RingPoints {
  const added = memberPositions(member, vnodes, hash);
  const newIndex = members.length;
  const total = points.positions.length + added.length;
  const positions = new Uint32Array(total);
  const owners = new Uint32Array(total);
  let a = 0;
  let b = 0;
  for (let out = 0; out < total; out++) {
    const takeOld =
      b >= added.length ||
      (a < points.positions.length &&
        ((points.positions[a] as number) < (added[b] as number) ||
          ((points.positions[a] as number) === (added[b] as number) &&
            compareNames(members[points.owners[a] as number] as string, member) < 0)));
    if (takeOld) {
      positions[out] = points.positions[a] as number;
      owners[out] = points.owners[a] as number;
      a++;
    } else {
      positions[out] = added[b] as number;
      owners[out] = newIndex;
      b++;
    }
  }
  return { positions, owners };
}

/** Returns the points after removing the member at `index`; owners above it shift down by one. */
export function removeMemberPoints(points: RingPoints, index: number): RingPoints {
  let keep = 0;
  for (let p = 0; p < points.owners.length; p++) if (points.owners[p] !== index) keep++;
  const positions = new Uint32Array(keep);
  const owners = new Uint32Array(keep);
  let out = 0;
  for (let p = 0; p < points.owners.length; p++) {
    const owner = points.owners[p] as number;
    if (owner === index) continue;
    positions[out] = points.positions[p] as number;
    owners[out] = owner > index ? owner - 1 : owner;
    out++;
  }
  return { positions, owners };
}

/** Returns the index of the first point at or after position `h`, wrapping to 0 past the last point. */
export function successorIndex(positions: Uint32Array, h: number): number {
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((positions[mid] as number) < h) lo = mid + 1;
    else hi = mid;
  }
  return lo === positions.length ? 0 : lo;
}

/** Orders member names by UTF-16 code units, the same on every platform (unlike localeCompare). */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
