import type { Micros } from '../../lib/time.js';
import type { DistributionSpec } from '../distribution.js';
import type { NetworkSpec } from '../network/network-spec.js';

/** Hosts grouped by failure domain, plus hosts outside every domain. */
export interface ZonedHosts {
  /** Hosts of each zone (or region), by zone name. */
  readonly zones: Readonly<Record<string, readonly string[]>>;
  /** Hosts in no zone (a global API endpoint): every link to them is cross-zone. */
  readonly global?: readonly string[];
}

/** One-way link latencies of a zoned network. */
export interface ZonedLatency {
  /** Median one-way latency between hosts of the same zone, µs. */
  readonly intra: Micros;
  /** Median one-way latency between hosts of different zones, µs. */
  readonly inter: Micros;
  /** Log-normal spread of each message's latency (0: every message takes exactly the median). */
  readonly sigma: number;
}

/** A latency distribution with the given median and spread. */
export function latency(median: Micros, sigma: number): DistributionSpec {
  return sigma > 0 && median > 0 ? { kind: 'lognormal', median, sigma } : { kind: 'constant', value: median };
}

/**
 * A network spec for hosts in zones: links inside a zone get the intra-zone
 * latency, all others the inter-zone latency; no loss. Each zone is a group
 * named after it, so fault verbs can name zones.
 */
export function zonedNetwork(hosts: ZonedHosts, lat: ZonedLatency): NetworkSpec {
  const zoneNames = Object.keys(hosts.zones);
  const all = [...zoneNames.flatMap((z) => hosts.zones[z] ?? []), ...(hosts.global ?? [])];
  return {
    hosts: all,
    groups: hosts.zones,
    defaultLatency: latency(lat.inter, lat.sigma),
    defaultLoss: 0,
    links: zoneNames.map((z) => ({ from: [z], to: [z], latency: latency(lat.intra, lat.sigma), symmetric: false })),
  };
}
