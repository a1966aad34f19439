/**
 * The property the self-healing family ships. It reads the scenario's hang,
 * crash and restore rows (which name the instances they hit) and the
 * healer's replace actions, so checking it changes no output.
 */
import type { Micros } from '../../lib/time.js';
import { MINUTE, SECOND } from '../../lib/time.js';
import type { FaultWindow, PropertyViolation, RunProperty } from '../../sim/properties/property.js';
import type { Row } from '../../sim/world/timeseries-sampler.js';
import { healedBy, rowTime, secs } from './stretch.js';

/** Allowance for replacements held back by maxUnavailableFraction while earlier replacements start up. */
const STARTUP_ALLOWANCE: Micros = 5 * MINUTE;

/** What bounds how soon a self-healer replaces a hung instance. */
export interface HealerBounds {
  /** Failed probes that make an instance unhealthy. */
  readonly probeFailureThreshold: number;
  /** The service's probe period. */
  readonly probePeriod: Micros;
  /** The healer's sync period. */
  readonly syncPeriod: Micros;
  /** The governor's pacing, if any: a token bucket and an exponential backoff. */
  readonly governor?: { readonly rateLimit?: { readonly qps: number } | undefined; readonly backoff?: { readonly cap: Micros } | undefined } | undefined;
}

/**
 * How soon the healer must replace a hung instance that is the `rank`-th
 * (1-based) waiting: probeFailureThreshold probe periods to see it fail,
 * two syncs, `STARTUP_ALLOWANCE`, plus the governor's pacing (one token
 * interval per instance waiting ahead of it and itself, and one backoff cap).
 */
function replacementBound(h: HealerBounds, rank = 1): Micros {
  const pace = h.governor?.rateLimit ? Math.ceil(SECOND / h.governor.rateLimit.qps) * rank : 0;
  return h.probeFailureThreshold * h.probePeriod + 2 * h.syncPeriod + STARTUP_ALLOWANCE + pace + (h.governor?.backoff?.cap ?? 0);
}

/**
 * Liveness: every instance a `hang` fault hits is replaced (a replace
 * action names it), crashed, or restored within its bound of the later of
 * the hang and the healing of every other fault active meanwhile
 * (`otherFaults`: the scenario's fault windows without its hangs, which
 * would otherwise excuse themselves).
 */
export function replacesHungInstances(controller: string, service: string, h: HealerBounds, otherFaults: readonly FaultWindow[]): RunProperty {
  const name = `${controller}.replaces-hung-instances`;
  const hung = new Map<string, { since: Micros; rank: number }>();
  const late = (t: Micros): PropertyViolation | undefined => {
    for (const [id, x] of hung) {
      const bound = replacementBound(h, x.rank);
      const from = healedBy(otherFaults, x.since, t);
      if (t <= from + bound) continue;
      hung.clear();
      return {
        property: name,
        kind: 'liveness',
        at: from + bound,
        explanation: `${id} hung at ${secs(x.since)} and was not replaced by ${secs(t)}, more than ${secs(bound)} after ${from === x.since ? 'it hung' : `the faults healed (${secs(from)})`}`,
      };
    }
    return undefined;
  };
  return {
    name,
    kind: 'liveness',
    description: `${controller} replaces every hung ${service} instance within ${secs(replacementBound(h))} (more when its governor paces several)`,
    onEvent(row: Row) {
      const t = rowTime(row);
      const v = late(t);
      if (row['controller'] === 'scenario' && row['type'] === 'fault') {
        const ids =
          /instance\(s\): (.*)$/
            .exec(String(row['reason'] ?? ''))?.[1]
            ?.split(' ')
            .filter((x) => x.startsWith(`${service}-`)) ?? [];
        if (row['action'] === 'hang') for (const id of ids) if (!hung.has(id)) hung.set(id, { since: t, rank: hung.size + 1 });
        if (row['action'] === 'crash' || row['action'] === 'drain') for (const id of ids) hung.delete(id);
        if (row['action'] === 'restore' || row['action'] === 'zone-outage') hung.clear();
      }
      if (row['controller'] === controller && row['type'] === 'action' && row['action'] === 'replace') hung.delete(String(row['target']));
      return v;
    },
    onSample(row: Row) {
      return late(rowTime(row));
    },
    finish(_metrics, ctx) {
      return late(ctx.horizon);
    },
  };
}
