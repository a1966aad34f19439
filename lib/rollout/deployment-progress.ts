import type { Micros } from '../time.js';
import { SECOND } from '../time.js';

/** The replica counters of a Deployment's status. */
export interface DeploymentStatusCounts {
  /** Pods of all revisions (status.replicas). */
  readonly replicas: number;
  /** Pods of the newest revision (status.updatedReplicas). */
  readonly updatedReplicas: number;
  /** Ready pods (status.readyReplicas); treated as 0 when absent. */
  readonly readyReplicas?: number;
  /** Available pods (status.availableReplicas). */
  readonly availableReplicas: number;
  /** Generation the controller last acted on; treated as 0 when absent. */
  readonly observedGeneration?: number;
}

/** Reason recorded on the Progressing condition when the new ReplicaSet became available. */
export const NEW_RS_AVAILABLE_REASON = 'NewReplicaSetAvailable';
/** Reason recorded on the Progressing condition once the progress deadline passed. */
export const TIMED_OUT_REASON = 'ProgressDeadlineExceeded';

/** The Deployment's Progressing condition, reduced to what the deadline check reads. */
export interface ProgressingCondition {
  /** Why the condition was last set, e.g. NEW_RS_AVAILABLE_REASON or "ReplicaSetUpdated". */
  readonly reason: string;
  /** When progress was last reported. */
  readonly lastUpdateTime: Micros;
}

/** progressDeadlineSeconds at this value (math.MaxInt32) means "no deadline". */
export const NO_PROGRESS_DEADLINE = 2_147_483_647;

/**
 * Kubernetes' DeploymentComplete: every desired pod is updated, no old pods
 * remain, all are available, and the controller has seen the latest
 * generation.
 */
export function deploymentComplete(desiredReplicas: number, generation: number, status: DeploymentStatusCounts): boolean {
  return (
    status.updatedReplicas === desiredReplicas &&
    status.replicas === desiredReplicas &&
    status.availableReplicas === desiredReplicas &&
    (status.observedGeneration ?? 0) >= generation
  );
}

/**
 * Kubernetes' DeploymentProgressing: between two statuses, more updated pods,
 * fewer old pods, more ready pods or more available pods count as progress.
 */
export function deploymentProgressing(previous: DeploymentStatusCounts, next: DeploymentStatusCounts): boolean {
  const oldBefore = previous.replicas - previous.updatedReplicas;
  const oldAfter = next.replicas - next.updatedReplicas;
  return (
    next.updatedReplicas > previous.updatedReplicas ||
    oldAfter < oldBefore ||
    (next.readyReplicas ?? 0) > (previous.readyReplicas ?? 0) ||
    next.availableReplicas > previous.availableReplicas
  );
}

/**
 * Kubernetes' DeploymentTimedOut, with the clock passed in: true once `now` is
 * strictly after the last progress update plus progressDeadlineSeconds. A
 * missing or infinite deadline, a missing condition, or a completed rollout
 * never times out; a condition already marked timed out stays so.
 */
export function deploymentTimedOut(progressDeadlineSeconds: number | undefined, condition: ProgressingCondition | undefined, now: Micros): boolean {
  if (progressDeadlineSeconds === undefined || progressDeadlineSeconds === NO_PROGRESS_DEADLINE) return false;
  if (condition === undefined || condition.reason === NEW_RS_AVAILABLE_REASON) return false;
  if (condition.reason === TIMED_OUT_REASON) return true;
  return now > condition.lastUpdateTime + progressDeadlineSeconds * SECOND;
}
