/**
 * Rate limits of the `behavior` path: Pods and Percent policies over sliding
 * periods counted from the scale-event history, combined by selectPolicy, then
 * min/max clamping (upstream `convertDesiredReplicasWithBehaviorRate`).
 */
import type { Micros } from '../time.js';
import type { ResolvedScalingRules, ScalingRules, SelectPolicy, ScalingPolicy } from './behavior.js';
import { replicasChangeInPeriod, type ScaleEvent } from './scale-history.js';
import type { LimitedReplicas } from './normalization-result.js';
import { MAX_INT32 } from './replica-result.js';

const MIN_INT32 = -2147483648;

/** Rules as needed by the rate limits: a select policy and policies. */
type RateRules =
  | Pick<ResolvedScalingRules, 'selectPolicy' | 'policies'>
  | (ScalingRules & { readonly selectPolicy: SelectPolicy; readonly policies: readonly ScalingPolicy[] });

/**
 * Replicas at the start of a policy's period: current minus the scale-ups plus
 * the scale-downs that happened strictly within the period.
 */
function periodStartReplicas(
  currentReplicas: number,
  periodSeconds: number,
  scaleUpEvents: readonly ScaleEvent[],
  scaleDownEvents: readonly ScaleEvent[],
  now: Micros,
): number {
  return currentReplicas - replicasChangeInPeriod(scaleUpEvents, periodSeconds, now) + replicasChangeInPeriod(scaleDownEvents, periodSeconds, now);
}

/**
 * Highest replica count the scale-up policies allow now. Pods: start + value.
 * Percent: ceil(start x (1 + value/100)), rounded up so a small workload can
 * always grow. `Max` picks the most permissive policy, `Min` the strictest,
 * `Disabled` returns the current count.
 */
export function scaleUpLimit(
  currentReplicas: number,
  scaleUpEvents: readonly ScaleEvent[],
  scaleDownEvents: readonly ScaleEvent[],
  rules: RateRules,
  now: Micros,
): number {
  if (rules.selectPolicy === 'Disabled') return currentReplicas;
  const pickMin = rules.selectPolicy === 'Min';
  let result = pickMin ? MAX_INT32 : MIN_INT32;
  for (const p of rules.policies) {
    const start = periodStartReplicas(currentReplicas, p.periodSeconds, scaleUpEvents, scaleDownEvents, now);
    const proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    result = pickMin ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

/**
 * Lowest replica count the scale-down policies allow now. Pods: start - value.
 * Percent: trunc(start x (1 - value/100)), truncated (so rounding favours
 * removing more pods). `Max` picks the largest change (lowest count), `Min` the
 * smallest, `Disabled` returns the current count.
 */
export function scaleDownLimit(
  currentReplicas: number,
  scaleUpEvents: readonly ScaleEvent[],
  scaleDownEvents: readonly ScaleEvent[],
  rules: RateRules,
  now: Micros,
): number {
  if (rules.selectPolicy === 'Disabled') return currentReplicas;
  const pickMin = rules.selectPolicy === 'Min';
  let result = pickMin ? MIN_INT32 : MAX_INT32;
  for (const p of rules.policies) {
    const start = periodStartReplicas(currentReplicas, p.periodSeconds, scaleUpEvents, scaleDownEvents, now);
    const proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
    result = pickMin ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

/** Inputs of the rate-limit and clamp step. */
export interface RateLimitInput {
  /** The scale target's `spec.replicas`. */
  readonly currentReplicas: number;
  /** Stabilized recommendation. */
  readonly desiredReplicas: number;
  /** `spec.minReplicas`. */
  readonly minReplicas: number;
  /** `spec.maxReplicas`. */
  readonly maxReplicas: number;
  /** Resolved scale-up rules. */
  readonly scaleUp: RateRules;
  /** Resolved scale-down rules. */
  readonly scaleDown: RateRules;
  /** Past scale-ups. */
  readonly scaleUpEvents: readonly ScaleEvent[];
  /** Past scale-downs. */
  readonly scaleDownEvents: readonly ScaleEvent[];
  /** Current instant. */
  readonly now: Micros;
}

/**
 * Applies the rate limits and min/max. A limit on the wrong side of the current
 * count (history already used the budget) pins the result to the current count.
 * Note the asymmetry kept from upstream: when scaling up, only maxReplicas is
 * checked (not minReplicas), and when scaling down only minReplicas.
 */
export function applyRateLimits(input: RateLimitInput): LimitedReplicas {
  const { currentReplicas, desiredReplicas } = input;
  if (desiredReplicas > currentReplicas) {
    let limit = scaleUpLimit(currentReplicas, input.scaleUpEvents, input.scaleDownEvents, input.scaleUp, input.now);
    if (limit < currentReplicas) limit = currentReplicas;
    const capByRate = input.maxReplicas > limit;
    const maximumAllowed = capByRate ? limit : input.maxReplicas;
    if (desiredReplicas > maximumAllowed) {
      return { replicas: maximumAllowed, reason: capByRate ? 'ScaleUpLimit' : 'TooManyReplicas' };
    }
  } else if (desiredReplicas < currentReplicas) {
    let limit = scaleDownLimit(currentReplicas, input.scaleUpEvents, input.scaleDownEvents, input.scaleDown, input.now);
    if (limit > currentReplicas) limit = currentReplicas;
    const floorByRate = input.minReplicas < limit;
    const minimumAllowed = floorByRate ? limit : input.minReplicas;
    if (desiredReplicas < minimumAllowed) {
      return { replicas: minimumAllowed, reason: floorByRate ? 'ScaleDownLimit' : 'TooFewReplicas' };
    }
  }
  return { replicas: desiredReplicas, reason: 'DesiredWithinRange' };
}
