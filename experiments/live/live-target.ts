import type { AsyncActuator } from '../../controllers/port/async-realtime-loop.js';
import type { InstanceView } from '../../controllers/port/observations.js';

/** What a live target reports about one service. */
export interface TargetState {
  /** Replica count the service is asked to run (the scale target's spec). */
  readonly desiredReplicas: number;
  /** Instances that exist, any state but terminated. */
  readonly instances: readonly InstanceView[];
}

/**
 * The thing a live run scales: a process pool on this machine or
 * Deployments on a Kubernetes cluster. It carries out actions (the async
 * actuator) and reports the instances it runs, which the observer merges
 * with the metrics from Prometheus.
 */
export interface LiveTarget extends AsyncActuator {
  /** Reads a service's desired replicas and instances. Rejects with the port's error tiers. */
  read(service: string, signal: AbortSignal): Promise<TargetState>;
  /** Prepares for time zero: a pool starts `initial` workers per service and waits until they are ready. */
  start(initial: Readonly<Record<string, number>>): Promise<void>;
  /** Releases what the run holds (workers, a lease). */
  shutdown(): Promise<void>;
  /** Base URLs of a service's ready instances the load generator may send to (local targets only). */
  readyEndpoints?(service: string): string[];
}
