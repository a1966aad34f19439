/**
 * The per-HPA memory the controller keeps between syncs: unstabilized
 * recommendations and past scale events. Functions here return new arrays and
 * never mutate their inputs.
 */
import { SECOND, type Micros } from '../time.js';
import type { ResolvedScalingRules, ScalingRules } from './behavior.js';
import { checkArray, checkInstant, checkNonNegative, checkObject, checkReplicas } from './argument-checks.js';

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

/** Inputs of `recordInitialRecommendation`. */
export interface InitialRecommendationInput {
  /** The HPA's recommendations so far; `undefined` when it has never been synced. */
  readonly recommendations: readonly TimestampedRecommendation[] | undefined;
  /** The scale target's `spec.replicas`. */
  readonly currentReplicas: number;
  /** Current instant. */
  readonly now: Micros;
}

/**
 * Upstream `recordInitialRecommendation`: an HPA seen for the first time starts
 * with the current replica count as its only recommendation, so a first sync
 * can never scale down inside the stabilization window.
 */
export function recordInitialRecommendation(input: InitialRecommendationInput): readonly TimestampedRecommendation[] {
  const fn = 'recordInitialRecommendation';
  checkObject(fn, 'input', input, 'recommendations, currentReplicas, now');
  const { recommendations, currentReplicas, now } = input;
  if (recommendations !== undefined) checkArray(fn, 'recommendations', recommendations);
  checkReplicas(fn, 'currentReplicas', currentReplicas);
  checkInstant(fn, 'now', now);
  return recommendations ?? [{ recommendation: currentReplicas, timestamp: now }];
}

/** Inputs of `replicasChangeInPeriod` (upstream `getReplicasChangePerPeriod`'s parameters, and the instant it reads from the clock). */
export interface ReplicasChangeInput {
  /** Length of the period, seconds (a policy's `periodSeconds`). */
  readonly periodSeconds: number;
  /** Scale events of one direction. */
  readonly scaleEvents: readonly ScaleEvent[];
  /** Current instant. */
  readonly now: Micros;
}

/**
 * Sum of the replica changes strictly newer than `now - periodSeconds`
 * (upstream `getReplicasChangePerPeriod`).
 */
export function replicasChangeInPeriod(input: ReplicasChangeInput): number {
  const fn = 'replicasChangeInPeriod';
  checkObject(fn, 'input', input, 'periodSeconds, scaleEvents, now');
  const { periodSeconds, scaleEvents, now } = input;
  checkNonNegative(fn, 'periodSeconds', periodSeconds);
  checkArray(fn, 'scaleEvents', scaleEvents);
  checkInstant(fn, 'now', now);
  const cutoff = now - periodSeconds * SECOND;
  let sum = 0;
  for (const e of scaleEvents) if (e.timestamp > cutoff) sum += e.replicaChange;
  return sum;
}

/** Longest `periodSeconds` of a rules object's policies, in seconds; 0 when it has none (upstream `getLongestPolicyPeriod`). */
export function longestPolicyPeriodSeconds(rules: ScalingRules | ResolvedScalingRules | undefined): number {
  if (rules !== undefined) {
    checkObject('longestPolicyPeriodSeconds', 'rules', rules, 'policies?, ...');
    if (rules.policies !== undefined) checkArray('longestPolicyPeriodSeconds', 'rules.policies', rules.policies);
  }
  let longest = 0;
  for (const p of rules?.policies ?? []) if (p.periodSeconds > longest) longest = p.periodSeconds;
  return longest;
}

/** Inputs of `storeScaleEvent` (upstream's parameters, the history and the instant made explicit). */
export interface StoreScaleEventInput {
  /** History kept so far. */
  readonly history: HpaHistory;
  /** `spec.behavior`; without it nothing is stored. */
  readonly behavior: { readonly scaleUp?: ScalingRules; readonly scaleDown?: ScalingRules } | undefined;
  /** Replicas before the rescale. */
  readonly prevReplicas: number;
  /** Replicas after the rescale. */
  readonly newReplicas: number;
  /** When the rescale happened. */
  readonly now: Micros;
}

/**
 * Upstream `storeScaleEvent`: after a rescale from `prevReplicas` to
 * `newReplicas`, marks events older than the longest policy period of that
 * direction as outdated, then writes the new event over the last outdated slot,
 * or appends it. Without `behavior` nothing is stored. Returns the new history.
 */
export function storeScaleEvent(input: StoreScaleEventInput): HpaHistory {
  const fn = 'storeScaleEvent';
  checkObject(fn, 'input', input, 'history, behavior, prevReplicas, newReplicas, now');
  const { history, behavior, prevReplicas, newReplicas, now } = input;
  checkObject(fn, 'history', history, 'recommendations, scaleUpEvents, scaleDownEvents');
  checkArray(fn, 'history.scaleUpEvents', history.scaleUpEvents);
  checkArray(fn, 'history.scaleDownEvents', history.scaleDownEvents);
  if (behavior !== undefined) checkObject(fn, 'behavior', behavior, 'scaleUp?, scaleDown?');
  checkReplicas(fn, 'prevReplicas', prevReplicas);
  checkReplicas(fn, 'newReplicas', newReplicas);
  checkInstant(fn, 'now', now);
  if (behavior === undefined) return history;
  const up = newReplicas > prevReplicas;
  const rules = up ? behavior.scaleUp : behavior.scaleDown;
  const events = up ? history.scaleUpEvents : history.scaleDownEvents;
  const cutoff = now - longestPolicyPeriodSeconds(rules) * SECOND;
  const marked = events.map((e) => (e.timestamp < cutoff && !e.outdated ? { ...e, outdated: true } : e));
  let slot = -1;
  marked.forEach((e, i) => {
    if (e.outdated) slot = i;
  });
  const fresh: ScaleEvent = { replicaChange: Math.abs(newReplicas - prevReplicas), timestamp: now, outdated: false };
  const next = slot >= 0 ? marked.map((e, i) => (i === slot ? fresh : e)) : [...marked, fresh];
  return up ? { ...history, scaleUpEvents: next } : { ...history, scaleDownEvents: next };
}
