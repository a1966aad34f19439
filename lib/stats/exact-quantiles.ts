/** Whole values below this are counted in a dense array indexed by value (2^21: about 2.1 s in µs, 16 MB at most). */
const DENSE_LIMIT = 1 << 21;

/**
 * Exact nearest-rank percentiles over every value recorded in a run, with
 * memory bounded by the values' range or their DISTINCT count rather than by
 * how many were recorded. Whole values in [0, 2^21) — request latencies in
 * µs, almost always — are counted in an array indexed by value, grown to the
 * largest such value seen: one increment per value. Any other value goes to
 * a buffer; a full buffer is sorted and merged into a sorted list of
 * (value, count) pairs. Nothing is binned or sampled, so a percentile is
 * exactly the one a sort of every value would give. Deterministic: the
 * result depends only on the multiset recorded.
 */
export class ExactQuantiles {
  /** Counts of whole values in [0, DENSE_LIMIT), indexed by value; grown to the largest seen. */
  private dense = new Float64Array(0);
  private buffer: Float64Array;
  private buffered = 0;
  /** Distinct values, ascending. */
  private values = new Float64Array(0);
  /** How many times each of `values` was recorded. */
  private counts = new Float64Array(0);
  private distinct = 0;
  private total = 0;

  constructor(
    /** Values held before a merge; a larger buffer merges less often. */
    bufferSize = 1 << 16,
  ) {
    this.buffer = new Float64Array(bufferSize);
  }

  /** Records one value (NaN is refused: it has no rank). */
  record(value: number): void {
    if (value >= 0 && value < DENSE_LIMIT && Math.floor(value) === value) {
      if (value >= this.dense.length) this.growDense(value);
      this.dense[value]!++;
      this.total++;
      return;
    }
    if (Number.isNaN(value)) throw new RangeError('ExactQuantiles.record: NaN has no rank');
    if (this.buffered === this.buffer.length) this.merge();
    this.buffer[this.buffered++] = value;
    this.total++;
  }

  /** Values recorded. */
  get count(): number {
    return this.total;
  }

  /** Distinct values recorded (the sorted list holds those outside the dense range). */
  distinctValues(): number {
    this.merge();
    let n = this.distinct;
    for (let v = 0; v < this.dense.length; v++) if (this.dense[v]! > 0) n++;
    return n;
  }

  /**
   * Nearest-rank percentiles (p in (0, 100]): for each p, the smallest
   * recorded value with at least p% of all values at or below it, i.e. the
   * value at 1-based rank ⌈p/100 · n⌉ of the sorted values. Undefined entries
   * when nothing was recorded.
   */
  percentiles(ps: readonly number[]): (number | undefined)[] {
    this.merge();
    if (this.total === 0) return ps.map(() => undefined);
    return ps.map((p) => this.atRank(Math.min(this.total, Math.max(1, Math.ceil((p / 100) * this.total)))));
  }

  /** The value at 1-based `rank` in ascending order: a walk over the dense counts and the sorted list together. */
  private atRank(rank: number): number {
    const dense = this.dense;
    const values = this.values;
    let acc = 0;
    let i = 0;
    let v = 0;
    for (;;) {
      while (v < dense.length && dense[v] === 0) v++;
      // The next value in order comes from the sorted list when it is smaller than the next dense value.
      if (i < this.distinct && (v >= dense.length || values[i]! < v)) {
        acc += this.counts[i]!;
        if (acc >= rank) return values[i]!;
        i++;
      } else if (v < dense.length) {
        acc += dense[v]!;
        if (acc >= rank) return v;
        v++;
      } else {
        // Unreachable while rank ≤ total: every count was walked.
        return this.distinct > 0 ? values[this.distinct - 1]! : dense.length - 1;
      }
    }
  }

  /** Grows the dense counts to cover `value`, doubling. */
  private growDense(value: number): void {
    let size = Math.max(1024, this.dense.length);
    while (size <= value) size *= 2;
    const grown = new Float64Array(Math.min(size, DENSE_LIMIT));
    grown.set(this.dense);
    this.dense = grown;
  }

  /** Sorts the buffer and merges it into the (value, count) list. */
  private merge(): void {
    if (this.buffered === 0) return;
    const b = this.buffer.subarray(0, this.buffered).sort();
    const values = new Float64Array(this.distinct + this.buffered);
    const counts = new Float64Array(this.distinct + this.buffered);
    let n = 0;
    let i = 0;
    let j = 0;
    const push = (v: number, c: number) => {
      if (n > 0 && values[n - 1] === v) counts[n - 1]! += c;
      else {
        values[n] = v;
        counts[n++] = c;
      }
    };
    while (i < this.distinct || j < b.length) {
      if (j >= b.length || (i < this.distinct && this.values[i]! <= b[j]!)) {
        push(this.values[i]!, this.counts[i]!);
        i++;
      } else push(b[j++]!, 1);
    }
    this.values = values.slice(0, n);
    this.counts = counts.slice(0, n);
    this.distinct = n;
    this.buffered = 0;
  }
}
