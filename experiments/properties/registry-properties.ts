/**
 * The properties the TTL registry (lib/registry, run by
 * sim/world/registry-host.ts) ships. They read the registry's rows of the
 * event log (mark-unhealthy, remove, return) and the `ready`, `registered`
 * and `healthy_endpoints` columns, so checking them changes no output.
 */
import type { Micros } from '../../lib/time.js';
import type { PropertyContext, PropertyViolation, RunProperty } from '../../sim/properties/property.js';
import type { Row } from '../../sim/world/timeseries-sampler.js';
import { healedBy, rowTime, secs } from './stretch.js';

/** The registry's settings the properties bound from (the experiment's network.registry). */
export interface RegistryBounds {
  /** Silence after which an instance is marked unhealthy. */
  readonly ttl: Micros;
  /** Heartbeat and sweep period. */
  readonly heartbeatEvery: Micros;
  /** Silence after which an instance is removed (default 3 × ttl). */
  readonly removeAfter?: Micros | undefined;
}

/**
 * How long the registry may keep listing an instance after it fell silent:
 * 3 × ttl, plus one sweep period (the registry only sweeps that often).
 */
function listingBound(r: RegistryBounds): Micros {
  return 3 * r.ttl + r.heartbeatEvery;
}

/** How soon after faults heal the registry must agree with the ready instances: its removeAfter, plus two heartbeat periods (one to hear from a returning zone, one sweep). */
export function registryRecovery(r: RegistryBounds): Micros {
  return (r.removeAfter ?? 3 * r.ttl) + 2 * r.heartbeatEvery;
}

/**
 * Safety: the registry never lists an instance more than `bound` after it
 * fell silent for good. When the registry marks a dead instance unhealthy
 * (its row says the instance is not ready), the instance fell silent at
 * least one ttl earlier; it must be removed by then + `bound`. A false
 * eviction (a live instance cut off) is no removed instance and is left to
 * the liveness property.
 */
export function removesDeadInstances(r: RegistryBounds): RunProperty {
  const name = 'registry.removes-dead-instances';
  const bound = listingBound(r);
  const pending = new Map<string, { marked: Micros; deadline: Micros; state: string }>();
  const overdue = (t: Micros): PropertyViolation | undefined => {
    for (const [id, p] of pending) {
      if (t <= p.deadline) continue;
      pending.clear();
      return {
        property: name,
        kind: 'safety',
        at: p.deadline,
        explanation: `the registry still listed ${id} (${p.state}) at ${secs(t)}, more than ${secs(bound)} after it fell silent (marked unhealthy at ${secs(p.marked)}, ttl ${secs(r.ttl)})`,
      };
    }
    return undefined;
  };
  return {
    name,
    kind: 'safety',
    description: `the registry lists no instance more than 3 × ttl + one sweep (${secs(bound)}) after it fell silent for good`,
    onEvent(row: Row) {
      const t = rowTime(row);
      if (row['controller'] === 'registry' && row['type'] === 'registry') {
        const id = String(row['target']);
        const reason = String(row['reason'] ?? '');
        if (row['action'] === 'mark-unhealthy') {
          const state = /the instance is (\w+)/.exec(reason)?.[1] ?? 'gone';
          if (state !== 'ready' && !pending.has(id)) pending.set(id, { marked: t, deadline: t - r.ttl + bound, state });
        } else {
          const v = overdue(t);
          pending.delete(id);
          return v;
        }
      }
      return overdue(t);
    },
    onSample(row: Row) {
      return overdue(rowTime(row));
    },
    finish(_metrics, ctx) {
      return overdue(ctx.horizon);
    },
  };
}

/**
 * Liveness: whenever a service's registry entries disagree with its ready
 * instances (`registered` or `healthy_endpoints` ≠ `ready`), they agree
 * again within `within` of the later of the disagreement's start and the
 * healing of every fault active during it.
 */
export function registryAgrees(within: Micros): RunProperty {
  const name = 'registry.agrees-with-instances';
  const failing = new Map<string, Micros>();
  return {
    name,
    kind: 'liveness',
    description: `every service's registry entries agree with its ready instances within ${secs(within)} after faults heal`,
    onSample(row: Row, ctx: PropertyContext) {
      const service = String(row['service']);
      const t = rowTime(row);
      const ready = Number(row['ready']);
      const registered = Number(row['registered']);
      const healthy = Number(row['healthy_endpoints']);
      if (row['registered'] === '' || (registered === ready && healthy === ready)) {
        failing.delete(service);
        return undefined;
      }
      let since = failing.get(service);
      if (since === undefined) failing.set(service, (since = t));
      const from = healedBy(ctx.faults, since, t);
      if (t <= from + within) return undefined;
      return {
        property: name,
        kind: 'liveness',
        at: t,
        explanation: `${service}: the registry had ${registered} entries (${healthy} healthy) for ${ready} ready instances from ${secs(since)} to ${secs(t)}, more than ${secs(within)} after ${from === since ? 'the disagreement began' : `the faults healed (${secs(from)})`}`,
      };
    },
  };
}
