import type { Micros } from '../../controllers/port/time.js';
import { HOUR, SECOND } from '../../controllers/port/time.js';

/**
 * The per-run summary metrics that answer "responsive or thrashing?".
 * Definitions (also in the README):
 * - scale_actions: scale actions that changed the desired replica count.
 * - flaps_per_hour: direction reversals of the desired count (up then down, or down then up) per hour.
 * - replica_churn: Σ |Δ desired| over all scale actions.
 * - wasted_instance_s: lifetime of instances removed within `shortLived` of their creation.
 * - reaction_time_s / max_reaction_time_s: mean / longest under-provisioned episode, i.e. a stretch
 *   during which offered load exceeded ready capacity.
 * - slo_violation_s: seconds in which mean latency exceeded the SLO or requests were dropped.
 * - dropped_requests, served_requests, arrived_requests: request totals.
 * - instance_hours: ∫ live instances dt (starting, ready, draining all cost money), in hours.
 * - mean_utilization: time-average busy fraction of ready capacity.
 * - stale_routes: requests routed to an instance that was no longer serving (the balancer's
 *   endpoint list, from the registry or the API, was stale); they fail.
 * - false_evictions: eviction episodes of live, ready instances: from the registry marking a serving
 *   instance unhealthy (heartbeats lost, partitioned or mis-stamped by a skewed clock) to its
 *   publishing it healthy again; one per episode, not one per heartbeat.
 */
export interface RunSummary {
  readonly scale_actions: number;
  readonly flaps_per_hour: number;
  readonly replica_churn: number;
  readonly wasted_instance_s: number;
  readonly reaction_time_s: number;
  readonly max_reaction_time_s: number;
  readonly slo_violation_s: number;
  readonly dropped_requests: number;
  readonly served_requests: number;
  readonly arrived_requests: number;
  readonly instance_hours: number;
  readonly mean_utilization: number;
  readonly stale_routes: number;
  readonly false_evictions: number;
}

/** Counts the world keeps elsewhere (data planes, registry) and hands in at the end. */
export interface EndOfRunCounts {
  /** Requests routed to an instance no longer serving, over all services. */
  readonly staleRoutes: number;
  /** Eviction episodes of live, ready instances (see false_evictions). */
  readonly falseEvictions: number;
}

/** The summary metric names, in column order. */
export const SUMMARY_METRICS: readonly (keyof RunSummary)[] = [
  'scale_actions',
  'flaps_per_hour',
  'replica_churn',
  'wasted_instance_s',
  'reaction_time_s',
  'max_reaction_time_s',
  'slo_violation_s',
  'dropped_requests',
  'served_requests',
  'arrived_requests',
  'instance_hours',
  'mean_utilization',
  'stale_routes',
  'false_evictions',
];

/** Accumulates the summary as the run goes. */
export class RunMetrics {
  private scaleActions = 0;
  private flaps = 0;
  private churn = 0;
  private lastDirection = 0;
  private wasted = 0;
  private episodes: Micros[] = [];
  private episodeStart: Micros | undefined;
  private violation: Micros = 0;
  private dropped = 0;
  private served = 0;
  private arrived = 0;
  private instanceTime = 0;
  private utilTime = 0;
  private readyTime: Micros = 0;

  constructor(
    /** Instances removed sooner than this after creation count as waste. */
    private readonly shortLived: Micros,
  ) {}

  /** A scale action changed desired replicas from → to. */
  scaled(from: number, to: number): void {
    if (from === to) return;
    this.scaleActions++;
    this.churn += Math.abs(to - from);
    const dir = Math.sign(to - from);
    if (this.lastDirection !== 0 && dir !== this.lastDirection) this.flaps++;
    this.lastDirection = dir;
  }

  /** An instance was removed after living `lifetime`. */
  removed(lifetime: Micros): void {
    if (lifetime < this.shortLived) this.wasted += lifetime;
  }

  /** One data-plane tick of length dt for a service. */
  tick(
    now: Micros,
    dt: Micros,
    t: { arrived: number; served: number; dropped: number; utilization: number; latency: Micros; underProvisioned: boolean; live: number; ready: number },
    sloLatency: Micros,
  ): void {
    this.arrived += t.arrived;
    this.served += t.served;
    this.dropped += t.dropped;
    this.instanceTime += t.live * dt;
    if (t.ready > 0) {
      this.utilTime += t.utilization * dt;
      this.readyTime += dt;
    }
    if (t.latency > sloLatency || t.dropped > 0) this.violation += dt;
    if (t.underProvisioned && this.episodeStart === undefined) this.episodeStart = now - dt;
    if (!t.underProvisioned && this.episodeStart !== undefined) {
      this.episodes.push(now - dt - this.episodeStart);
      this.episodeStart = undefined;
    }
  }

  /** The summary at the end of a run of length `horizon`. */
  finish(horizon: Micros, counts: EndOfRunCounts = { staleRoutes: 0, falseEvictions: 0 }): RunSummary {
    const episodes = [...this.episodes];
    if (this.episodeStart !== undefined) episodes.push(horizon - this.episodeStart);
    const meanEpisode = episodes.length ? episodes.reduce((a, b) => a + b, 0) / episodes.length : 0;
    return {
      scale_actions: this.scaleActions,
      flaps_per_hour: round(this.flaps / (horizon / HOUR), 4),
      replica_churn: this.churn,
      wasted_instance_s: round(this.wasted / SECOND, 3),
      reaction_time_s: round(meanEpisode / SECOND, 3),
      max_reaction_time_s: round(Math.max(0, ...episodes) / SECOND, 3),
      slo_violation_s: round(this.violation / SECOND, 3),
      dropped_requests: Math.round(this.dropped),
      served_requests: Math.round(this.served),
      arrived_requests: Math.round(this.arrived),
      instance_hours: round(this.instanceTime / HOUR, 4),
      mean_utilization: this.readyTime > 0 ? round(this.utilTime / this.readyTime, 4) : 0,
      stale_routes: Math.round(counts.staleRoutes),
      false_evictions: counts.falseEvictions,
    };
  }
}

/** Rounds to `digits` decimals; keeps CSV output short and stable. */
export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
