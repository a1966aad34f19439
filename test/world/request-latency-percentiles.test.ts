import { describe, expect, it, vi } from 'vitest';
import { ExactQuantiles } from '../../lib/stats/exact-quantiles.js';
import { RandomStream } from '../../lib/random.js';
import { MINUTE } from '../../lib/time.js';
import { RequestPlane } from '../../sim/world/request-plane.js';
import { round } from '../../sim/world/run-metrics.js';
import type { WorldSpec } from '../../sim/world/world-spec.js';
import { build, spec } from './helpers.js';

/** Nearest-rank percentile of a list, by sorting it: the independent reference. */
function nearestRank(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]!;
}

/** Runs `s` and returns its summary and, captured beside the metrics, the completion time and latency (µs) of every request served. */
function runCapturing(s: WorldSpec) {
  const served: { at: number; latency: number }[] = [];
  const completed = RequestPlane.prototype.completed;
  const spy = vi.spyOn(RequestPlane.prototype, 'completed').mockImplementation(function (this: RequestPlane, server, arrivedAt) {
    const before = this.counters.served;
    completed.call(this, server, arrivedAt);
    if (this.counters.served > before) served.push({ at: this.sim.now, latency: this.sim.now - arrivedAt });
  });
  try {
    const { world } = build(s);
    return { summary: world.runToHorizon(), served };
  } finally {
    spy.mockRestore();
  }
}

describe('run-level latency percentiles at request fidelity', () => {
  // Four instances at 300 rps: 75% busy, so requests queue and the tail is long.
  const busy = (overrides: Partial<WorldSpec> = {}) => spec({ fidelity: 'request', horizon: 6 * MINUTE, ...overrides }, { initialReplicas: 4 });

  it('are the nearest-rank p95 and p99 of every served request of the run, as a sort of their latencies gives them', () => {
    const { summary, served } = runCapturing(busy());
    const latencies = served.map((r) => r.latency);
    expect(latencies.length).toBe(summary.served_requests);
    expect(latencies.length).toBeGreaterThan(50_000);
    expect(summary.latency_p95_ms).toBe(round(nearestRank(latencies, 95) / 1000, 3));
    expect(summary.latency_p99_ms).toBe(round(nearestRank(latencies, 99) / 1000, 3));
    expect(summary.latency_mean_ms).toBe(round(latencies.reduce((a, b) => a + b, 0) / latencies.length / 1000, 3));
    // The tail is real: the p99 is well above the mean, which a tick-mean approximation would have flattened.
    expect(summary.latency_p99_ms).toBeGreaterThan(2 * summary.latency_mean_ms);
  });

  it('leave out requests served during the warm-up, like every other summary metric', () => {
    const warmup = 2 * MINUTE;
    const { summary, served } = runCapturing(busy({ analysis: { warmup } }));
    const after = served.filter((r) => r.at > warmup).map((r) => r.latency);
    expect(after.length).toBe(summary.served_requests);
    expect(summary.latency_p95_ms).toBe(round(nearestRank(after, 95) / 1000, 3));
    expect(summary.latency_p99_ms).toBe(round(nearestRank(after, 99) / 1000, 3));
  });
});

describe('ExactQuantiles', () => {
  it('gives the nearest-rank percentiles a full sort gives, across many merges and repeated values', () => {
    const rng = RandomStream.root(7).fork('exact-quantiles');
    const values = Array.from({ length: 20_000 }, () => Math.round(rng.next() ** 3 * 5000));
    const q = new ExactQuantiles(256);
    for (const v of values) q.record(v);
    const ps = [0.1, 1, 50, 95, 99, 99.9, 100];
    expect(q.percentiles(ps)).toEqual(ps.map((p) => nearestRank(values, p)));
    expect(q.count).toBe(values.length);
    // Memory follows the distinct values, not the count.
    expect(q.distinctValues()).toBe(new Set(values).size);
    expect(q.distinctValues()).toBeLessThanOrEqual(5001);
  });

  it('gives the same percentiles when whole µs values mix with fractional, negative and very large ones', () => {
    const rng = RandomStream.root(11).fork('exact-quantiles-mixed');
    const values = Array.from({ length: 20_000 }, (_, i) => {
      const v = Math.round(rng.next() ** 2 * 3000);
      // Most values are whole µs (counted by value); the rest take the sorted list, interleaved with them.
      return i % 5 === 0 ? v + 0.5 : i % 7 === 0 ? -v : i % 11 === 0 ? v + 2 ** 22 : v;
    });
    const q = new ExactQuantiles(256);
    for (const v of values) q.record(v);
    const ps = [0.1, 1, 5, 25, 50, 90, 95, 99, 99.9, 100];
    expect(q.percentiles(ps)).toEqual(ps.map((p) => nearestRank(values, p)));
    expect(q.distinctValues()).toBe(new Set(values).size);
  });

  it('has no percentiles before anything is recorded, and one value is every percentile', () => {
    const q = new ExactQuantiles();
    expect(q.percentiles([95])).toEqual([undefined]);
    q.record(42);
    expect(q.percentiles([1, 99, 100])).toEqual([42, 42, 42]);
  });
});
