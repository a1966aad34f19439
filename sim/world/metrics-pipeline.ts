import type { MetricSample } from '../../controllers/port/observations.js';
import type { Micros } from '../../controllers/port/time.js';
import { eventLabel } from '../event-label.js';
import type { Simulation } from '../simulation.js';

/** How metrics reach controllers. */
export interface MetricsPipelineSpec {
  /** Time between scrapes. */
  readonly scrapeInterval: Micros;
  /** Delay from scrape to delivery. */
  readonly delay: Micros;
}

/**
 * A metrics pipeline like Prometheus + an adapter: every `scrapeInterval` it
 * averages what the source accumulated since the last scrape and delivers it
 * `delay` later. Controllers therefore always see data at least `delay` old,
 * as real ones do.
 */
export class MetricsPipeline {
  private readonly delivered = new Map<string, MetricSample>();
  private readonly sums = new Map<string, { sum: number; weight: number }>();
  private readonly scrapeLabel = eventLabel('scrape', 'metrics');
  private readonly deliverLabel = eventLabel('deliver', 'metrics');

  constructor(
    private readonly sim: Simulation,
    private readonly spec: MetricsPipelineSpec,
    /** Priority of scrape events among same-time events. */
    private readonly priority = 0,
  ) {}

  /** Starts scraping. */
  start(): void {
    this.sim.after(this.spec.scrapeInterval, () => this.scrape(), this.scrapeLabel, this.priority);
  }

  /** Accumulates a time-weighted observation of `key` (e.g. "web/cpu_utilization") over `weight` µs. */
  observe(key: string, value: number, weight: number): void {
    const s = this.sums.get(key);
    if (s) {
      s.sum += value * weight;
      s.weight += weight;
    } else {
      this.sums.set(key, { sum: value * weight, weight });
    }
  }

  /** The latest delivered sample of `key`, if any. */
  latest(key: string): MetricSample | undefined {
    return this.delivered.get(key);
  }

  private scrape(): void {
    const at = this.sim.now;
    const batch: Array<[string, MetricSample]> = [];
    for (const [key, s] of this.sums) {
      if (s.weight > 0) batch.push([key, { name: key.slice(key.lastIndexOf('/') + 1), value: s.sum / s.weight, measuredAt: at }]);
      s.sum = 0;
      s.weight = 0;
    }
    this.sim.after(this.spec.delay, () => {
      for (const [key, sample] of batch) this.delivered.set(key, sample);
    }, this.deliverLabel);
    this.sim.after(this.spec.scrapeInterval, () => this.scrape(), this.scrapeLabel, this.priority);
  }
}
