/**
 * The dead band around a usage ratio of 1.0 inside which the HPA keeps the
 * current replica count.
 */
import { checkNonNegative, checkObject, checkRatio, checkTolerances } from './argument-checks.js';

/** Per-direction tolerances on the usage ratio (current / target). */
export interface Tolerances {
  /** Fraction below 1.0 that is still "on target": ratios >= 1 - scaleDown do not scale down. */
  readonly scaleDown: number;
  /** Fraction above 1.0 that is still "on target": ratios <= 1 + scaleUp do not scale up. */
  readonly scaleUp: number;
}

/** The controller-wide default (`--horizontal-pod-autoscaler-tolerance`), 10% in both directions. */
export const DEFAULT_TOLERANCE = 0.1;

/** Builds symmetric tolerances from one controller-wide value. */
export function symmetricTolerances(tolerance: number): Tolerances {
  checkNonNegative('symmetricTolerances', 'tolerance', tolerance);
  return { scaleDown: tolerance, scaleUp: tolerance };
}

/**
 * True when `usageRatio` lies in the closed band [1 - scaleDown, 1 + scaleUp].
 * Upstream moved from `|1 - ratio| <= t` to this closed band with per-direction
 * tolerances; the two differ on float edges such as 1.1 with t = 0.1, where the
 * band form counts 1.1 as within. A NaN ratio (0/0 upstream too) is within no band.
 */
export function isWithinTolerance(usageRatio: number, tolerances: Tolerances): boolean {
  checkRatio('isWithinTolerance', 'usageRatio', usageRatio);
  checkTolerances('isWithinTolerance', 'tolerances', tolerances);
  return 1.0 - tolerances.scaleDown <= usageRatio && usageRatio <= 1.0 + tolerances.scaleUp;
}

/** Scaling rules that may carry a per-direction tolerance (HPAConfigurableTolerance). */
export interface ToleranceCarrier {
  /** Per-HPA tolerance for this direction; absent means "use the controller-wide value". */
  readonly tolerance?: number;
}

/**
 * Resolves the tolerances for one HPA: a per-direction `behavior.scaleUp.tolerance`
 * or `behavior.scaleDown.tolerance` wins over the controller-wide value, as upstream
 * does when the HPAConfigurableTolerance feature is on (beta, on by default since 1.34).
 */
export function resolveTolerances(
  behavior: { readonly scaleUp?: ToleranceCarrier; readonly scaleDown?: ToleranceCarrier } | undefined,
  controllerTolerance: number,
): Tolerances {
  if (behavior !== undefined) checkObject('resolveTolerances', 'behavior', behavior, 'scaleUp?, scaleDown?');
  checkNonNegative('resolveTolerances', 'controllerTolerance', controllerTolerance);
  return {
    scaleDown: behavior?.scaleDown?.tolerance ?? controllerTolerance,
    scaleUp: behavior?.scaleUp?.tolerance ?? controllerTolerance,
  };
}
