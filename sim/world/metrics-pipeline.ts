import type { Micros } from '../../lib/time.js';
import { SECOND } from '../../lib/time.js';
import { eventLabel } from '../engine/event-label.js';
import type { Network } from '../network/network.js';
import type { Simulation } from '../engine/simulation.js';
import type { InstanceSample } from './data-plane.js';
import { BUILTIN_HOSTS } from './hosts.js';

/** How metrics reach controllers. */
export interface MetricsPipelineSpec {
  /** Time between scrapes. */
  readonly scrapeInterval: Micros;
  /** Delay from scrape to delivery (rule evaluation, adapters); scrape traffic must arrive within it. */
  readonly delay: Micros;
}

/** One service's metrics from one scrape round, as the metrics host assembled them. */
export interface ServiceMetrics {
  /** Service name. */
  readonly service: string;
  /** When the scrape happened. */
  readonly measuredAt: Micros;
  /** Service-level values by metric name (see `MetricsPipeline`); a metric with no data this round is absent. */
  readonly values: ReadonlyMap<string, number>;
  /** Values per version then metric name (`rps`; `error_rate` only with requests; `latency_ms` only with served requests). */
  readonly versions: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Samples of the instances whose scrape arrived, by id. */
  readonly instances: ReadonlyMap<string, InstanceSample>;
}

/** What the pipeline scrapes. */
export interface ScrapeTarget {
  /** Services to scrape, in order. */
  services(): readonly string[];
  /** One service's instance samples and load-balancer arrivals since its last scrape. */
  scrape(service: string): { readonly instances: readonly InstanceSample[]; readonly arrivals: number };
}

/** What reached the metrics host for one service in one scrape round. */
interface RoundPart {
  /** Instance samples from the zones whose messages arrived. */
  readonly instances: InstanceSample[];
  /** The balancer's arrival count, if its message arrived. */
  arrivals: number | undefined;
}

/**
 * A metrics pipeline like Prometheus and an adapter, over the network. Every
 * `scrapeInterval` each zone's instance samples travel from the zone's host
 * to the `metrics` host, and the load balancer's count from `lb`; `delay`
 * later the metrics host aggregates what arrived and sends the result to
 * every subscriber (controller hosts). A subscriber keeps the newest result
 * that reached it, so a partition between it and `metrics` (or between the
 * instances and `metrics`) leaves it looking at stale data, as real
 * controllers do.
 *
 * Service metrics: `cpu_utilization` (mean over reporting instances), `rps`
 * (arrivals at the balancer per second), `error_rate`, `latency_ms` (mean of
 * served requests); per version: `rps` (completions per second),
 * `error_rate`, `latency_ms`. A round in which a service (or a version) had
 * no requests carries no `error_rate` for it, as `latency_ms` carries none
 * without a served request: a query over an empty window returns no data,
 * not 0. Subscribers keep whole rounds, so the absence is seen as such, not
 * papered over by an older round's value.
 */
export class MetricsPipeline {
  private readonly views = new Map<string, Map<string, ServiceMetrics>>();
  private readonly scrapeLabel = eventLabel('scrape', 'metrics');
  private readonly deliverLabel = eventLabel('aggregate', 'metrics');
  private lastScrape: Micros = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly network: Network,
    private readonly spec: MetricsPipelineSpec,
    private readonly target: ScrapeTarget,
    /** Hosts that receive aggregated metrics. */
    private readonly subscribers: readonly string[],
    /** Priority of scrape events among same-time events. */
    private readonly priority = 0,
  ) {
    this.views.set(BUILTIN_HOSTS.metrics, new Map());
    for (const s of subscribers) this.views.set(s, new Map());
  }

  /** Starts scraping. */
  start(): void {
    this.lastScrape = this.sim.now;
    this.sim.after(this.spec.scrapeInterval, () => this.scrape(), this.scrapeLabel, this.priority);
  }

  /** The newest metrics of `service` that reached `host` (a host that does not subscribe sees the metrics host's own). */
  latest(host: string | undefined, service: string): ServiceMetrics | undefined {
    const view = (host !== undefined ? this.views.get(host) : undefined) ?? this.views.get(BUILTIN_HOSTS.metrics)!;
    return view.get(service);
  }

  private scrape(): void {
    const at = this.sim.now;
    const elapsed = at - this.lastScrape;
    this.lastScrape = at;
    const metrics = BUILTIN_HOSTS.metrics;
    const round = new Map<string, RoundPart>();
    for (const service of this.target.services()) {
      const r = this.target.scrape(service);
      const part: RoundPart = { instances: [], arrivals: undefined };
      round.set(service, part);
      const byZone = new Map<string, InstanceSample[]>();
      for (const s of r.instances) {
        let list = byZone.get(s.zone);
        if (!list) byZone.set(s.zone, (list = []));
        list.push(s);
      }
      for (const [zone, samples] of byZone) {
        this.network.send(zone, metrics, () => {
          // A loop, not push(...samples): spreading tens of thousands of arguments is slow and can overflow the stack.
          for (let k = 0; k < samples.length; k++) part.instances.push(samples[k]!);
        });
      }
      const arrivals = r.arrivals;
      this.network.send(BUILTIN_HOSTS.lb, metrics, () => (part.arrivals = arrivals));
    }
    const assemble = () => {
      for (const [service, part] of round) {
        const m = aggregate(service, at, elapsed, part);
        if (!m) continue;
        this.views.get(metrics)!.set(service, m);
        for (const sub of this.subscribers) this.network.send(metrics, sub, () => this.deliver(sub, m));
      }
    };
    if (this.spec.delay === 0) assemble();
    else this.sim.after(this.spec.delay, assemble, this.deliverLabel, this.priority);
    this.sim.after(this.spec.scrapeInterval, () => this.scrape(), this.scrapeLabel, this.priority);
  }

  private deliver(host: string, m: ServiceMetrics): void {
    const view = this.views.get(host)!;
    const current = view.get(m.service);
    // A held message released late must not overwrite newer data.
    if (!current || current.measuredAt < m.measuredAt) view.set(m.service, m);
  }
}

function aggregate(service: string, at: Micros, elapsed: Micros, part: RoundPart): ServiceMetrics | undefined {
  if (part.instances.length === 0 && part.arrivals === undefined) return undefined;
  const values = new Map<string, number>();
  const versions = new Map<string, Map<string, number>>();
  const seconds = elapsed / SECOND;
  if (part.arrivals !== undefined && seconds > 0) values.set('rps', part.arrivals / seconds);
  const instances = new Map<string, InstanceSample>();
  if (part.instances.length > 0) {
    let util = 0;
    let requests = 0;
    let errors = 0;
    let latencySum = 0;
    const perVersion = new Map<string, { requests: number; errors: number; latencySum: number }>();
    for (const s of part.instances) {
      instances.set(s.id, s);
      util += s.utilization;
      requests += s.requests;
      errors += s.errors;
      latencySum += s.latencySum;
      let v = perVersion.get(s.version);
      if (!v) perVersion.set(s.version, (v = { requests: 0, errors: 0, latencySum: 0 }));
      v.requests += s.requests;
      v.errors += s.errors;
      v.latencySum += s.latencySum;
    }
    values.set('cpu_utilization', util / part.instances.length);
    // No requests, no error rate: a 0 here would pass an analysis on no evidence (Argo sees no data, an Error).
    if (requests > 0) values.set('error_rate', errors / requests);
    if (requests - errors > 0) values.set('latency_ms', latencySum / (requests - errors) / 1000);
    for (const [v, c] of perVersion) {
      const vv = new Map<string, number>();
      if (seconds > 0) vv.set('rps', c.requests / seconds);
      if (c.requests > 0) vv.set('error_rate', c.errors / c.requests);
      if (c.requests - c.errors > 0) vv.set('latency_ms', c.latencySum / (c.requests - c.errors) / 1000);
      versions.set(v, vv);
    }
  }
  return { service, measuredAt: at, values, versions, instances };
}
