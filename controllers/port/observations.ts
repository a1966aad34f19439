import type { Micros } from '../../lib/time.js';

/** Lifecycle of an instance. `crashed` is terminal like `terminated`, but unplanned. */
export type InstanceState = 'pending' | 'starting' | 'ready' | 'draining' | 'terminated' | 'crashed';

/**
 * Active health-check state of one instance, as its probes report it. It
 * changes only when a probe result does, like a pod's conditions. Passive
 * signals measured over a scrape window (an instance's error rate and
 * request count) are per-instance metrics: `ServiceView.instanceMetrics`.
 */
export interface InstanceHealth {
  /** Consecutive failed active probes; 0 when the last probe passed. */
  readonly consecutiveProbeFailures: number;
}

/** What a controller can see of one instance. */
export interface InstanceView {
  /** Unique id, e.g. "web-17". */
  readonly id: string;
  /** Service the instance belongs to. */
  readonly service: string;
  /** Failure domain, e.g. "zone-a". */
  readonly zone: string;
  /** Software version it runs. */
  readonly version: string;
  /** Lifecycle state as last observed. */
  readonly state: InstanceState;
  /** When it was created. */
  readonly createdAt: Micros;
  /** When it became ready, if it has. */
  readonly readyAt?: Micros;
  /** Health signals, when a health checker or the data plane provides them. */
  readonly health?: InstanceHealth;
}

/**
 * One metric value as the controller received it. Metrics arrive through a
 * pipeline with a scrape interval and a delay, so `measuredAt` can be well
 * before the controller's `now`: staleness is `now - measuredAt`.
 */
export interface MetricSample {
  /** Metric name, e.g. "cpu_utilization" (a fraction of requested capacity) or "rps". */
  readonly name: string;
  /** The value. */
  readonly value: number;
  /** When the value was measured at the source. */
  readonly measuredAt: Micros;
}

/** What a controller can see of one service. */
export interface ServiceView {
  /** Service name. */
  readonly name: string;
  /** Replica count the service is currently asked to run (the scale target's spec). */
  readonly desiredReplicas: number;
  /** Instances that exist (any state but terminated/crashed). */
  readonly instances: readonly InstanceView[];
  /** Service-level metrics by name, latest delivered sample. */
  readonly metrics: Readonly<Record<string, MetricSample | undefined>>;
  /**
   * Per-instance metrics by instance id then metric name, from the latest
   * scrape: `cpu_utilization`, `requests` (completed in the scrape window, a
   * count), `error_rate` (failed fraction; absent without requests) and
   * `latency_ms` (absent without a served request). An instance without an
   * entry was not scraped (not ready, or its report did not arrive). The HPA
   * reads per-pod values here, outlier detection its error rates.
   */
  readonly instanceMetrics: Readonly<Record<string, Readonly<Record<string, MetricSample | undefined>>>>;
  /**
   * Desired replicas per version, as last set by 'scale-version' (a rollout's
   * ReplicaSet specs). Absent when the world does not track it; rollout
   * controllers then count each version's live, non-draining instances.
   */
  readonly versionReplicas?: Readonly<Record<string, number>>;
  /**
   * The traffic split per version in percent, as last set by 'shift-traffic'.
   * Absent while no split was set (traffic then follows ready instances).
   */
  readonly trafficWeights?: Readonly<Record<string, number>>;
  /**
   * Metrics per version then metric name (e.g. `versionMetrics.v2.error_rate`,
   * a fraction of failed requests, or `latency_p95_ms`), so a canary analysis
   * can judge one version. Absent when the world does not measure per version.
   */
  readonly versionMetrics?: Readonly<Record<string, Readonly<Record<string, MetricSample | undefined>>>>;
}

/** A read-only snapshot of the world handed to one reconcile. Never mutated. */
export interface ObservedState {
  /** The controller host's monotonic time when the snapshot was taken. */
  readonly now: Micros;
  /** Services by name, in the order the scenario declared them. */
  readonly services: ReadonlyMap<string, ServiceView>;
}
