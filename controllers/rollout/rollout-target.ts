import type { ReconcileResult } from '../port/actions.js';
import type { ObservedState, ServiceView } from '../port/observations.js';
import type { Micros } from '../../lib/time.js';
import { toSeconds } from '../../lib/time.js';

/**
 * The service a rollout acts on, or the hold a rollout controller returns
 * instead: while the service is missing, or before the rollout's start time
 * (then it requeues for the start). `what` names the rollout in the reason,
 * e.g. "canary of v2".
 */
export function rolloutTarget(
  observed: ObservedState,
  service: string,
  startAt: Micros,
  what: string,
): { readonly service: ServiceView } | { readonly hold: ReconcileResult } {
  const view = observed.services.get(service);
  if (!view) return { hold: { actions: [], decisions: [{ outcome: 'hold', reason: `service ${service} not found` }] } };
  if (observed.now < startAt) {
    return {
      hold: { actions: [], decisions: [{ outcome: 'hold', reason: `${what} starts at ${toSeconds(startAt)}s` }], requeueAfter: startAt - observed.now },
    };
  }
  return { service: view };
}
