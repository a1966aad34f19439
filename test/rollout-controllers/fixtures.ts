/** Seeded observed states for one-reconcile rollout controller tests. */

import type { InstanceView, MetricSample, ObservedState, ServiceView } from '../../controllers/port/index.js';
import type { Micros } from '../../controllers/port/index.js';

/** How many instances of a version are in each state. */
export interface VersionFleet {
  readonly ready?: number;
  readonly starting?: number;
  readonly draining?: number;
}

/** Extra fields of the service view. */
export interface ServiceExtras {
  readonly versionReplicas?: Record<string, number>;
  readonly trafficWeights?: Record<string, number>;
  readonly versionMetrics?: Record<string, Record<string, MetricSample | undefined>>;
  readonly metrics?: Record<string, MetricSample | undefined>;
}

/** A snapshot at `now` of service "web" with the given instances per version. */
export function fleet(now: Micros, versions: Readonly<Record<string, VersionFleet>>, extras: ServiceExtras = {}): ObservedState {
  const instances: InstanceView[] = [];
  let n = 0;
  for (const [version, f] of Object.entries(versions)) {
    for (const [state, count] of [
      ['ready', f.ready],
      ['starting', f.starting],
      ['draining', f.draining],
    ] as const) {
      for (let i = 0; i < (count ?? 0); i++) {
        instances.push({
          id: `web-${n++}`,
          service: 'web',
          zone: 'zone-a',
          version,
          state,
          createdAt: 0,
          ...(state === 'ready' || state === 'draining' ? { readyAt: 0 } : {}),
        });
      }
    }
  }
  const view: ServiceView = {
    name: 'web',
    desiredReplicas: instances.filter((i) => i.state !== 'draining').length,
    instances,
    metrics: extras.metrics ?? {},
    instanceMetrics: {},
    ...(extras.versionReplicas ? { versionReplicas: extras.versionReplicas } : {}),
    ...(extras.trafficWeights ? { trafficWeights: extras.trafficWeights } : {}),
    ...(extras.versionMetrics ? { versionMetrics: extras.versionMetrics } : {}),
  };
  return { now, services: new Map([['web', view]]) };
}

/** A metric sample measured at `at`. */
export function sample(name: string, value: number, at: Micros): MetricSample {
  return { name, value, measuredAt: at };
}
