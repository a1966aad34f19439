import type { DeploymentSpec } from './deployment-spec.js';
import { resolveFenceposts } from './fenceposts.js';

/**
 * Kubernetes' MaxSurge: the resolved surge of a RollingUpdate Deployment, and 0
 * for any other strategy.
 */
export function deploymentMaxSurge(deployment: DeploymentSpec): number {
  if (deployment.strategy !== 'RollingUpdate') return 0;
  return resolveFenceposts(deployment.maxSurge, deployment.maxUnavailable, deployment.replicas).maxSurge;
}

/**
 * Kubernetes' MaxUnavailable: the resolved unavailability of a RollingUpdate
 * Deployment, never more than its replicas; 0 for other strategies and for a
 * Deployment scaled to zero.
 */
export function deploymentMaxUnavailable(deployment: DeploymentSpec): number {
  if (deployment.strategy !== 'RollingUpdate' || deployment.replicas === 0) return 0;
  const { maxUnavailable } = resolveFenceposts(deployment.maxSurge, deployment.maxUnavailable, deployment.replicas);
  return Math.min(maxUnavailable, deployment.replicas);
}

/**
 * Kubernetes' MinAvailable: replicas minus maxUnavailable for a RollingUpdate
 * Deployment, 0 for other strategies.
 */
export function deploymentMinAvailable(deployment: DeploymentSpec): number {
  if (deployment.strategy !== 'RollingUpdate') return 0;
  return deployment.replicas - deploymentMaxUnavailable(deployment);
}
