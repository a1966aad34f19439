import type { DistributionSpec } from '../distribution.js';
import type { TopologySpec } from './topology.js';

/** Properties given to the links between two sets of hosts. */
export interface LinkRule {
  /** Sending hosts or groups. */
  readonly from: readonly string[];
  /** Receiving hosts or groups. */
  readonly to: readonly string[];
  /** One-way latency, µs. Absent: the network's default. */
  readonly latency?: DistributionSpec;
  /** Loss probability in [0, 1]. Absent: the network's default. */
  readonly loss?: number;
  /** Apply to the reverse direction too. */
  readonly symmetric: boolean;
}

/** A network as data: hosts, groups, default link properties and per-link overrides. */
export interface NetworkSpec extends TopologySpec {
  /** Latency of links no rule mentions, µs. */
  readonly defaultLatency: DistributionSpec;
  /** Loss probability of links no rule mentions. */
  readonly defaultLoss: number;
  /** Overrides, later rules winning over earlier ones for the same pair. */
  readonly links: readonly LinkRule[];
}

/** A network where every link is instant and lossless. */
export function flatNetwork(topology: TopologySpec): NetworkSpec {
  return { ...topology, defaultLatency: { kind: 'constant', value: 0 }, defaultLoss: 0, links: [] };
}
