import type { IntOrPercent } from './int-or-percent.js';

/** How a Deployment replaces its pods: gradually, or all at once. */
export type DeploymentStrategyType = 'RollingUpdate' | 'Recreate';

/** The parts of a Kubernetes Deployment spec that drive rollout math. */
export interface DeploymentSpec {
  /** Desired number of pods (spec.replicas). */
  readonly replicas: number;
  /** Replacement strategy (spec.strategy.type). */
  readonly strategy: DeploymentStrategyType;
  /** spec.strategy.rollingUpdate.maxSurge; absent counts as 0 once defaults are applied by the API. */
  readonly maxSurge?: IntOrPercent;
  /** spec.strategy.rollingUpdate.maxUnavailable; absent counts as 0 once defaults are applied by the API. */
  readonly maxUnavailable?: IntOrPercent;
}

/** A Deployment spec as a user writes it: everything may be left out. */
export type DeploymentSpecInput = Partial<DeploymentSpec>;

/** The API server's default maxSurge for a RollingUpdate Deployment. */
export const DEFAULT_DEPLOYMENT_MAX_SURGE: IntOrPercent = '25%';
/** The API server's default maxUnavailable for a RollingUpdate Deployment. */
export const DEFAULT_DEPLOYMENT_MAX_UNAVAILABLE: IntOrPercent = '25%';

/**
 * Applies apps/v1 defaulting: 1 replica, RollingUpdate, and for RollingUpdate
 * 25% surge and 25% unavailable wherever the user left them out. Recreate
 * Deployments get no fenceposts.
 */
export function applyDeploymentDefaults(input: DeploymentSpecInput): DeploymentSpec {
  const strategy = input.strategy ?? 'RollingUpdate';
  const replicas = input.replicas ?? 1;
  if (strategy === 'Recreate') return { replicas, strategy };
  return {
    replicas,
    strategy,
    maxSurge: input.maxSurge ?? DEFAULT_DEPLOYMENT_MAX_SURGE,
    maxUnavailable: input.maxUnavailable ?? DEFAULT_DEPLOYMENT_MAX_UNAVAILABLE,
  };
}
