/** A canary/stable replica split. */
export interface CanaryStableCounts {
  /** Replicas for the canary (new) ReplicaSet. */
  readonly canary: number;
  /** Replicas for the stable ReplicaSet. */
  readonly stable: number;
}

interface Candidate {
  readonly canary: number;
  readonly total: number;
}

/**
 * Argo's approximateWeightedCanaryStableReplicaCounts: the canary/stable split
 * whose canary share is closest to `weight` out of `maxWeight` (percent by
 * default; Argo Rollouts 1.7's maxTrafficWeight). Candidates round the
 * canary count up or down over spec.replicas pods, and, when maxSurge > 0,
 * over spec.replicas + 1 pods. For weights 1..99 neither side drops to zero
 * unless there is a single replica and no surge. When floor and ceiling are
 * exactly equidistant the larger canary wins; among equally close candidates
 * the earliest listed wins.
 *
 * Floating-point steps follow upstream's float64 arithmetic on purpose, so the
 * same (rare) near-ties break the same way.
 */
export function approximateCanaryStableSplit(replicas: number, weight: number, maxSurge: number, maxWeight = 100): CanaryStableCounts {
  if (replicas === 0) return { canary: 0, stable: 0 };
  const ceil = Math.ceil((replicas * weight) / maxWeight);
  const floor = Math.floor((replicas * weight) / maxWeight);
  const zeroAllowed = weight === maxWeight || weight === 0 || (replicas === 1 && maxSurge === 0);

  const candidates: Candidate[] = [];
  if (ceil < replicas || zeroAllowed) candidates.push({ canary: ceil, total: replicas });
  if (!floorCeilingTied(weight, maxWeight, replicas) && (floor !== 0 || zeroAllowed)) candidates.push({ canary: floor, total: replicas });
  if (maxSurge > 0) {
    candidates.push({ canary: ceil, total: replicas + 1 });
    if (!floorCeilingTied(weight, maxWeight, replicas + 1) && (floor !== 0 || zeroAllowed)) {
      candidates.push({ canary: floor, total: replicas + 1 });
    }
  }

  const first = candidates[0];
  if (first === undefined) return { canary: 0, stable: replicas };
  let best = first;
  let bestDelta = weightDelta(weight, maxWeight, best);
  for (const candidate of candidates.slice(1)) {
    const delta = weightDelta(weight, maxWeight, candidate);
    if (delta < bestDelta) {
      best = candidate;
      bestDelta = delta;
    }
  }
  return { canary: best.canary, stable: best.total - best.canary };
}

function floorCeilingTied(weight: number, maxWeight: number, total: number): boolean {
  const share = total * (weight / maxWeight);
  return share - Math.trunc(share) === 0.5;
}

function weightDelta(weight: number, maxWeight: number, candidate: Candidate): number {
  return Math.abs((candidate.canary * maxWeight) / candidate.total - weight);
}
