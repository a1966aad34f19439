import { LatencyWindow } from './latency-window.js';

/** Cumulative counts of one service, read by differences between two points in time. */
export interface CounterSnapshot {
  /** Requests offered. */
  readonly arrived: number;
  /** Requests completed successfully. */
  readonly served: number;
  /** Requests turned away: a full queue, or no endpoint to route to. */
  readonly dropped: number;
  /** Requests that ended in an error: a bad version's error, a stale route, an instance that died with them. */
  readonly failed: number;
  /** Requests the load balancer sent to an instance that was no longer ready (also counted in `failed`). */
  readonly staleRoutes: number;
  /** Busy capacity, in the data plane's unit (slot-µs, or requests in fluid mode). */
  readonly busy: number;
  /** Ready capacity, in the same unit: busy / capacity is utilization. */
  readonly capacity: number;
  /** Σ latency of served requests, µs. */
  readonly latencySum: number;
}

/**
 * The running totals of one service's data plane, shared by both fidelities.
 * Accounting invariant: arrived = served + dropped + failed + in flight.
 */
export class ServiceCounters implements CounterSnapshot {
  /** Requests offered. */
  arrived = 0;
  /** Requests completed successfully. */
  served = 0;
  /** Requests turned away (full queue, no endpoint). */
  dropped = 0;
  /** Requests that ended in an error (bad version, stale route, dead instance). */
  failed = 0;
  /** Of the failed, those routed to an endpoint no longer ready. */
  staleRoutes = 0;
  /** Busy capacity (slot-µs at request level, requests in fluid mode). */
  busy = 0;
  /** Ready capacity in the same unit. */
  capacity = 0;
  /** Σ latency of served requests, µs. */
  latencySum = 0;
  /** Served requests per version, versions in first-seen order. */
  readonly servedByVersion = new Map<string, VersionTally>();
  /** Latencies of requests served since the last time-series row (request-level mode only). */
  readonly window = new LatencyWindow();
  /** Latencies of requests served since the last data-plane tick (request-level mode only): the run-level percentiles take every one. */
  readonly tickLatencies = new LatencyWindow();

  /** Counts `n` served requests of `version` with total latency `latencySum` µs. */
  addServed(version: string, n: number, latencySum: number): void {
    this.addServedTo(this.tally(version), n, latencySum);
  }

  /** Counts `n` served requests on a tally from `tally(version)` (no lookup: the request-level hot path). */
  addServedTo(tally: VersionTally, n: number, latencySum: number): void {
    this.served += n;
    this.latencySum += latencySum;
    tally.served += n;
  }

  /** The tally of `version`, created (so it appears in `servedByVersion` before it serves) if new. */
  tally(version: string): VersionTally {
    let t = this.servedByVersion.get(version);
    if (!t) this.servedByVersion.set(version, (t = { served: 0 }));
    return t;
  }

  /** Makes `version` appear in `servedByVersion` even before it serves. */
  noteVersion(version: string): void {
    this.tally(version);
  }

  /** Copies the totals into `target` (no allocation, for per-tick differences). */
  copyInto(target: MutableCounters): void {
    target.arrived = this.arrived;
    target.served = this.served;
    target.dropped = this.dropped;
    target.failed = this.failed;
    target.staleRoutes = this.staleRoutes;
    target.busy = this.busy;
    target.capacity = this.capacity;
    target.latencySum = this.latencySum;
  }

  /** A frozen copy of the totals. */
  snapshot(): CounterSnapshot {
    return {
      arrived: this.arrived,
      served: this.served,
      dropped: this.dropped,
      failed: this.failed,
      staleRoutes: this.staleRoutes,
      busy: this.busy,
      capacity: this.capacity,
      latencySum: this.latencySum,
    };
  }
}

/** Requests one version served, counted in place. */
export interface VersionTally {
  /** Served so far. */
  served: number;
}

/** A snapshot whose fields can be overwritten. */
export type MutableCounters = { -readonly [K in keyof CounterSnapshot]: CounterSnapshot[K] };

/** An all-zero snapshot. */
export const ZERO_COUNTERS: CounterSnapshot = {
  arrived: 0,
  served: 0,
  dropped: 0,
  failed: 0,
  staleRoutes: 0,
  busy: 0,
  capacity: 0,
  latencySum: 0,
};
