import { deploymentMaxSurge } from './deployment-limits.js';
import type { DeploymentSpec } from './deployment-spec.js';

/** What proportional scaling reads about one ReplicaSet. */
export interface ProportionalReplicaSet {
  /** Its spec.replicas. */
  readonly replicas: number;
  /**
   * Its deployment.kubernetes.io/max-replicas annotation: the Deployment's
   * replicas + maxSurge when this set was last sized. Absent, or 0 (as a
   * third party may leave it), means unknown.
   */
  readonly maxReplicasAnnotation?: number;
}

/**
 * Kubernetes' getReplicaSetFraction: how many replicas to add (negative:
 * remove) from one ReplicaSet when a Deployment is resized mid-rollout, so
 * each set keeps its share. Scaling to zero removes the whole set. The share
 * is replicas * (new replicas + maxSurge) / max-replicas annotation, rounded
 * half away from zero; without a usable annotation the Deployment's current
 * status.replicas stands in, and if that is 0 too nothing moves.
 */
export function replicaSetFraction(rs: ProportionalReplicaSet, deployment: DeploymentSpec, deploymentStatusReplicas: number): number {
  if (deployment.replicas === 0) return -rs.replicas;
  const target = deployment.replicas + deploymentMaxSurge(deployment);
  const annotated = rs.maxReplicasAnnotation !== undefined && rs.maxReplicasAnnotation > 0 ? rs.maxReplicasAnnotation : deploymentStatusReplicas;
  if (annotated === 0) return 0;
  // The quotient is never negative, so Math.round matches Go's half-away-from-zero math.Round.
  return Math.round((rs.replicas * target) / annotated) - rs.replicas;
}

/**
 * Kubernetes' GetProportion: replicaSetFraction capped by what is still left
 * to hand out (`toAdd - added`), and 0 for an empty set or nothing to do.
 */
export function replicaSetProportion(
  rs: ProportionalReplicaSet | undefined,
  deployment: DeploymentSpec,
  deploymentStatusReplicas: number,
  toAdd: number,
  added: number,
): number {
  if (rs === undefined || rs.replicas === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, deployment, deploymentStatusReplicas);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}
