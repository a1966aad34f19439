import type { Micros } from '../time.js';
import { SECOND } from '../time.js';
import { DEFAULT_ABORT_SCALE_DOWN_DELAY_SECONDS, type CanarySpec } from './canary-spec.js';

/**
 * Argo's GetAbortScaleDownDelaySecondsOrDefault for a canary: how long an
 * aborted canary keeps its pods. Without a traffic router the canary is
 * scaled down at once (0). With one, the default is 30 s, and an explicit 0
 * means never (undefined), leaving the canary up for inspection.
 *
 * Aborting itself needs no separate math: currentSetWeight returns 0 once
 * status.abort is set, so the replica functions shrink the canary and regrow
 * stable within maxSurge and maxUnavailable.
 */
export function abortScaleDownDelay(spec: CanarySpec): Micros | undefined {
  if (!spec.trafficRouting) return 0;
  const seconds = spec.abortScaleDownDelaySeconds ?? DEFAULT_ABORT_SCALE_DOWN_DELAY_SECONDS;
  return seconds === 0 ? undefined : seconds * SECOND;
}
