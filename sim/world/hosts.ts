import type { TopologySpec } from '../network/topology.js';

/**
 * The built-in hosts of every world: the cluster API controllers act
 * through, the service registry that publishes endpoints, the load balancer
 * that routes requests, and the metrics pipeline.
 */
export const BUILTIN_HOSTS = { api: 'api', registry: 'registry', lb: 'lb', metrics: 'metrics' } as const;

/** The host a controller named `name` runs on. */
export function controllerHost(name: string): string {
  return `controller/${name}`;
}

/** What a world's topology is made from. */
export interface TopologyInputs {
  /** Controller names (hosts `controller/<name>`, each name also a group). */
  readonly controllers: readonly string[];
  /** Zones of every service, first mention first; instances send from their zone's host. */
  readonly zones: readonly string[];
  /** Regions: group names for sets of zones. */
  readonly regions: Readonly<Record<string, readonly string[]>>;
  /** Extra hosts. */
  readonly hosts: readonly string[];
}

/**
 * A world's hosts and groups. Hosts: `api`, `registry`, `lb`, `metrics`,
 * `controller/<name>` per controller, one per zone (its instances), and any
 * extra hosts. Groups: each controller's bare name, `controllers` (all of
 * them), `instances` (every zone), and each region (its zones).
 */
export function worldTopology(inputs: TopologyInputs): TopologySpec {
  const controllerHosts = inputs.controllers.map(controllerHost);
  const hosts = [...new Set([...Object.values(BUILTIN_HOSTS), ...controllerHosts, ...inputs.zones, ...inputs.hosts])];
  const groups: Record<string, readonly string[]> = {};
  for (const [i, name] of inputs.controllers.entries()) groups[name] = [controllerHosts[i]!];
  groups['controllers'] = controllerHosts;
  groups['instances'] = [...inputs.zones];
  for (const [region, zones] of Object.entries(inputs.regions)) groups[region] = zones;
  return { hosts, groups };
}
