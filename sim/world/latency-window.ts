/**
 * Latencies recorded within one sample window, kept exactly: percentiles are
 * nearest-rank over every recorded value (no histogram, no approximation).
 * Memory is bounded by the requests of one window, never by the horizon.
 */
export class LatencyWindow {
  private values = new Float64Array(1024);
  private n = 0;
  private total = 0;

  /** Records one latency, µs. */
  record(latency: number): void {
    if (this.n === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.n++] = latency;
    this.total += latency;
  }

  /** Latencies recorded since the last reset. */
  get count(): number {
    return this.n;
  }

  /** Mean latency, µs (NaN when empty). */
  get mean(): number {
    return this.n > 0 ? this.total / this.n : Number.NaN;
  }

  /**
   * Nearest-rank percentiles (p in (0, 100]): the smallest recorded value
   * with at least p% of values at or below it. NaN when empty. Reorders the
   * window in place (a selection, O(n) per percentile rather than a sort),
   * so call it once per window, before `reset`.
   */
  percentiles(ps: readonly number[]): number[] {
    if (this.n === 0) return ps.map(() => Number.NaN);
    const n = this.n;
    const ranks = ps.map((p) => Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1)));
    // Largest rank first: each later selection only needs the part left of the previous one.
    const order = ranks.map((_, i) => i).sort((a, b) => ranks[b]! - ranks[a]!);
    const out = new Array<number>(ps.length);
    let hi = n - 1;
    for (const i of order) {
      const k = ranks[i]!;
      select(this.values, 0, Math.max(hi, k), k);
      out[i] = this.values[k]!;
      hi = k;
    }
    return out;
  }

  /** Calls `fn` with every latency recorded since the last reset (in an unspecified order: `percentiles` reorders). */
  forEach(fn: (latency: number) => void): void {
    for (let i = 0; i < this.n; i++) fn(this.values[i]!);
  }

  /** Starts a new window (keeps the buffer). */
  reset(): void {
    this.n = 0;
    this.total = 0;
  }
}

/**
 * Moves the k-th smallest of a[lo..hi] to a[k], smaller ones before it and
 * larger ones after (Hoare's selection with a median-of-three pivot, so the
 * result is deterministic and the expected cost linear).
 */
function select(a: Float64Array, lo: number, hi: number, k: number): void {
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < a[lo]!) swap(a, mid, lo);
    if (a[hi]! < a[lo]!) swap(a, hi, lo);
    if (a[hi]! < a[mid]!) swap(a, hi, mid);
    const pivot = a[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
