/**
 * Reads a service's versions as ReplicaSets: the shape the rollout math in
 * controllers/rollout takes. One version is one ReplicaSet, named by the
 * version.
 */

import type { InstanceView, ServiceView } from '../port/observations.js';
import type { Micros } from '../../lib/time.js';
import { SECOND } from '../../lib/time.js';
import type { ReplicaSetState } from '../../lib/rollout/replica-set.js';

/** A version's counts as a rollout controller sees them. */
export interface VersionCounts extends ReplicaSetState {
  /** Instances of the version that are ready now, whether or not minReadySeconds has passed. */
  readonly readyReplicas: number;
}

function isActive(i: InstanceView): boolean {
  return i.state === 'pending' || i.state === 'starting' || i.state === 'ready';
}

/**
 * Whether an instance counts as available: ready for at least
 * `minReadySeconds` (Kubernetes' IsPodAvailable). A ready instance with no
 * recorded readyAt has been ready since before anyone looked.
 */
export function isAvailable(i: InstanceView, now: Micros, minReadySeconds: number): boolean {
  if (i.state !== 'ready') return false;
  if (minReadySeconds <= 0 || i.readyAt === undefined) return true;
  return i.readyAt + minReadySeconds * SECOND <= now;
}

/**
 * Every version of `service` as a ReplicaSet, in order of first appearance
 * (versionReplicas first, then instances). spec.replicas is the world's
 * versionReplicas when it reports them, else the count of pending, starting
 * and ready instances (a world that converges at once has the two equal);
 * currentReplicas is that count; availableReplicas counts instances ready for
 * `minReadySeconds`; createdAt is the version's oldest live instance.
 * Draining instances belong to no set: they are already leaving.
 */
export function versionSets(service: ServiceView, now: Micros, minReadySeconds = 0): Map<string, VersionCounts> {
  const order: string[] = [...Object.keys(service.versionReplicas ?? {})];
  const active = new Map<string, number>();
  const ready = new Map<string, number>();
  const available = new Map<string, number>();
  const created = new Map<string, Micros>();
  for (const i of service.instances) {
    if (!order.includes(i.version)) order.push(i.version);
    if (!isActive(i)) continue;
    active.set(i.version, (active.get(i.version) ?? 0) + 1);
    if (i.state === 'ready') ready.set(i.version, (ready.get(i.version) ?? 0) + 1);
    if (isAvailable(i, now, minReadySeconds)) available.set(i.version, (available.get(i.version) ?? 0) + 1);
    const first = created.get(i.version);
    if (first === undefined || i.createdAt < first) created.set(i.version, i.createdAt);
  }
  const sets = new Map<string, VersionCounts>();
  for (const version of order) {
    const current = active.get(version) ?? 0;
    const createdAt = created.get(version);
    sets.set(version, {
      name: version,
      replicas: service.versionReplicas?.[version] ?? current,
      availableReplicas: available.get(version) ?? 0,
      currentReplicas: current,
      readyReplicas: ready.get(version) ?? 0,
      ...(createdAt !== undefined ? { createdAt } : {}),
    });
  }
  return sets;
}

/** A set with nothing in it, for a version that does not exist yet. */
export function emptySet(version: string): VersionCounts {
  return { name: version, replicas: 0, availableReplicas: 0, currentReplicas: 0, readyReplicas: 0 };
}

/**
 * The version a rollout replaces when none is named: among versions other
 * than `target` with spec replicas, the one with the most (ties: the first
 * seen). Undefined when only `target` runs, or nothing does.
 */
export function inferStableVersion(sets: ReadonlyMap<string, VersionCounts>, target: string): string | undefined {
  let best: VersionCounts | undefined;
  for (const s of sets.values()) {
    if (s.name === target || s.replicas === 0) continue;
    if (best === undefined || s.replicas > best.replicas) best = s;
  }
  return best?.name;
}

/**
 * The estimated request rate of one version: the world's per-version `rps`
 * when it reports one; else the service's `rps` times the version's traffic
 * weight, when a split was set; else times its share of ready instances.
 * Undefined when the service reports no rate at all.
 */
export function versionRequestRate(service: ServiceView, version: string): number | undefined {
  const own = service.versionMetrics?.[version]?.['rps'];
  if (own !== undefined) return own.value;
  const total = service.metrics['rps'];
  if (total === undefined) return undefined;
  if (service.trafficWeights !== undefined) return (total.value * (service.trafficWeights[version] ?? 0)) / 100;
  let mine = 0;
  let all = 0;
  for (const i of service.instances) {
    if (i.state !== 'ready') continue;
    all++;
    if (i.version === version) mine++;
  }
  return all === 0 ? 0 : (total.value * mine) / all;
}
