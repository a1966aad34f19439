import { describe, expect, it } from 'vitest';
import { HOUR, MILLISECOND, SECOND } from '../../lib/time.js';
import { RunMetrics, SUMMARY_METRICS, weightedPercentiles } from '../../sim/world/run-metrics.js';
import type { RunSummary } from '../../sim/world/run-metrics.js';
import { SUMMARY_CATALOGUE, metricDirection } from '../../sim/metric-catalogue.js';

const SLO = 300 * MILLISECOND;

/** Drives one service for an hour of 1 s ticks at 100 rps offered, with ready capacity from `capacityAt(second)`. */
function runHour(capacityAt: (s: number) => number, window?: { from: number; to?: number }): RunSummary {
  let now = 0;
  const m = new RunMetrics(10 * 60 * SECOND, window ?? { from: 0 }, () => now);
  let replicas = 0;
  for (let s = 1; s <= 3600; s++) {
    now = s * SECOND;
    const capacity = capacityAt(s);
    const want = capacity / 10;
    if (want !== replicas) m.scaled(replicas, want);
    replicas = want;
    const served = Math.min(100, capacity);
    m.tick(
      now,
      SECOND,
      {
        arrived: 100,
        served,
        dropped: 100 - served,
        utilization: served / capacity,
        latency: capacity < 100 ? 2 * SECOND : 80 * MILLISECOND,
        underProvisioned: capacity < 100,
        offered: 100,
        capacity,
        live: want,
        ready: want,
      },
      SLO,
    );
  }
  return m.finish(HOUR);
}

describe('run metrics', () => {
  // The defect: reaction_time_s, a mean of under-provisioned stretches, called an oscillating autoscaler the most responsive.
  it('never let a thrashing controller look more responsive than a steady one on the new metrics', () => {
    const steady = runHour((s) => (s <= 120 ? 90 : 110));
    const thrashing = runHour((s) => (s % 40 < 20 ? 90 : 110));
    expect(thrashing.reaction_time_s).toBeLessThan(steady.reaction_time_s); // the old metric is fooled
    expect(thrashing.shortfall_requests).toBeGreaterThan(steady.shortfall_requests);
    expect(thrashing.time_to_adequate_s).toBeGreaterThan(steady.time_to_adequate_s);
    expect(thrashing.max_time_to_adequate_s).toBeGreaterThan(steady.max_time_to_adequate_s);
    expect(thrashing.error_budget_burn).toBeGreaterThan(steady.error_budget_burn);
    expect(thrashing.flaps_per_hour).toBeGreaterThan(steady.flaps_per_hour);
  });

  it('integrates the shortfall and the idle capacity tick by tick', () => {
    const steady = runHour((s) => (s <= 120 ? 90 : 110));
    expect(steady.shortfall_requests).toBe(120 * 10);
    expect(steady.overprovisioned_rps_s).toBe((3600 - 120) * 10);
    expect(steady.time_to_adequate_s).toBe(120);
  });

  it('leaves ticks and actions before analysis.warmup out of every metric', () => {
    const all = runHour((s) => (s <= 120 ? 90 : 110));
    const warm = runHour((s) => (s <= 120 ? 90 : 110), { from: 300 * SECOND });
    expect(all.shortfall_requests).toBeGreaterThan(0);
    expect(warm.shortfall_requests).toBe(0);
    expect(warm.slo_violation_s).toBe(0);
    expect(warm.scale_actions).toBe(0);
    expect(warm.arrived_requests).toBe((3600 - 300) * 100);
    expect(warm.instance_hours).toBeCloseTo((11 * (3600 - 300)) / 3600, 4);
  });

  it('counts only the analysed window when one is set', () => {
    const r = runHour(() => 110, { from: 600 * SECOND, to: 1200 * SECOND });
    expect(r.arrived_requests).toBe(600 * 100);
  });

  it('takes latency percentiles over served requests, weighting each tick by what it served', () => {
    expect(weightedPercentiles([10, 1000], [99, 1], [95, 99, 100])).toEqual([10, 10, 1000]);
    expect(weightedPercentiles([], [], [95])).toEqual([undefined]);
  });

  it('declares every summary metric once in the catalogue, with a unit, a direction and a definition', () => {
    expect(SUMMARY_METRICS).toEqual(SUMMARY_CATALOGUE.map((i) => i.name));
    for (const i of SUMMARY_CATALOGUE) {
      expect(i.unit.length, i.name).toBeGreaterThan(0);
      expect(i.definition.length, i.name).toBeGreaterThan(10);
    }
    expect(metricDirection('served_requests')).toBe('higher');
    expect(metricDirection('web.cache_hit_ratio')).toBe('higher');
    expect(metricDirection('shortfall_requests')).toBe('lower');
  });
});
