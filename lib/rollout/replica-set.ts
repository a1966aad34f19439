import type { Micros } from '../time.js';

/** What a rollout controller observes of one ReplicaSet. */
export interface ReplicaSetState {
  /** The ReplicaSet's name; for Argo Rollouts also its pod-template hash. */
  readonly name: string;
  /** Desired pods (spec.replicas). */
  readonly replicas: number;
  /** Pods available for at least minReadySeconds (status.availableReplicas). */
  readonly availableReplicas: number;
  /** Pods that exist, ready or not (status.replicas); defaults to `replicas` when unknown. */
  readonly currentReplicas?: number;
  /** Creation time, used to scale the oldest ReplicaSets down first. */
  readonly createdAt?: Micros;
}

/** Sum of spec.replicas over the sets (Kubernetes' GetReplicaCountForReplicaSets). */
export function totalReplicas(sets: readonly (ReplicaSetState | undefined)[]): number {
  return sets.reduce((sum, rs) => sum + (rs?.replicas ?? 0), 0);
}

/** Sum of status.availableReplicas over the sets. */
export function totalAvailableReplicas(sets: readonly (ReplicaSetState | undefined)[]): number {
  return sets.reduce((sum, rs) => sum + (rs?.availableReplicas ?? 0), 0);
}

/**
 * Orders oldest first, ties broken by name, as Kubernetes'
 * ReplicaSetsByCreationTimestamp does. A set without `createdAt` counts as
 * created at time 0.
 */
export function oldestFirst(a: ReplicaSetState, b: ReplicaSetState): number {
  const byTime = (a.createdAt ?? 0) - (b.createdAt ?? 0);
  if (byTime !== 0) return byTime;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
