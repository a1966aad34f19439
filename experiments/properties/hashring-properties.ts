/**
 * The properties the hashring family ships. They read the routing tables
 * the controller logs (`set-routing` actions, whose `to` names the table's
 * member count) and the service's `ready` and `stale_routes` columns, so
 * checking them changes no output.
 */
import type { Micros } from '../../lib/time.js';
import { parseExpectation } from '../../sim/properties/expression.js';
import { dataProperty } from '../../sim/properties/data-property.js';
import type { RunProperty } from '../../sim/properties/property.js';
import type { Row } from '../../sim/world/timeseries-sampler.js';
import { rowTime, secs } from './stretch.js';

/**
 * The grace a hashring table has to drop a member that stopped serving: a
 * sync to notice it, a sync for the API (removals never wait for the move
 * budget).
 */
export function hashringGrace(syncPeriod: Micros): Micros {
  return 2 * syncPeriod;
}

/** How soon after faults heal a hashring service must see no stale route: its grace, plus one sample window that may still count routes from before the fix. */
export function hashringRecovery(syncPeriod: Micros, sampleEvery: Micros): Micros {
  return hashringGrace(syncPeriod) + sampleEvery;
}

/**
 * Safety: the routing table never names a member that stopped serving for
 * longer than `grace`. A table with more members than the service has
 * ready instances names at least one that is not ready; such a stretch of
 * samples may last no longer than the grace.
 */
export function noRemovedMembers(controller: string, service: string, grace: Micros): RunProperty {
  const name = `${controller}.no-removed-members`;
  let members: number | undefined;
  let since: { at: Micros; ready: number } | undefined;
  return {
    name,
    kind: 'safety',
    description: `${controller}'s routing table names no ${service} member more than ${secs(grace)} after it stopped serving`,
    onEvent(row: Row) {
      if (row['controller'] !== controller || row['type'] !== 'action' || row['action'] !== 'set-routing' || row['target'] !== service) return undefined;
      const m = /\((\d+) members?\)/.exec(String(row['to'] ?? ''));
      if (m) members = Number(m[1]);
      return undefined;
    },
    onSample(row: Row) {
      if (row['service'] !== service || members === undefined) return undefined;
      const ready = Number(row['ready']);
      const t = rowTime(row);
      if (!(members > ready)) {
        since = undefined;
        return undefined;
      }
      since ??= { at: t, ready };
      if (t - since.at <= grace) return undefined;
      return {
        property: name,
        kind: 'safety',
        at: t,
        explanation: `${controller}'s table routed ${service} to ${members} members while only ${ready} were ready, from ${secs(since.at)} to ${secs(t)}, longer than the ${secs(grace)} grace`,
      };
    },
  };
}

/** Liveness: within `within` after faults heal, no request of `service` is routed to an instance that stopped serving. */
export function noStaleRoutes(controller: string, service: string, within: Micros): RunProperty {
  return dataProperty({
    name: `${controller}.no-stale-routes`,
    kind: 'liveness',
    expect: parseExpectation('stale_routes <= 0')!,
    service,
    within,
    description: `no ${service} request is routed to a gone member within ${secs(within)} after faults heal`,
  });
}
