import type { Micros } from '../../lib/time.js';
import { SECOND } from '../../lib/time.js';
import type { Cluster } from './cluster.js';
import type { ServicePlane } from './data-plane.js';
import { round } from './run-metrics.js';
import type { CounterSnapshot } from './service-counters.js';
import { ZERO_COUNTERS } from './service-counters.js';
import type { Fidelity } from './world-spec.js';

import type { Row, RowSink } from '../../lib/rows.js';

export type { Row, RowSink };

/**
 * Names of the time-series columns, in order; the same whatever the run
 * does. Counts are over the row's window (the `sampleEvery` ending at
 * `time_s`); `ready`, `desired`, `live`, `backlog`, `in_flight` are read at
 * `time_s`. Percentiles are exact over the window's served requests in
 * request-level mode and empty in fluid mode (which models means only).
 * `served_by_version` lists `version:served` pairs, `;`-separated, every
 * version the service has had, in first-seen order. `cache_hit_ratio` is
 * hits over cache lookups in the window, empty for a service without caches
 * or a window without lookups. `registered` and `healthy_endpoints` are the
 * registry's entries for the service at `time_s`, all and healthy ones (what
 * it publishes to the balancer); without a heartbeat registry both equal
 * `ready`, as the ideal registry publishes every ready instance.
 */
export const TIMESERIES_COLUMNS = [
  'time_s',
  'service',
  'load_rps',
  'capacity_rps',
  'ready',
  'desired',
  'live',
  'utilization',
  'backlog',
  'latency_ms',
  'served',
  'dropped',
  'p50_ms',
  'p95_ms',
  'p99_ms',
  'arrived',
  'errors',
  'stale_routes',
  'in_flight',
  'served_by_version',
  'cache_hit_ratio',
  'registered',
  'healthy_endpoints',
] as const;

/** One sampled service and its totals at the previous row. */
interface Sampled {
  /** Service name. */
  readonly name: string;
  /** Its data plane. */
  readonly plane: ServicePlane;
  /** Totals at the previous row. */
  last: CounterSnapshot;
  /** Served per version at the previous row. */
  lastByVersion: Map<string, number>;
  /** Cache hits and lookups at the previous row. */
  lastCache: { readonly hits: number; readonly lookups: number };
}

/**
 * Writes one time-series row per service per sample: differences of the
 * data plane's running totals since the previous row, plus the cluster's
 * state now. Nothing is kept beyond the previous totals, so memory does not
 * grow with the horizon.
 */
export class TimeseriesSampler {
  private readonly services: Sampled[];
  private lastAt: Micros = 0;

  constructor(
    private readonly sink: RowSink,
    private readonly cluster: Cluster,
    planes: ReadonlyMap<string, ServicePlane>,
    private readonly fidelity: Fidelity,
    /** The heartbeat registry's counts of a service, when the world runs one. */
    private readonly registryCounts?: (service: string) => { readonly registered: number; readonly healthy: number },
  ) {
    this.services = [...planes].map(([name, plane]) => ({ name, plane, last: ZERO_COUNTERS, lastByVersion: new Map(), lastCache: { hits: 0, lookups: 0 } }));
  }

  /** Writes the rows for the window ending now. */
  sample(now: Micros): void {
    const window = (now - this.lastAt) / SECOND;
    this.lastAt = now;
    for (const s of this.services) {
      const c = s.plane.counters;
      const d = c.snapshot();
      const l = s.last;
      const served = d.served - l.served;
      const lat = c.window;
      let p50: number | string = '';
      let p95: number | string = '';
      let p99: number | string = '';
      if (this.fidelity === 'request' && lat.count > 0) {
        const [a, b, e] = lat.percentiles([50, 95, 99]);
        p50 = round(a! / 1000, 3);
        p95 = round(b! / 1000, 3);
        p99 = round(e! / 1000, 3);
      }
      lat.reset();
      const byVersion: string[] = [];
      for (const [v, { served: n }] of c.servedByVersion) {
        byVersion.push(`${v}:${round(n - (s.lastByVersion.get(v) ?? 0), 3)}`);
        s.lastByVersion.set(v, n);
      }
      const capacity = d.capacity - l.capacity;
      let cacheHitRatio: number | string = '';
      const cache = s.plane.cacheCounts();
      if (cache) {
        const lookups = cache.lookups - s.lastCache.lookups;
        if (lookups > 0) cacheHitRatio = round((cache.hits - s.lastCache.hits) / lookups, 4);
        s.lastCache = cache;
      }
      const ready = this.cluster.count(s.name, 'ready');
      const reg = this.registryCounts?.(s.name);
      this.sink.write({
        time_s: now / SECOND,
        service: s.name,
        load_rps: round(window > 0 ? (d.arrived - l.arrived) / window : 0, 3),
        capacity_rps: round(s.plane.capacityRps(), 3),
        ready,
        desired: this.cluster.desired(s.name),
        live: this.cluster.live(s.name).length,
        utilization: round(capacity > 0 ? (d.busy - l.busy) / capacity : 0, 4),
        backlog: round(s.plane.queued(), 3),
        latency_ms: round(served > 0 ? (d.latencySum - l.latencySum) / served / 1000 : 0, 3),
        served: round(served, 3),
        dropped: round(d.dropped - l.dropped, 3),
        p50_ms: p50,
        p95_ms: p95,
        p99_ms: p99,
        arrived: round(d.arrived - l.arrived, 3),
        errors: round(d.failed - l.failed, 3),
        stale_routes: round(d.staleRoutes - l.staleRoutes, 3),
        in_flight: round(s.plane.inFlight(), 3),
        served_by_version: byVersion.join(';'),
        cache_hit_ratio: cacheHitRatio,
        registered: reg ? reg.registered : ready,
        healthy_endpoints: reg ? reg.healthy : ready,
      });
      s.last = d;
    }
  }
}
