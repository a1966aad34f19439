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
import { checkArray, checkInstant, checkObject, checkRateRules, checkReplicas } from './argument-checks.js';

const MIN_INT32 = -2147483648;

/** Rules as needed by the rate limits: a select policy and policies. */
export type RateRules =
  | Pick<ResolvedScalingRules, 'selectPolicy' | 'policies'>
  | (ScalingRules & { readonly selectPolicy: SelectPolicy; readonly policies: readonly ScalingPolicy[] });

/** Inputs of `scaleUpLimit` and `scaleDownLimit` (upstream `calculateScale{Up,Down}LimitWithScalingRules`'s parameters). */
export interface ScaleLimitInput {
  /** The scale target's `spec.replicas`. */
  readonly currentReplicas: number;
  /** Past scale-ups. */
  readonly scaleUpEvents: readonly ScaleEvent[];
  /** Past scale-downs. */
  readonly scaleDownEvents: readonly ScaleEvent[];
  /** The rules of the direction being limited. */
  readonly scalingRules: RateRules;
  /** Current instant (upstream reads the clock). */
  readonly now: Micros;
}

function checkScaleLimitInput(fn: string, input: ScaleLimitInput): void {
  checkObject(fn, 'input', input, 'currentReplicas, scaleUpEvents, scaleDownEvents, scalingRules, now');
  checkReplicas(fn, 'currentReplicas', input.currentReplicas);
  checkArray(fn, 'scaleUpEvents', input.scaleUpEvents);
  checkArray(fn, 'scaleDownEvents', input.scaleDownEvents);
  checkRateRules(fn, 'scalingRules', input.scalingRules);
  checkInstant(fn, 'now', input.now);
}

/**
 * Replicas at the start of a policy's period: current minus the scale-ups plus
 * the scale-downs that happened strictly within the period.
 */
function periodStartReplicas(input: ScaleLimitInput, periodSeconds: number): number {
  const { scaleUpEvents, scaleDownEvents, now } = input;
  return (
    input.currentReplicas -
    replicasChangeInPeriod({ periodSeconds, scaleEvents: scaleUpEvents, now }) +
    replicasChangeInPeriod({ periodSeconds, scaleEvents: scaleDownEvents, now })
  );
}

/**
 * Highest replica count the scale-up policies allow now. Pods: start + value.
 * Percent: ceil(start x (1 + value/100)), rounded up so a small workload can
 * always grow. `Max` picks the most permissive policy, `Min` the strictest,
 * `Disabled` returns the current count.
 */
export function scaleUpLimit(input: ScaleLimitInput): number {
  checkScaleLimitInput('scaleUpLimit', input);
  const rules = input.scalingRules;
  if (rules.selectPolicy === 'Disabled') return input.currentReplicas;
  const pickMin = rules.selectPolicy === 'Min';
  let result = pickMin ? MAX_INT32 : MIN_INT32;
  for (const p of rules.policies) {
    const start = periodStartReplicas(input, p.periodSeconds);
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
export function scaleDownLimit(input: ScaleLimitInput): number {
  checkScaleLimitInput('scaleDownLimit', input);
  const rules = input.scalingRules;
  if (rules.selectPolicy === 'Disabled') return input.currentReplicas;
  const pickMin = rules.selectPolicy === 'Min';
  let result = pickMin ? MIN_INT32 : MAX_INT32;
  for (const p of rules.policies) {
    const start = periodStartReplicas(input, p.periodSeconds);
    const proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
    result = pickMin ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

/** Inputs of the rate-limit and clamp step (upstream `NormalizationArg`'s fields that it reads). */
export interface RateLimitInput {
  /** The scale target's `spec.replicas`. */
  readonly currentReplicas: number;
  /** Stabilized recommendation. */
  readonly desiredReplicas: number;
  /** `spec.minReplicas`. */
  readonly minReplicas: number;
  /** `spec.maxReplicas`. */
  readonly maxReplicas: number;
  /** Resolved scale-up rules (`spec.behavior.scaleUp`). */
  readonly scaleUpBehavior: RateRules;
  /** Resolved scale-down rules (`spec.behavior.scaleDown`). */
  readonly scaleDownBehavior: RateRules;
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
  const fn = 'applyRateLimits';
  checkObject(
    fn,
    'input',
    input,
    'currentReplicas, desiredReplicas, minReplicas, maxReplicas, scaleUpBehavior, scaleDownBehavior, scaleUpEvents, scaleDownEvents, now',
  );
  const { currentReplicas, desiredReplicas, scaleUpEvents, scaleDownEvents, now } = input;
  checkReplicas(fn, 'currentReplicas', currentReplicas);
  checkReplicas(fn, 'desiredReplicas', desiredReplicas);
  checkReplicas(fn, 'minReplicas', input.minReplicas);
  checkReplicas(fn, 'maxReplicas', input.maxReplicas);
  checkRateRules(fn, 'scaleUpBehavior', input.scaleUpBehavior);
  checkRateRules(fn, 'scaleDownBehavior', input.scaleDownBehavior);
  checkArray(fn, 'scaleUpEvents', scaleUpEvents);
  checkArray(fn, 'scaleDownEvents', scaleDownEvents);
  checkInstant(fn, 'now', now);
  if (desiredReplicas > currentReplicas) {
    let limit = scaleUpLimit({ currentReplicas, scaleUpEvents, scaleDownEvents, scalingRules: input.scaleUpBehavior, now });
    if (limit < currentReplicas) limit = currentReplicas;
    const capByRate = input.maxReplicas > limit;
    const maximumAllowed = capByRate ? limit : input.maxReplicas;
    if (desiredReplicas > maximumAllowed) {
      return { replicas: maximumAllowed, reason: capByRate ? 'ScaleUpLimit' : 'TooManyReplicas' };
    }
  } else if (desiredReplicas < currentReplicas) {
    let limit = scaleDownLimit({ currentReplicas, scaleUpEvents, scaleDownEvents, scalingRules: input.scaleDownBehavior, now });
    if (limit > currentReplicas) limit = currentReplicas;
    const floorByRate = input.minReplicas < limit;
    const minimumAllowed = floorByRate ? limit : input.minReplicas;
    if (desiredReplicas < minimumAllowed) {
      return { replicas: minimumAllowed, reason: floorByRate ? 'ScaleDownLimit' : 'TooFewReplicas' };
    }
  }
  return { replicas: desiredReplicas, reason: 'DesiredWithinRange' };
}
