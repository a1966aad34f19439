import { describe, expect, it } from 'vitest';
import { MILLISECOND, SECOND } from '../../lib/time.js';
import {
  COORDINATION_STRATEGIES,
  MULTI_REGION_DEFAULTS,
  runMultiRegionScenario,
  type CoordinationStrategy,
  type MultiRegionMetrics,
} from '../../experiments/studies/index.js';

const LATENCIES = [25 * MILLISECOND, 100 * MILLISECOND, 400 * MILLISECOND];

/** metrics[strategy][i] for LATENCIES[i], one seed, 20 virtual minutes each. */
function sweep(seed: number): Record<CoordinationStrategy, MultiRegionMetrics[]> {
  const out = {} as Record<CoordinationStrategy, MultiRegionMetrics[]>;
  for (const strategy of COORDINATION_STRATEGIES) {
    out[strategy] = LATENCIES.map(
      (interRegionLatency) => runMultiRegionScenario({ ...MULTI_REGION_DEFAULTS, horizon: 20 * 60 * SECOND, strategy, interRegionLatency }, seed).metrics,
    );
  }
  return out;
}

const increasing = (xs: readonly (number | null)[]) => xs.every((x, i) => x !== null && (i === 0 || x > xs[i - 1]!));

describe('regions sharing a global capacity budget, as inter-region latency grows', () => {
  const m = sweep(1);

  it('decide fastest when each acts independently, then through a coordinator, then by optimistic concurrency', () => {
    LATENCIES.forEach((_, i) => {
      expect(m.independent[i]!.decision_latency_ms).toBe(0);
      expect(m.coordinator[i]!.decision_latency_ms).toBeGreaterThan(0);
      expect(m.occ[i]!.decision_latency_ms).toBeGreaterThan(m.coordinator[i]!.decision_latency_ms!);
    });
  });

  it('overcommit the budget when acting independently on stale views of each other', () => {
    expect(m.independent[1]!.overcommit_instance_s).toBeGreaterThan(0);
    expect(m.independent[2]!.overcommit_instance_s).toBeGreaterThan(0);
    expect(m.independent[2]!.conflicting_changes).toBeGreaterThanOrEqual(m.independent[0]!.conflicting_changes);
  });

  it('never overcommit through a coordinator or with compare-and-swap on the shared store', () => {
    for (const strategy of ['coordinator', 'occ'] as const) {
      for (const row of m[strategy]) {
        expect(row.overcommit_instance_s).toBe(0);
        expect(row.peak_overcommit).toBe(0);
        expect(row.conflicting_changes).toBe(0);
      }
    }
  });

  it('pay for optimistic concurrency with latency and retries that grow with the latency', () => {
    expect(increasing(m.occ.map((r) => r.decision_latency_ms))).toBe(true);
    expect(increasing(m.occ.map((r) => r.retries_per_grant))).toBe(true);
    expect(increasing(m.coordinator.map((r) => r.decision_latency_ms))).toBe(true);
    expect(m.coordinator.every((r) => r.retries_per_grant === 0)).toBe(true);
  });

  it('report no decision latency (null, not 0) when nothing was ever granted', () => {
    const starved = runMultiRegionScenario({ ...MULTI_REGION_DEFAULTS, horizon: 5 * 60 * SECOND, strategy: 'coordinator', budget: 0 }, 1).metrics;
    expect(starved.grants).toBe(0);
    expect(starved.decision_latency_ms).toBeNull();
    expect(starved.decision_latency_p95_ms).toBeNull();
    expect(starved.retries_per_grant).toBeNull();
  });

  it('give the same metrics for the same seed', () => {
    const params = { ...MULTI_REGION_DEFAULTS, horizon: 10 * 60 * SECOND, strategy: 'occ' as const };
    const a = runMultiRegionScenario(params, 5);
    const b = runMultiRegionScenario(params, 5);
    expect(b.metrics).toEqual(a.metrics);
    expect(b.fingerprint).toBe(a.fingerprint);
  });
});
