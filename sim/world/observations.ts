/**
 * What controllers see of the simulated world: a snapshot per observation,
 * as seen from the observing host. Metrics are those that reached the host
 * through the metrics pipeline; the cluster state is fresh while the host
 * can hear the `api` host, and otherwise the last state it saw (a cached
 * view per host and service, as an informer's cache goes stale under a
 * partition). Views cost what changed, not one object per instance per
 * observation: the cluster keeps each live instance's view current, hung
 * instances get theirs rebuilt as their failed probes grow, and
 * per-instance metrics are built only when a controller reads them.
 */
import type { InstanceView, MetricSample, ObservedState, ServiceView } from '../../controllers/port/observations.js';
import type { Micros } from '../../lib/time.js';
import type { Network } from '../network/network.js';
import type { Cluster, Instance } from './cluster.js';
import { instanceView } from './cluster.js';
import type { ServicePlane } from './data-plane.js';
import { BUILTIN_HOSTS } from './hosts.js';
import type { MetricsPipeline, ServiceMetrics } from './metrics-pipeline.js';

/** What a host last saw of one service's cluster state (kept while it cannot reach the api). */
interface CachedView {
  /** Desired replicas, all versions. */
  readonly desired: number;
  /** Desired replicas per version. */
  readonly versionReplicas: Readonly<Record<string, number>>;
  /** Instance views, health included. */
  readonly instances: readonly InstanceView[];
  /** Per-instance metrics from the scrape the view was built with. */
  readonly instanceMetrics: Readonly<Record<string, Readonly<Record<string, MetricSample | undefined>>>>;
}

/** What observations read: the world's clock, network, cluster, metrics pipeline and services. */
export interface ObservationSources {
  /** Virtual time now. */
  readonly now: () => Micros;
  /** Who can hear the `api` host. */
  readonly network: Network;
  /** Services and instances. */
  readonly cluster: Cluster;
  /** The metrics that reached each host. */
  readonly pipeline: MetricsPipeline;
  /** The services, in spec order, with their data planes (for traffic weights). */
  readonly services: readonly { readonly name: string; readonly plane: ServicePlane }[];
  /** Active-probe period per service. */
  readonly probePeriods: ReadonlyMap<string, Micros>;
}

/** Builds the snapshots controllers observe, host by host. */
export class Observations {
  /** What each topology host last saw of each service. */
  private readonly caches = new Map<string, Map<string, CachedView>>();
  /** The latest view of each instance that hung, with its failed probes (few: built as their count grows). */
  private readonly hungViews = new WeakMap<Instance, InstanceView>();

  constructor(private readonly deps: ObservationSources) {}

  /**
   * A read-only snapshot as seen from `host`, stamped `now` on the host's
   * clock: the metrics that reached the host, and the cluster as the host's
   * cache last saw it (fresh while the host can hear the `api` host). Hosts
   * outside the topology see everything fresh and the metrics host's data.
   */
  observe(now: Micros, host?: string): ObservedState {
    const known = host !== undefined && this.deps.network.topology.has(host);
    const fresh = !known || this.deps.network.reachable(BUILTIN_HOSTS.api, host);
    let cache = known ? this.caches.get(host) : undefined;
    if (known && !cache) this.caches.set(host, (cache = new Map()));
    const services = new Map<string, ServiceView>();
    for (const { name, plane } of this.deps.services) {
      const m = this.deps.pipeline.latest(host, name);
      let view = fresh ? undefined : cache?.get(name);
      if (!view) {
        view = this.freshView(name, m);
        cache?.set(name, view);
      }
      const metrics: Record<string, MetricSample | undefined> = { cpu_utilization: undefined, rps: undefined };
      const versionMetrics: Record<string, Record<string, MetricSample | undefined>> = {};
      if (m) {
        for (const [metric, value] of m.values) metrics[metric] = { name: metric, value, measuredAt: m.measuredAt };
        for (const [version, values] of m.versions) {
          const vm: Record<string, MetricSample> = {};
          for (const [metric, value] of values) vm[metric] = { name: metric, value, measuredAt: m.measuredAt };
          versionMetrics[version] = vm;
        }
      }
      const weights = plane.trafficWeights();
      const cached = view;
      services.set(name, {
        name,
        desiredReplicas: view.desired,
        instances: view.instances,
        metrics,
        // Built on first read: most controllers never look at per-instance metrics.
        get instanceMetrics() {
          return cached.instanceMetrics;
        },
        versionReplicas: view.versionReplicas,
        versionMetrics,
        ...(weights ? { trafficWeights: weights } : {}),
      });
    }
    return { now, services };
  }

  /**
   * A service's cluster state now: each instance's view with its probe
   * health, and each ready instance's scraped metrics from `m` (built when
   * first read). The cluster keeps every live instance's view current as it
   * changes, so this is a copy of that list with the hung instances'
   * failing probes laid over it: a fleet's views cost what changed, not one
   * object per instance per observation.
   */
  private freshView(name: string, m: ServiceMetrics | undefined): CachedView {
    const versionReplicas: Record<string, number> = {};
    for (const v of this.deps.cluster.versions(name)) versionReplicas[v] = this.deps.cluster.desiredOf(name, v);
    const live = this.deps.cluster.live(name);
    const instances = this.deps.cluster.liveViews(name).slice();
    const probePeriod = this.deps.probePeriods.get(name)!;
    for (const i of this.deps.cluster.hung(name)) {
      // Active probes run every probePeriod; a hung instance has failed every one since it hung.
      const probeFailures = Math.floor((this.deps.now() - i.hungSince!) / probePeriod);
      if (probeFailures === 0) continue;
      let view = this.hungViews.get(i);
      if (view === undefined || view.state !== i.state || view.health?.consecutiveProbeFailures !== probeFailures) {
        view = instanceView(i, { consecutiveProbeFailures: probeFailures });
        this.hungViews.set(i, view);
      }
      instances[this.deps.cluster.indexOf(i)] = view;
    }
    // Per-instance metrics come from the views, the instances as they are now (their zone, version and
    // ready mark never change once ready) and the scrape, all frozen, so building them late gives what
    // building them now would; most controllers never read them.
    const members = m ? live.slice() : [];
    let instanceMetrics: Record<string, Record<string, MetricSample | undefined>> | undefined;
    return {
      desired: this.deps.cluster.desired(name),
      versionReplicas,
      instances,
      get instanceMetrics() {
        return (instanceMetrics ??= m === undefined ? {} : instanceMetricsOf(instances, members, m));
      },
    };
  }
}

/** Each ready instance's scraped metrics in `m`, by id, in the views' order: `views[k]` shows `members[k]`. */
function instanceMetricsOf(
  views: readonly InstanceView[],
  members: readonly Instance[],
  m: ServiceMetrics,
): Record<string, Record<string, MetricSample | undefined>> {
  const out: Record<string, Record<string, MetricSample | undefined>> = {};
  const at = m.measuredAt;
  for (let k = 0; k < views.length; k++) {
    const s = views[k]!.state === 'ready' ? m.sampleOf(members[k]!) : undefined;
    if (!s) continue;
    const errorRate = s.requests > 0 ? s.errors / s.requests : 0;
    const ok = s.requests - s.errors;
    // An instance that saw no request has no error rate to report.
    const im: Record<string, MetricSample | undefined> = {
      cpu_utilization: { name: 'cpu_utilization', value: s.utilization, measuredAt: at },
      requests: { name: 'requests', value: s.requests, measuredAt: at },
    };
    if (s.requests > 0) im['error_rate'] = { name: 'error_rate', value: errorRate, measuredAt: at };
    if (ok > 0) im['latency_ms'] = { name: 'latency_ms', value: s.latencySum / ok / 1000, measuredAt: at };
    out[views[k]!.id] = im;
  }
  return out;
}
