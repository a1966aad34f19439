/**
 * The slice of a Pod that the HPA reads: phase, readiness, start time,
 * deletion mark and per-container requests.
 */
import type { Micros } from '../time.js';
import { checkObject } from './argument-checks.js';

/** Pod lifecycle phase, as in `status.phase`. */
export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

/** Status of a pod condition. */
export type ConditionStatus = 'True' | 'False' | 'Unknown';

/** Resource requests of one container, in milli-units keyed by resource name ("cpu", "memory", ...). */
export interface ContainerSnapshot {
  /** Container name, unique within the pod. */
  readonly name: string;
  /** Requests in milli-units (cpu "1.0" = 1000); a resource absent here has no request. */
  readonly requests: Readonly<Record<string, number>>;
}

/** An init container; only restartable ones (sidecars) count towards requests. */
export interface InitContainerSnapshot extends ContainerSnapshot {
  /** True when `restartPolicy: Always`, i.e. a sidecar that runs alongside the app containers. */
  readonly restartAlways: boolean;
}

/** The pod's `Ready` condition. */
export interface ReadyCondition {
  /** Whether the pod is ready. */
  readonly status: ConditionStatus;
  /** When `status` last changed. */
  readonly lastTransitionTime: Micros;
}

/** Read-only view of one pod selected by the HPA's scale target. */
export interface PodSnapshot {
  /** Pod name; metrics are joined to pods by name. */
  readonly name: string;
  /** Lifecycle phase. */
  readonly phase: PodPhase;
  /** The `Ready` condition, absent when the kubelet has not reported one. */
  readonly ready?: ReadyCondition;
  /** `status.startTime`, absent before the kubelet acknowledges the pod. */
  readonly startTime?: Micros;
  /** True when the pod has a deletion timestamp (it is terminating). */
  readonly deleting: boolean;
  /** App containers. */
  readonly containers: readonly ContainerSnapshot[];
  /** Init containers; optional because most pods have none that matter. */
  readonly initContainers?: readonly InitContainerSnapshot[];
  /** Pod-level requests (`spec.resources.requests`, KEP-2837), in milli-units. */
  readonly podRequests?: Readonly<Record<string, number>>;
}

/** Upstream `IsPodReady` for counting: the Ready condition is True. */
export function isPodReady(pod: PodSnapshot): boolean {
  checkObject('isPodReady', 'pod', pod, 'name, phase, ready?, ...');
  return pod.ready?.status === 'True';
}
