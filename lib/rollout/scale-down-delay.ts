import type { Micros } from '../time.js';
import { SECOND } from '../time.js';

/** Argo's DefaultScaleDownDelaySeconds. */
export const DEFAULT_SCALE_DOWN_DELAY_SECONDS = 30;

/** Which strategy the old ReplicaSet belongs to, for its scale-down delay default. */
export interface ScaleDownDelaySpec {
  /** 'blueGreen', or 'canary' (which delays only with a traffic router). */
  readonly strategy: 'blueGreen' | 'canary';
  /** Whether a canary uses a traffic router; ignored for blue-green. */
  readonly trafficRouting?: boolean;
  /** scaleDownDelaySeconds as configured. */
  readonly scaleDownDelaySeconds?: number;
}

/**
 * Argo's GetScaleDownDelaySecondsOrDefault: how long the old ReplicaSet keeps
 * its pods after traffic leaves it (so in-flight clients and DNS caches
 * drain). Blue-green and traffic-routed canaries default to 30 s; a basic
 * canary never delays.
 */
export function scaleDownDelay(spec: ScaleDownDelaySpec): Micros {
  if (spec.strategy === 'canary' && spec.trafficRouting !== true) return 0;
  return (spec.scaleDownDelaySeconds ?? DEFAULT_SCALE_DOWN_DELAY_SECONDS) * SECOND;
}

/** The scale-down deadline annotated on the old ReplicaSet when traffic leaves it at `now`. */
export function scaleDownDeadline(now: Micros, delay: Micros): Micros {
  return now + delay;
}

/**
 * Argo's GetTimeRemainingBeforeScaleDownDeadline: time left before the old
 * ReplicaSet may be scaled down, or undefined when there is no deadline or it
 * is not strictly in the future (scale down now).
 */
export function scaleDownTimeRemaining(deadline: Micros | undefined, now: Micros): Micros | undefined {
  if (deadline === undefined || deadline <= now) return undefined;
  return deadline - now;
}
