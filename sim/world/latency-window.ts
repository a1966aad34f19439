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
   * with at least p% of values at or below it. NaN when empty. Sorts the
   * window in place, so call it once per window, before `reset`.
   */
  percentiles(ps: readonly number[]): number[] {
    if (this.n === 0) return ps.map(() => Number.NaN);
    const sorted = this.values.subarray(0, this.n).sort();
    return ps.map((p) => sorted[Math.min(this.n - 1, Math.max(0, Math.ceil((p / 100) * this.n) - 1))]!);
  }

  /** Starts a new window (keeps the buffer). */
  reset(): void {
    this.n = 0;
    this.total = 0;
  }
}
