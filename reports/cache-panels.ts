import type { Row } from '../lib/rows.js';
import type { ControllerPanel, PanelRow } from './run-report.js';

/**
 * One run-report panel per service whose time series has cache hit ratios
 * (a service with a `cache`): the hit ratio of each sample window, so the
 * dip at each scale event or routing-table change is visible. Services in
 * first-seen order; none when no row has a ratio.
 */
export function cacheHitRatioPanels(timeseries: readonly Row[]): ControllerPanel[] {
  const byService = new Map<string, PanelRow[]>();
  for (const r of timeseries) {
    const ratio = r['cache_hit_ratio'];
    if (typeof ratio !== 'number') continue;
    const service = String(r['service']);
    let rows = byService.get(service);
    if (!rows) byService.set(service, (rows = []));
    rows.push({ time_s: Number(r['time_s']), series: 'hit ratio', value: ratio });
  }
  return [...byService].map(([service, rows]) => ({
    controller: service,
    title: 'cache hit ratio',
    note: 'Cache hits over lookups in each sample window. Each scale event or routing-table change moves keys to instances whose caches do not hold them yet, and the ratio dips until they warm up.',
    unit: 'hit ratio',
    rows,
  }));
}
