/**
 * The per-HPA memory the controller keeps between syncs: unstabilized
 * recommendations and past scale events. Functions here return new arrays and
 * never mutate their inputs.
 */
import { SECOND, type Micros } from '../time.js';
import type { ResolvedScalingRules, ScalingRules } from './behavior.js';

/** One unstabilized recommendation and when it was made. */
export interface TimestampedRecommendation {
  /** Replicas recommended by the metrics, before stabilization and limits. */
  readonly recommendation: number;
  /** When it was recorded. */
  readonly timestamp: Micros;
}

/** One past rescale in one direction. */
export interface ScaleEvent {
  /** Absolute number of replicas added (scale-up list) or removed (scale-down list). */
  readonly replicaChange: number;
  /** When the rescale happened. */
  readonly timestamp: Micros;
  /** True once older than the longest policy period; the slot may then be reused. */
  readonly outdated: boolean;
}

/** Everything the controller remembers about one HPA. */
export interface HpaHistory {
  /**
   * Recommendations; `undefined` means the HPA has never been synced, in which
   * case the first sync seeds it with the current replica count.
   */
  readonly recommendations: readonly TimestampedRecommendation[] | undefined;
  /** Scale-ups, kept only for HPAs with `behavior`. */
  readonly scaleUpEvents: readonly ScaleEvent[];
  /** Scale-downs, kept only for HPAs with `behavior`. */
  readonly scaleDownEvents: readonly ScaleEvent[];
}

/** History of an HPA never synced before. */
export const EMPTY_HPA_HISTORY: HpaHistory = { recommendations: undefined, scaleUpEvents: [], scaleDownEvents: [] };

/**
 * Upstream `recordInitialRecommendation`: an HPA seen for the first time starts
 * with the current replica count as its only recommendation, so a first sync
 * can never scale down inside the stabilization window.
 */
export function recordInitialRecommendation(
  recommendations: readonly TimestampedRecommendation[] | undefined,
  currentReplicas: number,
  now: Micros,
): readonly TimestampedRecommendation[] {
  return recommendations ?? [{ recommendation: currentReplicas, timestamp: now }];
}

/**
 * Sum of the replica changes strictly newer than `now - periodSeconds`
 * (upstream `getReplicasChangePerPeriod`).
 */
export function replicasChangeInPeriod(events: readonly ScaleEvent[], periodSeconds: number, now: Micros): number {
  const cutoff = now - periodSeconds * SECOND;
  let sum = 0;
  for (const e of events) if (e.timestamp > cutoff) sum += e.replicaChange;
  return sum;
}

/** Longest policy period of a rules object, 0 when it has none. */
export function longestPolicyPeriod(rules: ScalingRules | ResolvedScalingRules | undefined): number {
  let longest = 0;
  for (const p of rules?.policies ?? []) if (p.periodSeconds > longest) longest = p.periodSeconds;
  return longest;
}

/**
 * Upstream `storeScaleEvent`: after a rescale from `prevReplicas` to
 * `newReplicas`, marks events older than the longest policy period of that
 * direction as outdated, then writes the new event over the last outdated slot,
 * or appends it. Without `behavior` nothing is stored. Returns the new history.
 */
export function storeScaleEvent(
  history: HpaHistory,
  behavior: { readonly scaleUp?: ScalingRules; readonly scaleDown?: ScalingRules } | undefined,
  prevReplicas: number,
  newReplicas: number,
  now: Micros,
): HpaHistory {
  if (behavior === undefined) return history;
  const up = newReplicas > prevReplicas;
  const rules = up ? behavior.scaleUp : behavior.scaleDown;
  const events = up ? history.scaleUpEvents : history.scaleDownEvents;
  const cutoff = now - longestPolicyPeriod(rules) * SECOND;
  const marked = events.map((e) => (e.timestamp < cutoff && !e.outdated ? { ...e, outdated: true } : e));
  let slot = -1;
  marked.forEach((e, i) => {
    if (e.outdated) slot = i;
  });
  const fresh: ScaleEvent = { replicaChange: Math.abs(newReplicas - prevReplicas), timestamp: now, outdated: false };
  const next = slot >= 0 ? marked.map((e, i) => (i === slot ? fresh : e)) : [...marked, fresh];
  return up ? { ...history, scaleUpEvents: next } : { ...history, scaleDownEvents: next };
}
