import { describe, expect, it } from 'vitest';
import { cacheHitRatioPanels } from '../../reports/cache-panels.js';
import { runReportCharts } from '../../reports/run-report.js';

const row = (time_s: number, service: string, cache_hit_ratio: number | string) => ({
  time_s,
  service,
  load_rps: 10,
  capacity_rps: 20,
  ready: 2,
  desired: 2,
  latency_ms: 5,
  cache_hit_ratio,
});

describe('cache hit-ratio panels of the run report', () => {
  it('draws one panel per service with hit ratios, skipping windows and services without', () => {
    const panels = cacheHitRatioPanels([row(10, 'cache', 0.5), row(10, 'web', ''), row(20, 'cache', ''), row(30, 'cache', 0.9)]);
    expect(panels).toHaveLength(1);
    expect(panels[0]).toMatchObject({ controller: 'cache', title: 'cache hit ratio', unit: 'hit ratio' });
    expect(panels[0]!.rows).toEqual([
      { time_s: 10, series: 'hit ratio', value: 0.5 },
      { time_s: 30, series: 'hit ratio', value: 0.9 },
    ]);
  });

  it('has none for a run without caches, and the report then shows only its usual charts', () => {
    const timeseries = [row(10, 'web', ''), row(20, 'web', '')];
    expect(cacheHitRatioPanels(timeseries)).toEqual([]);
    const data = { name: 'x', description: '', seed: 1, fingerprint: 'f', timeseries, actions: [], sloLatencyMs: 250, summary: {} };
    expect(runReportCharts({ ...data, panels: cacheHitRatioPanels(timeseries) }).map((c) => c.id)).toEqual([
      'time-brush',
      'load-vs-capacity',
      'replicas',
      'latency',
    ]);
    const cached = [row(10, 'cache', 0.4), row(20, 'cache', 0.8)];
    expect(runReportCharts({ ...data, timeseries: cached, panels: cacheHitRatioPanels(cached) }).map((c) => c.title)).toContain('cache: cache hit ratio');
  });
});
