/** How big each version of a canary rollout should be: the replica counts the controller scales toward. */
import type { Micros } from '../../lib/time.js';
import { abortScaleDownDelay } from '../../lib/rollout/abort.js';
import { basicCanaryReplicaCounts } from '../../lib/rollout/basic-canary.js';
import type { CanaryRollout, TrafficWeights } from '../../lib/rollout/canary-spec.js';
import { scaleDownDelay } from '../../lib/rollout/scale-down-delay.js';
import { trafficRoutedCanaryReplicaCounts } from '../../lib/rollout/traffic-routed-canary.js';
import type { CanaryControllerOptions } from './canary-options.js';
import { emptySet, type VersionCounts } from './version-sets.js';

/** A service's version sets in the roles the canary math gives them. */
export interface CanarySets {
  /** The version being rolled out (empty when it has no instances yet). */
  readonly canary: VersionCounts;
  /** The stable version; undefined on a first deploy, the canary itself once it is stable. */
  readonly stable: VersionCounts | undefined;
  /** Every other version: these scale to zero. */
  readonly others: VersionCounts[];
}

/** The canary, stable and other sets of `sets`, for rolling `version` out over `stable` ("" when there is none). */
export function canarySets(sets: ReadonlyMap<string, VersionCounts>, version: string, stable: string): CanarySets {
  const canary = sets.get(version) ?? emptySet(version);
  const stableSet = stable === '' ? undefined : stable === version ? canary : (sets.get(stable) ?? emptySet(stable));
  const others = [...sets.values()].filter((s) => s.name !== version && s.name !== stable);
  return { canary, stable: stableSet, others };
}

/** How long the old stable keeps its instances after promotion. */
export function oldStableDelay(o: CanaryControllerOptions): Micros {
  return scaleDownDelay({
    strategy: 'canary',
    trafficRouting: o.trafficRouting,
    ...(o.scaleDownDelaySeconds !== undefined ? { scaleDownDelaySeconds: o.scaleDownDelaySeconds } : {}),
  });
}

/** Where the rollout stands, as far as sizing it goes. */
export interface CanarySizingState {
  /** The Rollout (spec and status) the math reads. */
  readonly rollout: CanaryRollout;
  /** The weights last set (traffic routing only). */
  readonly weights: TrafficWeights | undefined;
  /** When the canary was promoted to stable, if it was. */
  readonly promotedAt: Micros | undefined;
  /** The stable version the promotion replaced, if any; it scales down after oldStableDelay. */
  readonly oldStable: string | undefined;
  /** When the rollout was aborted, if it was. */
  readonly abortedAt: Micros | undefined;
}

/**
 * The replica count each version should have now, by version: after
 * promotion, the canary at full size and the others at zero (the old stable
 * once its delay passes); before, Argo's basic or traffic-routed split, an
 * aborted traffic-routed canary keeping its instances until its
 * abortScaleDownDelay passes.
 */
export function canaryReplicaTargets(o: CanaryControllerOptions, state: CanarySizingState, split: CanarySets, now: Micros): Map<string, number> {
  const spec = state.rollout.spec;
  const replicas = spec.replicas!;
  const targets = new Map<string, number>();
  const { canary, stable, others } = split;
  if (state.promotedAt !== undefined) {
    targets.set(o.version, replicas);
    for (const s of others) {
      const waits = s.name === state.oldStable && now < state.promotedAt + oldStableDelay(o);
      if (!waits) targets.set(s.name, 0);
    }
  } else {
    const counts = o.trafficRouting
      ? trafficRoutedCanaryReplicaCounts(state.rollout, state.weights)
      : basicCanaryReplicaCounts(state.rollout, canary, stable, others);
    let canaryCount = counts.canary;
    if (state.rollout.status.abort && o.trafficRouting) {
      const delay = abortScaleDownDelay(spec);
      if (delay === undefined || now < state.abortedAt! + delay) canaryCount = Math.max(canary.replicas, counts.canary);
    }
    targets.set(o.version, canaryCount);
    if (stable !== undefined && stable !== canary) targets.set(stable.name, counts.stable);
    for (const s of others) targets.set(s.name, 0);
  }
  return targets;
}
