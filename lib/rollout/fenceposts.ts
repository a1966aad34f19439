import { scaleIntOrPercent, type IntOrPercent, type PercentSyntax } from './int-or-percent.js';

/** The resolved rolling-update bounds, in replicas. */
export interface Fenceposts {
  /** Replicas allowed above the desired count while rolling. */
  readonly maxSurge: number;
  /** Replicas allowed below the desired count while rolling. */
  readonly maxUnavailable: number;
}

/**
 * Kubernetes' ResolveFenceposts: maxSurge is rounded up and maxUnavailable
 * rounded down against `desired`; an absent value counts as 0. If both come
 * out 0, maxUnavailable becomes 1 so the rollout can still make progress (the
 * API forbids 0/0, but rounding down a small percentage can produce it).
 * Throws RolloutSpecError for a malformed value.
 */
export function resolveFenceposts(
  maxSurge: IntOrPercent | undefined,
  maxUnavailable: IntOrPercent | undefined,
  desired: number,
  syntax: PercentSyntax = 'strict',
): Fenceposts {
  const surge = scaleIntOrPercent(maxSurge ?? 0, desired, 'up', 'maxSurge', syntax);
  const unavailable = scaleIntOrPercent(maxUnavailable ?? 0, desired, 'down', 'maxUnavailable', syntax);
  if (surge === 0 && unavailable === 0) return { maxSurge: 0, maxUnavailable: 1 };
  return { maxSurge: surge, maxUnavailable: unavailable };
}
