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
 *
 * Lookups go through a bucket index on the top bits of the position, with
 * about one bucket per point, so finding a key's successor searches one or
 * two points instead of binary-searching the whole ring (17 steps at 100k
 * points, each a likely cache miss).
 */

import type { KeyHash32 } from '../hash/registry.js';

/** The points of a ring: parallel arrays, ascending by (position, owner name), with a bucket index. */
export interface RingPoints {
  /** Point positions on the 32-bit circle, ascending. */
  readonly positions: Uint32Array;
  /** `owners[i]` is the index, in the member list the points were built for, of the member owning point i. */
  readonly owners: Uint32Array;
  /** `index[b]` is the first point whose position's top bits (position >>> indexShift) are at least b; one entry past the last bucket holds the point count. */
  readonly index: Uint32Array;
  /** The shift that turns a position into its bucket: 32 minus the number of index bits. */
  readonly indexShift: number;
}

/** The most index bits: 2^16 buckets (256 KiB), enough for one bucket per point at 65536 points. */
const MAX_INDEX_BITS = 16;

/** Adds the bucket index to sorted points. */
function indexed(positions: Uint32Array, owners: Uint32Array): RingPoints {
  const bits = Math.min(MAX_INDEX_BITS, Math.max(1, Math.ceil(Math.log2(Math.max(positions.length, 2)))));
  const shift = 32 - bits;
  const buckets = 1 << bits;
  const index = new Uint32Array(buckets + 1);
  let p = 0;
  for (let b = 0; b < buckets; b++) {
    while (p < positions.length && (positions[p] as number) >>> shift < b) p++;
    index[b] = p;
  }
  index[buckets] = positions.length;
  return { positions, owners, index, indexShift: shift };
}

/** The label hashed to place virtual node `i` of `member`; the text after the last '#' is always the index. */
function vnodeLabel(member: string, i: number): string {
  return `${member}#${i}`;
}

/** Returns the positions of `member`'s `vnodes` points, ascending. */
function memberPositions(member: string, vnodes: number, hash: KeyHash32): Uint32Array {
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
  return indexed(positions, owners);
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
          ((points.positions[a] as number) === (added[b] as number) && compareNames(members[points.owners[a] as number] as string, member) < 0)));
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
  return indexed(positions, owners);
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
  return indexed(positions, owners);
}

/** Returns the index of the first point at or after position `h`, wrapping to 0 past the last point. */
export function successorIndex(points: RingPoints, h: number): number {
  const { positions, index } = points;
  const bucket = h >>> points.indexShift;
  // Points of later buckets have larger top bits, so they are all above h: search only this bucket.
  let lo = index[bucket] as number;
  let hi = index[bucket + 1] as number;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((positions[mid] as number) < h) lo = mid + 1;
    else hi = mid;
  }
  return lo === positions.length ? 0 : lo;
}

/** Orders member names by UTF-16 code units, the same on every platform (unlike localeCompare). */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
