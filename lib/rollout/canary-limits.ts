import { rolloutReplicas, DEFAULT_ROLLOUT_MAX_SURGE, DEFAULT_ROLLOUT_MAX_UNAVAILABLE, type CanarySpec } from './canary-spec.js';
import { resolveFenceposts } from './fenceposts.js';

/**
 * Argo's MaxSurge for a canary: Kubernetes' fencepost rules with Argo's "25"
 * defaults and lenient percent parsing ("25" means 25%).
 */
export function canaryMaxSurge(spec: CanarySpec): number {
  return resolveCanaryFenceposts(spec).maxSurge;
}

/**
 * Argo's MaxUnavailable for a canary: as canaryMaxSurge, never more than
 * spec.replicas, and 0 when the rollout is scaled to zero.
 */
export function canaryMaxUnavailable(spec: CanarySpec): number {
  const replicas = rolloutReplicas(spec);
  if (replicas === 0) return 0;
  return Math.min(resolveCanaryFenceposts(spec).maxUnavailable, replicas);
}

function resolveCanaryFenceposts(spec: CanarySpec) {
  return resolveFenceposts(
    spec.maxSurge ?? DEFAULT_ROLLOUT_MAX_SURGE,
    spec.maxUnavailable ?? DEFAULT_ROLLOUT_MAX_UNAVAILABLE,
    rolloutReplicas(spec),
    'lenient',
  );
}
