/**
 * A segment tree of numbers over positions 0..n-1 answering, in O(log n),
 * the minimum and the first position at or after `from` whose value is at
 * most a bound. Least-outstanding routing keeps one per endpoint pool.
 */
export class MinTree {
  private readonly size: number;
  private readonly tree: Float64Array;

  constructor(
    /** Number of positions. */
    readonly length: number,
  ) {
    let size = 1;
    while (size < length) size *= 2;
    this.size = size;
    this.tree = new Float64Array(2 * size).fill(Number.POSITIVE_INFINITY);
  }

  /** Sets position `i` to `value`. */
  set(i: number, value: number): void {
    const t = this.tree;
    let k = i + this.size;
    t[k] = value;
    for (k >>= 1; k >= 1; k >>= 1) {
      const l = t[2 * k]!;
      const r = t[2 * k + 1]!;
      t[k] = l < r ? l : r;
    }
  }

  /** The smallest value (Infinity when empty). */
  min(): number {
    return this.tree[1]!;
  }

  /** The first position ≥ `from` whose value is ≤ `bound`, or -1. */
  firstAtMost(from: number, bound: number): number {
    return this.search(1, 0, this.size - 1, from, bound);
  }

  private search(node: number, lo: number, hi: number, from: number, bound: number): number {
    if (hi < from || this.tree[node]! > bound) return -1;
    if (lo === hi) return lo < this.length ? lo : -1;
    const mid = (lo + hi) >> 1;
    const left = this.search(2 * node, lo, mid, from, bound);
    return left >= 0 ? left : this.search(2 * node + 1, mid + 1, hi, from, bound);
  }
}
