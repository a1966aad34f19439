import type { Micros } from '../../lib/time.js';
import type { DistributionSpec } from '../distribution.js';
import type { HostClockSpec } from '../network/host-clock.js';
import type { LinkRule } from '../network/network-spec.js';
import type { MetricsPipelineSpec } from './metrics-pipeline.js';
import type { RegistrySpec } from './registry-host.js';
import type { LoadSourceSpec } from './load-source.js';
import type { RoutingPolicy } from './load-balancer.js';
import type { ScenarioStep } from './scenario-step.js';
import type { VersionProfile } from './version-profile.js';

/** How the data plane is simulated. */
export type Fidelity = 'fluid' | 'request';

/** Per-instance capacity of a service. */
export interface CapacitySpec {
  /** Requests per second one ready instance serves at 100% utilization (fluid mode's capacity). */
  readonly rpsPerInstance: number;
  /** Service time of one request, µs: a plain mean, or a distribution (request-level mode draws from it; fluid mode uses its mean). */
  readonly serviceTime: Micros | DistributionSpec;
  /** Backlog (requests) past which fluid mode drops arrivals. */
  readonly maxBacklog: number;
  /** Requests one instance serves at once in request-level mode. Default round(rpsPerInstance × mean service time), at least 1. */
  readonly concurrency?: number;
  /** Requests that may wait in one instance's FIFO queue in request-level mode (default 1000). */
  readonly queueLimit?: number;
}

/** Random crashes of a service's instances. */
export interface ChurnSpec {
  /** Time from an instance's creation to its crash (a mean time between failures), µs. */
  readonly mtbf: DistributionSpec;
  /** Time from a crash until the cluster starts a replacement. */
  readonly restartDelay: Micros;
}

/**
 * Request keys and per-instance caches of a cache tier (request-level mode
 * only): what makes key-based routing ('set-routing') matter.
 */
export interface CacheSpec {
  /** Distinct keys, named `key-0` … `key-(keys−1)`, hottest first. */
  readonly keys: number;
  /** Zipf exponent of key popularity (0: uniform; about 1: typical web caches). */
  readonly zipf: number;
  /** Keys one instance's LRU cache holds. */
  readonly capacity: number;
  /** Extra service time of a miss (fetching from the origin), µs. */
  readonly missPenalty: Micros;
  /** Length of the windows `cache_hit_ratio_min` is taken over, µs. */
  readonly window: Micros;
  /** Windows ending before this are left out of `cache_hit_ratio_min` (the cold start), µs. */
  readonly warmup: Micros;
}

/** One service of the world. */
export interface WorldServiceSpec {
  /** Service name. */
  readonly name: string;
  /** Ready instances at t = 0. */
  readonly initialReplicas: number;
  /** Zones instances are spread over. */
  readonly zones: readonly string[];
  /** Version the initial instances run. */
  readonly version: string;
  /** Per-instance capacity. */
  readonly capacity: CapacitySpec;
  /** Start-up delay of a new instance, µs. */
  readonly startupDelay: DistributionSpec;
  /** How long a draining instance lingers at most (default 30 s). */
  readonly drainTime?: Micros;
  /** Offered load: the sum of these sources. */
  readonly load: readonly LoadSourceSpec[];
  /** Load-balancing policy (default round-robin). */
  readonly balancer?: RoutingPolicy;
  /** Random crashes, if any. */
  readonly churn?: ChurnSpec;
  /** Behaviour of named versions (bad versions); unnamed versions are healthy. */
  readonly versions?: Readonly<Record<string, VersionProfile>>;
  /** Request keys and per-instance caches (request-level mode only). */
  readonly cache?: CacheSpec;
  /** Active health-probe period (default 10 s): a hung instance fails one probe per period. */
  readonly probePeriod?: Micros;
}

/** The network between hosts, beyond the built-in hosts. */
export interface WorldNetworkSpec {
  /** Extra hosts (controller replicas, a second registry ...). */
  readonly hosts?: readonly string[];
  /** Regions: names for sets of zones. */
  readonly regions?: Readonly<Record<string, readonly string[]>>;
  /** Latency of links no rule mentions (default 0). */
  readonly defaultLatency?: DistributionSpec;
  /** Loss probability of links no rule mentions (default 0). */
  readonly defaultLoss?: number;
  /** Per-link latency and loss. */
  readonly links?: readonly LinkRule[];
  /** How often the registry re-sends every service's endpoints to the load balancer (default 10 s; ignored with `registry`). */
  readonly resyncEvery?: Micros;
  /**
   * Run a TTL-heartbeat registry on the `registry` host as the source of
   * endpoints. Without it, the registry publishes the cluster's ready
   * instances on every change (an ideal, watch-based registry).
   */
  readonly registry?: RegistrySpec;
}

/** Everything the world needs, in engine units (µs). */
export interface WorldSpec {
  /** Root seed. */
  readonly seed: string;
  /** Virtual time the run covers. */
  readonly horizon: Micros;
  /** Data-plane step (fluid mode) and bookkeeping step (both modes). */
  readonly tick: Micros;
  /** Interval of time-series rows. */
  readonly sampleEvery: Micros;
  /** Latency SLO on mean latency. */
  readonly sloLatency: Micros;
  /** SLO target: the fraction of requests that must be good (default 0.99); error_budget_burn spends 1 − target. */
  readonly sloTarget?: number;
  /** The analysed interval of the summary metrics: skip `warmup`, then cover `window` (default: to the horizon). */
  readonly analysis?: { readonly warmup?: Micros; readonly window?: Micros };
  /** Default drain time of services that do not set one. */
  readonly drainTime?: Micros;
  /** Fluid (default) or request-level data plane. */
  readonly fidelity?: Fidelity;
  /** Metrics pipeline. */
  readonly metrics: MetricsPipelineSpec;
  /** Services, in declaration order. */
  readonly services: readonly WorldServiceSpec[];
  /** Names of the controllers that will run: each gets a host `controller/<name>` that receives metrics. */
  readonly controllers?: readonly string[];
  /** The network. */
  readonly network?: WorldNetworkSpec;
  /** Clock error per host (or group). */
  readonly clocks?: Readonly<Record<string, HostClockSpec>>;
  /** The scenario timeline. */
  readonly scenario?: readonly ScenarioStep[];
}
