/**
 * Positions 0..n-1 (a pool's endpoints) grouped by load, a whole number ≥ 0
 * (requests queued or in service): for each load held, a two-level bitset
 * of the positions holding it, and the least load held.
 *
 * Least-outstanding routing asks for the first position at or after `from`,
 * wrapping, among those with the least load. That is a find-next-set-bit in
 * one bitset: a word, else the next non-empty word through the summary bits
 * (one per word), so O(n / 1024) words at worst. A load change moves one
 * bit between two bitsets and, only when the least load's last holder
 * leaves it, walks the least load up to the holder's new load: loads move
 * by one request at a time, so that is O(1).
 */
export class LoadBuckets {
  /** Each position's load. */
  private readonly loads: Float64Array;
  /** By load: which positions hold it, 32 per word; undefined until some position held that load. */
  private readonly bits: (Int32Array | undefined)[] = [];
  /** By load: which words of `bits` are non-zero, 32 per word. */
  private readonly summaries: (Int32Array | undefined)[] = [];
  /** By load: how many positions hold it. */
  private readonly holders: number[] = [];
  private readonly words: number;
  private least = Number.POSITIVE_INFINITY;

  /** Indexes positions 0..loads.length-1 at the given loads (whole numbers ≥ 0). */
  constructor(loads: ArrayLike<number>) {
    const n = loads.length;
    this.words = (n + 31) >>> 5;
    this.loads = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const load = loads[i]!;
      this.loads[i] = load;
      this.add(i, load);
    }
  }

  /** True when every load is a whole number ≥ 0, which the buckets need. */
  static accepts(loads: ArrayLike<number>): boolean {
    for (let i = 0; i < loads.length; i++) {
      const l = loads[i]!;
      if (!(Number.isInteger(l) && l >= 0)) return false;
    }
    return true;
  }

  /** The least load held (Infinity when there are no positions). */
  min(): number {
    return this.least;
  }

  /** Sets position `i`'s load (a whole number ≥ 0). */
  set(i: number, load: number): void {
    const old = this.loads[i]!;
    if (old === load) return;
    this.loads[i] = load;
    this.remove(i, old);
    this.add(i, load);
    if (old === this.least && this.holders[old] === 0) {
      // The least load's last holder left it: the next load held is at most `load`.
      let l = old + 1;
      while (!(this.holders[l]! > 0)) l++;
      this.least = l;
    }
  }

  /** The first position ≥ `from` holding the least load, else the first from 0; -1 when there are no positions. */
  firstLeast(from: number): number {
    if (this.least === Number.POSITIVE_INFINITY) return -1;
    const bits = this.bits[this.least]!;
    const summary = this.summaries[this.least]!;
    const w = from >>> 5;
    if (w < this.words) {
      const word = bits[w]! & (-1 << (from & 31));
      if (word !== 0) return (w << 5) + lowestBit(word);
      const next = nextSetFrom(summary, w + 1, this.words);
      if (next >= 0) return (next << 5) + lowestBit(bits[next]!);
    }
    const first = nextSetFrom(summary, 0, this.words);
    return (first << 5) + lowestBit(bits[first]!);
  }

  private add(i: number, load: number): void {
    let bits = this.bits[load];
    let summary = this.summaries[load];
    if (bits === undefined || summary === undefined) {
      // Fill the holder counts up to `load` so the least-load walk reads numbers, never holes.
      for (let l = this.holders.length; l <= load; l++) this.holders.push(0);
      bits = new Int32Array(this.words);
      summary = new Int32Array((this.words + 31) >>> 5);
      this.bits[load] = bits;
      this.summaries[load] = summary;
    }
    const w = i >>> 5;
    if (bits[w] === 0) summary[w >>> 5]! |= 1 << (w & 31);
    bits[w]! |= 1 << (i & 31);
    this.holders[load]!++;
    if (load < this.least) this.least = load;
  }

  private remove(i: number, load: number): void {
    const bits = this.bits[load]!;
    const w = i >>> 5;
    bits[w]! &= ~(1 << (i & 31));
    if (bits[w] === 0) this.summaries[load]![w >>> 5]! &= ~(1 << (w & 31));
    this.holders[load]!--;
  }
}

/** Index of the lowest set bit of a non-zero 32-bit word. */
function lowestBit(word: number): number {
  return 31 - Math.clz32(word & -word);
}

/** The first word index in [from, words) whose summary bit is set, or -1. */
function nextSetFrom(summary: Int32Array, from: number, words: number): number {
  if (from >= words) return -1;
  let s = from >>> 5;
  let word = summary[s]! & (-1 << (from & 31));
  while (word === 0) {
    if (++s >= summary.length) return -1;
    word = summary[s]!;
  }
  const w = (s << 5) + lowestBit(word);
  return w < words ? w : -1;
}
