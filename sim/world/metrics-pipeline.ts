import type { Micros } from '../../lib/time.js';
import { SECOND } from '../../lib/time.js';
import { eventLabel } from '../engine/event-label.js';
import type { Network } from '../network/network.js';
import type { Simulation } from '../engine/simulation.js';
import type { Instance } from './cluster.js';
import type { SampleValues, ServiceScrape } from './data-plane.js';
import type { ZoneReport } from './zone-reports.js';
import { addReports, zoneReports } from './zone-reports.js';
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
  /**
   * The sample of `instance`, an instance of this service that is ready now,
   * if it was scraped this round and its zone's message reached the metrics
   * host; undefined otherwise.
   */
  sampleOf(instance: Instance): SampleValues | undefined;
}

/** What the pipeline scrapes. */
export interface ScrapeTarget {
  /** Services to scrape, in order. */
  services(): readonly string[];
  /** One service's instance samples and load-balancer arrivals since its last scrape. */
  scrape(service: string): ServiceScrape;
  /**
   * A count that grows by one each time an instance becomes ready, stamped on
   * the instance (`Instance.readyMark`). An instance leaves ready only for
   * good, so one that is ready now was ready at a scrape exactly when its
   * mark is at most the count read then.
   */
  readyMark(): number;
}

/** What reached the metrics host for one service in one scrape round. */
interface RoundPart {
  /** The scrape, as the service's zones sent it. */
  readonly scrape: ServiceScrape;
  /** The reports of the zones whose messages arrived, in arrival order. */
  readonly arrived: ZoneReport[];
  /** The balancer's arrival count, if its message arrived. */
  arrivals: number | undefined;
  /** `readyMark()` at the scrape. */
  readonly readyMark: number;
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
    const readyMark = this.target.readyMark();
    for (const service of this.target.services()) {
      const r = this.target.scrape(service);
      const part: RoundPart = { scrape: r, arrived: [], arrivals: undefined, readyMark };
      round.set(service, part);
      for (const report of zoneReports(r)) this.network.send(report.zone, metrics, () => part.arrived.push(report));
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
  // Zones whose messages arrive after this point are not in this round.
  const arrived = part.arrived.slice();
  const totals = addReports(part.scrape, arrived);
  if (totals.sampled === 0 && part.arrivals === undefined) return undefined;
  const values = new Map<string, number>();
  const versions = new Map<string, Map<string, number>>();
  const seconds = elapsed / SECOND;
  if (part.arrivals !== undefined && seconds > 0) values.set('rps', part.arrivals / seconds);
  if (totals.sampled > 0) {
    const { requests, errors, latencySum } = totals;
    values.set('cpu_utilization', totals.utilization / totals.sampled);
    // No requests, no error rate: a 0 here would pass an analysis on no evidence (Argo sees no data, an Error).
    if (requests > 0) values.set('error_rate', errors / requests);
    if (requests - errors > 0) values.set('latency_ms', latencySum / (requests - errors) / 1000);
    for (const [name, c] of totals.perVersion) {
      const vv = new Map<string, number>();
      if (seconds > 0) vv.set('rps', c.requests / seconds);
      if (c.requests > 0) vv.set('error_rate', c.errors / c.requests);
      if (c.requests - c.errors > 0) vv.set('latency_ms', c.latencySum / (c.requests - c.errors) / 1000);
      versions.set(name, vv);
    }
  }
  return { service, measuredAt: at, values, versions, sampleOf: sampleLookup(part.scrape, arrived, part.readyMark) };
}

/**
 * How a round answers "what did this instance report": by version and ready
 * mark when a version's instances report alike (no per-instance work), else
 * through a map of the arrived samples built on the first question.
 */
function sampleLookup(scrape: ServiceScrape, arrived: readonly ZoneReport[], readyMark: number): (instance: Instance) => SampleValues | undefined {
  const perVersion = scrape.perVersion;
  if (perVersion) {
    const zones = new Set(arrived.map((r) => r.zone));
    return (instance) =>
      instance.readyMark !== undefined && instance.readyMark <= readyMark && zones.has(instance.zone) ? perVersion.get(instance.version) : undefined;
  }
  let byInstance: Map<Instance, SampleValues> | undefined;
  return (instance) => {
    if (!byInstance) {
      byInstance = new Map();
      for (const r of arrived) for (const k of r.indices) byInstance.set(scrape.instances[k]!, scrape.samples![k]!);
    }
    return byInstance.get(instance);
  };
}
