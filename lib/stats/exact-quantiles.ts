/**
 * Exact nearest-rank percentiles over every value recorded in a run, with
 * memory bounded by the number of DISTINCT values rather than by how many
 * were recorded: values arrive in a buffer; a full buffer is sorted and
 * merged into a sorted list of (value, count) pairs. Nothing is binned or
 * sampled, so a percentile is exactly the one a sort of every value would
 * give. Request latencies are whole microseconds, so the distinct values
 * are at most the latency range in µs (and never more than the values).
 * Deterministic: the result depends only on the multiset recorded.
 */
export class ExactQuantiles {
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
    if (Number.isNaN(value)) throw new RangeError('ExactQuantiles.record: NaN has no rank');
    if (this.buffered === this.buffer.length) this.merge();
    this.buffer[this.buffered++] = value;
    this.total++;
  }

  /** Values recorded. */
  get count(): number {
    return this.total;
  }

  /** Distinct values held after merging what is buffered (the memory the structure needs, in pairs). */
  distinctValues(): number {
    this.merge();
    return this.distinct;
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
    return ps.map((p) => {
      const rank = Math.min(this.total, Math.max(1, Math.ceil((p / 100) * this.total)));
      let acc = 0;
      for (let i = 0; i < this.distinct; i++) {
        acc += this.counts[i]!;
        if (acc >= rank) return this.values[i]!;
      }
      return this.values[this.distinct - 1]!;
    });
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
