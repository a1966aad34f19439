import type { KeyRouter } from '../../lib/cache/cache-replay.js';
import type { InstanceState } from '../../controllers/port/observations.js';
import type { Micros } from '../../lib/time.js';
import type { Instance } from './cluster.js';
import type { ReadyJournal } from './ready-journal.js';
import type { ServiceCounters } from './service-counters.js';

/** What a scrape learned about one instance since the previous scrape. */
export interface SampleValues {
  /** Busy fraction of its capacity. */
  readonly utilization: number;
  /** Requests it completed (served or failed). */
  readonly requests: number;
  /** Requests that failed. */
  readonly errors: number;
  /** Σ latency of its served requests, µs. */
  readonly latencySum: number;
}

/**
 * What one scrape read off a service's ready instances, either per instance
 * (`samples[k]` is `instances[k]`'s) or, in fluid mode, where a version's
 * instances share work evenly and so report alike, per version
 * (`perVersion`): one object per version and none per instance.
 */
export type ServiceScrape = {
  /** The instances sampled, in live order. */
  readonly instances: readonly Instance[];
  /** Requests that arrived at the load balancer since the previous scrape. */
  readonly arrivals: number;
} & (
  | { readonly samples: readonly SampleValues[]; readonly perVersion?: undefined }
  | { readonly perVersion: ReadonlyMap<string, SampleValues>; readonly samples?: undefined }
);

/**
 * A service's data plane, at either fidelity. The world drives it: ticks,
 * instance lifecycle changes, endpoint updates from the registry, scrapes.
 * Its counters obey arrived = served + dropped + failed + inFlight().
 */
export interface ServicePlane {
  /** Running totals. */
  readonly counters: ServiceCounters;
  /** Starts generating load (request-level arrivals). */
  start(): void;
  /** One data-plane step ending now: fluid mode moves its queues; both modes integrate utilization. */
  tick(now: Micros, dt: Micros): void;
  /** Requests waiting in queues now. */
  queued(): number;
  /** Requests queued or in service now. */
  inFlight(): number;
  /** Offered load without noise at time t, rps (for under-provisioning). */
  baseLoad(t: Micros): number;
  /** Ready capacity now, rps, with slow instances and versions counted at their speed. */
  capacityRps(): number;
  /** An instance of the service changed state. */
  onInstanceChange(instance: Instance, from: InstanceState): void;
  /** The load balancer's endpoints, as the latest registry update lists them. */
  setEndpoints(endpoints: readonly Instance[]): void;
  /** The load balancer's endpoints become the ready set at version `version` of the service's ready journal (the ideal registry's update, without a copy of the list). */
  syncEndpoints(journal: ReadyJournal, version: number): void;
  /** Per-version traffic weights (percent), or undefined to follow endpoints. */
  setWeights(weights: Readonly<Record<string, number>> | undefined): void;
  /** Per-version traffic weights now in force, or undefined while traffic follows endpoints. */
  trafficWeights(): Readonly<Record<string, number>> | undefined;
  /** The load factor changed. */
  onLoadChanged(): void;
  /** True when requests carry keys (a service with a `cache`), so a routing table can route them. */
  readonly routesByKey: boolean;
  /** Routes requests by key with `table` from now on; a table without members drops them. Only called when `routesByKey`. */
  setRouting(table: KeyRouter): void;
  /** Cache hits and lookups so far, or undefined for a service without caches. */
  cacheCounts(): { readonly hits: number; readonly lookups: number } | undefined;
  /** Metrics beyond the fixed summary at `now`, by bare name (the world prefixes the service). */
  extraMetrics(now: Micros): Readonly<Record<string, number | null>>;
  /** Samples of the given ready instances since the last scrape (those with something to report), and the requests that arrived at the load balancer. */
  scrape(instances: readonly Instance[]): ServiceScrape;
}
