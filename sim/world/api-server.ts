/**
 * The simulated cluster's API server: where a controller's actions land.
 * An action is sent from the controller's host to the `api` host; one that
 * cannot get there (a partition), names no such service or instance, or is
 * malformed (a replica count that is not a count, weights that do not sum to
 * 100, a routing table that does not parse) is refused and logged as
 * `rejected`; the rest are applied to the cluster or the service's data
 * plane and logged as `action`. Controllers see only the outcome.
 */
import type { Action } from '../../controllers/port/actions.js';
import type { ApplyOutcome } from '../../controllers/port/runtime.js';
import { HashringConfigError } from '../../lib/hashring/config-error.js';
import { routingTableFromSpec } from '../../lib/hashring/routing-table.js';
import type { Network } from '../network/network.js';
import type { Cluster } from './cluster.js';
import type { ServicePlane } from './data-plane.js';
import { BUILTIN_HOSTS, controllerHost } from './hosts.js';

/** Writes one event-log row: controller, type, action, target, from, to, reason. */
type EventLog = (controller: string, type: string, action: string, target: string, from: number | string, to: number | string, reason: string) => void;

/** What the API server acts on. */
export interface ApiServerTargets {
  /** Who can reach the `api` host. */
  readonly network: Network;
  /** Services and instances. */
  readonly cluster: Cluster;
  /** Each service's data plane, by name. */
  readonly planes: ReadonlyMap<string, ServicePlane>;
  /** Records a change of desired replicas (the run's scaling metrics). */
  readonly scaled: (from: number, to: number) => void;
  /** The run's event log. */
  readonly log: EventLog;
}

/** Applies controllers' actions to the world, or refuses them with a reason. */
export class ApiServer {
  constructor(private readonly deps: ApiServerTargets) {}

  /** Applies a controller's action, sent from its host to the `api` host. */
  apply(controller: string, action: Action): ApplyOutcome {
    const host = controllerHost(controller);
    const target = 'service' in action ? action.service : action.instance;
    if (this.deps.network.topology.has(host) && !this.deps.network.reachable(host, BUILTIN_HOSTS.api)) {
      return this.reject(controller, action.kind, target, `${host} cannot reach ${BUILTIN_HOSTS.api}: ${action.reason}`);
    }
    if ('service' in action && !this.deps.planes.has(action.service))
      return this.reject(controller, action.kind, target, `no service ${action.service}: ${action.reason}`);
    switch (action.kind) {
      case 'scale': {
        if (!isCount(action.replicas))
          return this.reject(controller, 'scale', target, `replicas must be an integer ≥ 0, got ${action.replicas}: ${action.reason}`);
        const from = this.deps.cluster.desired(action.service);
        this.deps.cluster.scale(action.service, action.replicas);
        this.deps.scaled(from, action.replicas);
        this.deps.log(controller, 'action', 'scale', action.service, from, action.replicas, action.reason);
        return 'applied';
      }
      case 'scale-version': {
        if (!isCount(action.replicas))
          return this.reject(controller, 'scale-version', target, `replicas must be an integer ≥ 0, got ${action.replicas}: ${action.reason}`);
        const before = this.deps.cluster.desired(action.service);
        const from = this.deps.cluster.desiredOf(action.service, action.version);
        this.deps.cluster.scaleVersion(action.service, action.version, action.replicas);
        this.deps.scaled(before, this.deps.cluster.desired(action.service));
        this.deps.log(controller, 'action', 'scale-version', `${action.service}@${action.version}`, from, action.replicas, action.reason);
        return 'applied';
      }
      case 'shift-traffic': {
        const entries = Object.entries(action.weights);
        const sum = entries.reduce((a, [, w]) => a + w, 0);
        if (entries.some(([, w]) => !(w >= 0)) || Math.abs(sum - 100) > 1e-6) {
          return this.reject(controller, 'shift-traffic', target, `weights must be ≥ 0 and sum to 100, got ${formatWeights(action.weights)}: ${action.reason}`);
        }
        this.plane(action.service).setWeights(action.weights);
        this.deps.log(controller, 'action', 'shift-traffic', action.service, '', formatWeights(action.weights), action.reason);
        return 'applied';
      }
      case 'replace':
      case 'drain': {
        const inst = this.deps.cluster.find(action.instance);
        if (!inst) return this.reject(controller, action.kind, target, `no live instance ${action.instance}: ${action.reason}`);
        const from = inst.state;
        const ok = action.kind === 'replace' ? this.deps.cluster.replace(inst) : this.deps.cluster.evict(inst);
        if (!ok) return this.reject(controller, action.kind, target, `${action.instance} is ${from}: ${action.reason}`);
        this.deps.log(controller, 'action', action.kind, action.instance, from, inst.state, action.reason);
        return 'applied';
      }
      case 'set-routing': {
        const plane = this.plane(action.service);
        if (!plane.routesByKey) {
          return this.reject(
            controller,
            'set-routing',
            target,
            `service ${action.service} has no request keys (give it a cache, at request fidelity): ${action.reason}`,
          );
        }
        let table;
        try {
          table = routingTableFromSpec(action.table);
        } catch (e) {
          if (!(e instanceof HashringConfigError)) throw e;
          return this.reject(controller, 'set-routing', target, `malformed table: ${e.message}: ${action.reason}`);
        }
        // An empty member list means "no instance to route to": requests are dropped, not balanced.
        plane.setRouting(table ?? { members: [], lookup: () => '' });
        const members = action.table.members.length;
        this.deps.log(
          controller,
          'action',
          'set-routing',
          action.service,
          '',
          `${action.table.algorithm} gen ${action.table.generation} (${members} member${members === 1 ? '' : 's'})`,
          action.reason,
        );
        return 'applied';
      }
    }
  }

  private reject(controller: string, kind: string, target: string, reason: string): ApplyOutcome {
    this.deps.log(controller, 'rejected', kind, target, '', '', reason);
    return 'rejected';
  }

  private plane(service: string): ServicePlane {
    const plane = this.deps.planes.get(service);
    if (!plane) throw new Error(`unknown service ${service}`);
    return plane;
  }
}

function isCount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

function formatWeights(w: Readonly<Record<string, number>>): string {
  return Object.entries(w)
    .map(([v, p]) => `${v}=${p}`)
    .join(' ');
}
