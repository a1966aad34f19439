import { describe, expect, it } from 'vitest';
import { loadExperimentFile } from '../../experiments/config/load.js';
import { runExperiment } from '../../experiments/runner/run-experiment.js';
import type { Row } from '../../sim/world/timeseries-sampler.js';
import { between, max, mean, sum } from './helpers.js';

/** Runs a built-in scenario file, keeping its rows and events. */
function play(name: string) {
  const rows: Row[] = [];
  const events: Row[] = [];
  const loaded = loadExperimentFile(`experiments/examples/${name}.yaml`);
  const outcome = runExperiment(loaded.experiment, loaded.experiment.seed, {
    timeseries: { write: (r) => rows.push(r) },
    events: { write: (r) => events.push(r) },
  });
  return { rows, events, outcome, experiment: loaded.experiment };
}

describe('the built-in scenarios', () => {
  it('flash-crowd: the p99 jumps when the spike lands and the autoscaler scales up after it', () => {
    const { rows, events, experiment } = play('flash-crowd');
    expect(experiment.fidelity).toBe('request');
    expect(mean(between(rows, 900, 1000), 'p99_ms')).toBeGreaterThan(5 * mean(between(rows, 300, 850), 'p99_ms'));
    const ups = events.filter((e) => e['action'] === 'scale' && (e['to'] as number) > (e['from'] as number) && (e['time_s'] as number) > 900);
    expect(ups.length).toBeGreaterThan(0);
    expect(max(between(rows, 900, 1800), 'ready')).toBeGreaterThan(20);
  });

  it('diurnal-day: load follows the day with crashes along the way, and capacity follows the load', () => {
    const { rows, events } = play('diurnal-day');
    const trough = mean(between(rows, 0, 3600), 'load_rps');
    const peak = mean(between(rows, 11 * 3600, 13 * 3600), 'load_rps');
    expect(peak / trough).toBeGreaterThan(5);
    expect(events.filter((e) => e['controller'] === 'churn').length).toBeGreaterThan(20);
    expect(mean(between(rows, 11 * 3600, 13 * 3600), 'ready')).toBeGreaterThan(3 * mean(between(rows, 0, 3600), 'ready'));
  });

  it('zone-outage: a third of capacity goes at 30m, latency spikes, and capacity is back within minutes', () => {
    const { rows } = play('zone-outage');
    expect(between(rows, 1800, 1801)[0]!['ready']).toBeLessThan(between(rows, 1790, 1791)[0]!['ready'] as number);
    expect(max(between(rows, 1800, 2000), 'latency_ms')).toBeGreaterThan(1000);
    expect(mean(between(rows, 2100, 3600), 'latency_ms')).toBeLessThan(100);
  });

  it('controller-metrics-partition: the autoscaler scales only after the partition heals, on data 15 minutes staler than usual', () => {
    const { rows, events } = play('controller-metrics-partition');
    const scaleUps = events.filter((e) => e['action'] === 'scale' && (e['to'] as number) > (e['from'] as number));
    expect(scaleUps[0]!['time_s']).toBeGreaterThan(2100);
    expect(events.some((e) => /\(\d{3}s old\)/.test(String(e['reason'])))).toBe(true);
    expect(sum(between(rows, 1500, 2100), 'dropped')).toBeGreaterThan(0);
  });

  it('registry-partition: stale routes while the balancer is cut from the registry, then live zone-a instances evicted while its heartbeats are cut', () => {
    const { rows, events } = play('registry-partition');
    expect(sum(between(rows, 670, 900), 'stale_routes')).toBeGreaterThan(1000);
    expect(sum(between(rows, 0, 660), 'stale_routes')).toBe(0);
    expect(sum(between(rows, 920, 1800), 'stale_routes')).toBe(0);
    expect(mean(between(rows, 1240, 1380), 'latency_ms')).toBeGreaterThan(10 * mean(between(rows, 920, 1190), 'latency_ms'));
    // Work piles up behind the lost capacity; whether queues then overflow into drops depends on the seed (0 to 14,000 across seeds 1-3).
    expect(mean(between(rows, 1240, 1380), 'backlog')).toBeGreaterThan(10 * mean(between(rows, 920, 1190), 'backlog'));
    expect(mean(between(rows, 1240, 1380), 'utilization')).toBeLessThan(0.7);
    expect(events.filter((e) => e['action'] === 'scale' && (e['time_s'] as number) > 1200 && (e['time_s'] as number) < 1380)).toEqual([]);
  });

  it('bad-deploy: errors appear with v2 and stop with the rollback', () => {
    const { rows } = play('bad-deploy');
    expect(sum(between(rows, 0, 900), 'errors')).toBe(0);
    const during = between(rows, 1000, 2100);
    expect(sum(during, 'errors') / sum(during, 'arrived')).toBeGreaterThan(0.1);
    expect(sum(between(rows, 2300, 3600), 'errors')).toBe(0);
    expect(String(between(rows, 1500, 1510)[0]!['served_by_version'])).toMatch(/^v1:0;v2:\d+$/);
  });

  it('noisy-neighbour: the p99 climbs while mean utilization barely moves', () => {
    const { rows } = play('noisy-neighbour');
    const before = between(rows, 300, 600);
    const during = between(rows, 700, 1800);
    expect(mean(during, 'p99_ms')).toBeGreaterThan(10 * mean(before, 'p99_ms'));
    expect(Math.abs(mean(during, 'utilization') - mean(before, 'utilization'))).toBeLessThan(0.1);
  });
});
