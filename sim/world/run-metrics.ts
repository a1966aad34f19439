import type { Micros } from '../../lib/time.js';
import { HOUR, MILLISECOND, SECOND } from '../../lib/time.js';
import { SUMMARY_CATALOGUE } from '../metric-catalogue.js';
import { ExactQuantiles } from '../../lib/stats/exact-quantiles.js';

/**
 * The per-run summary metrics that answer "responsive or thrashing?".
 * Units, directions and definitions are declared once in
 * sim/metric-catalogue.ts (and the README's metric table). In short:
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
 * - shortfall_requests: ∫ max(0, offered − ready capacity) dt; overprovisioned_rps_s its mirror.
 * - time_to_adequate_s / max_time_to_adequate_s: deficit episodes merged across gaps shorter than
 *   ADEQUATE_HOLD, so oscillation lengthens them instead of cutting them up.
 * - latency_mean_ms / latency_p95_ms / latency_p99_ms: over served requests.
 * - error_budget_burn: bad requests over (1 − SLO target) × arrived.
 * Every metric counts only the analysed interval (see `AnalysisWindow`).
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
  readonly shortfall_requests: number;
  readonly time_to_adequate_s: number;
  readonly max_time_to_adequate_s: number;
  readonly overprovisioned_rps_s: number;
  readonly latency_mean_ms: number;
  readonly latency_p95_ms: number;
  readonly latency_p99_ms: number;
  readonly error_budget_burn: number;
}

/** Counts the world keeps elsewhere (data planes, registry) and hands in at the end. */
export interface EndOfRunCounts {
  /** Requests routed to an instance no longer serving, over all services. */
  readonly staleRoutes: number;
  /** Eviction episodes of live, ready instances (see false_evictions). */
  readonly falseEvictions: number;
}

/** The summary metric names, in column order (the catalogue's order). */
export const SUMMARY_METRICS: readonly (keyof RunSummary)[] = SUMMARY_CATALOGUE.map((i) => i.name as keyof RunSummary);

/** A deficit ends only after ready capacity has covered offered load this long without a break. */
const ADEQUATE_HOLD: Micros = 60 * SECOND;

/**
 * The analysed interval [from, to) of a run: `analysis.warmup` leaves the
 * start-up transient out, `analysis.window` bounds the length. A tick counts
 * when it ends inside the interval; an action when it happens inside it.
 */
export interface AnalysisWindow {
  /** Start (the warm-up), µs. */
  readonly from: Micros;
  /** End, µs (the horizon when no window is set). */
  readonly to?: Micros;
}

/** Inputs of one data-plane tick of one service. */
export interface TickInput {
  /** Requests that arrived in the tick. */
  readonly arrived: number;
  /** Requests served. */
  readonly served: number;
  /** Requests dropped. */
  readonly dropped: number;
  /** Requests that failed (stale routes, crashed instances). */
  readonly failed?: number;
  /** Busy fraction of ready capacity. */
  readonly utilization: number;
  /** Mean latency of the tick's served requests, µs (∞ when requests wait and none was served). */
  readonly latency: Micros;
  /** Offered load exceeded ready capacity. */
  readonly underProvisioned: boolean;
  /** Offered load, requests per second. */
  readonly offered?: number;
  /** Ready capacity, requests per second. */
  readonly capacity?: number;
  /** Live instances. */
  readonly live: number;
  /** Ready instances. */
  readonly ready: number;
  /** At request fidelity, the latency (µs) of every request served in the tick; absent in fluid mode. */
  readonly requestLatencies?: { forEach(fn: (latency: number) => void): void };
}

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
  private bad = 0;
  private instanceTime = 0;
  private utilTime = 0;
  private readyTime: Micros = 0;
  private shortfall = 0;
  private overprovision = 0;
  private latencySum = 0;
  /** Per served tick: mean latency (µs) and requests served, for the run-level percentiles in fluid mode. */
  private latencies: number[] = [];
  private weights: number[] = [];
  /** At request fidelity, every served request's latency (µs), for exact run-level percentiles. */
  private readonly requestLatencies = new ExactQuantiles();
  /** Whether ticks carried request latencies (request fidelity). */
  private requestLevel = false;
  /** Deficit episodes for time_to_adequate_s: closed lengths, the open one's start, and when capacity last became adequate. */
  private deficits: Micros[] = [];
  private deficitStart: Micros | undefined;
  private adequateSince: Micros | undefined;

  constructor(
    /** Instances removed sooner than this after creation count as waste. */
    private readonly shortLived: Micros,
    /** The analysed interval (default: the whole run). */
    private readonly window: AnalysisWindow = { from: 0 },
    /** The virtual clock, to place actions in the analysed interval (default: always inside). */
    private readonly clock: () => Micros = () => window.from,
    /** SLO target: the fraction of requests that must be good (error_budget_burn's budget is 1 − target). */
    private readonly sloTarget = 0.99,
  ) {}

  private inside(t: Micros): boolean {
    return t >= this.window.from && (this.window.to === undefined || t <= this.window.to);
  }

  /** A scale action changed desired replicas from → to. */
  scaled(from: number, to: number): void {
    if (from === to) return;
    const dir = Math.sign(to - from);
    // The direction is tracked through the warm-up, so the first reversal after it still counts.
    if (this.inside(this.clock())) {
      this.scaleActions++;
      this.churn += Math.abs(to - from);
      if (this.lastDirection !== 0 && dir !== this.lastDirection) this.flaps++;
    }
    this.lastDirection = dir;
  }

  /** An instance was removed after living `lifetime`. */
  removed(lifetime: Micros): void {
    if (lifetime < this.shortLived && this.inside(this.clock())) this.wasted += lifetime;
  }

  /** One data-plane tick (now − dt, now] of one service. */
  tick(now: Micros, dt: Micros, t: TickInput, sloLatency: Micros): void {
    if (!this.inside(now) || now - dt < this.window.from) return;
    const seconds = dt / SECOND;
    this.arrived += t.arrived;
    this.served += t.served;
    this.dropped += t.dropped;
    this.instanceTime += t.live * dt;
    if (t.ready > 0) {
      this.utilTime += t.utilization * dt;
      this.readyTime += dt;
    }
    const slow = t.latency > sloLatency;
    if (slow || t.dropped > 0) this.violation += dt;
    this.bad += t.dropped + (t.failed ?? 0) + (slow ? t.served : 0);
    if (t.served > 0 && Number.isFinite(t.latency)) {
      this.latencySum += t.latency * t.served;
      this.latencies.push(t.latency);
      this.weights.push(t.served);
    }
    if (t.requestLatencies) {
      this.requestLevel = true;
      t.requestLatencies.forEach((l) => this.requestLatencies.record(l));
    }
    const offered = t.offered ?? 0;
    const capacity = t.capacity ?? 0;
    this.shortfall += Math.max(0, offered - capacity) * seconds;
    this.overprovision += Math.max(0, capacity - offered) * seconds;
    if (t.underProvisioned && this.episodeStart === undefined) this.episodeStart = now - dt;
    if (!t.underProvisioned && this.episodeStart !== undefined) {
      this.episodes.push(now - dt - this.episodeStart);
      this.episodeStart = undefined;
    }
    this.deficitTick(now, dt, t.underProvisioned);
  }

  /** Merges deficits separated by less than ADEQUATE_HOLD of adequate capacity into one episode. */
  private deficitTick(now: Micros, dt: Micros, short: boolean): void {
    if (short) {
      if (this.deficitStart === undefined) this.deficitStart = now - dt;
      this.adequateSince = undefined;
      return;
    }
    if (this.deficitStart === undefined) return;
    if (this.adequateSince === undefined) this.adequateSince = now - dt;
    if (now - this.adequateSince >= ADEQUATE_HOLD) {
      this.deficits.push(this.adequateSince - this.deficitStart);
      this.deficitStart = undefined;
      this.adequateSince = undefined;
    }
  }

  /** The summary at the end of a run of length `horizon`. */
  finish(horizon: Micros, counts: EndOfRunCounts = { staleRoutes: 0, falseEvictions: 0 }): RunSummary {
    const end = Math.min(horizon, this.window.to ?? horizon);
    const length = Math.max(0, end - this.window.from);
    const episodes = [...this.episodes];
    if (this.episodeStart !== undefined) episodes.push(end - this.episodeStart);
    const meanEpisode = episodes.length ? episodes.reduce((a, b) => a + b, 0) / episodes.length : 0;
    const deficits = [...this.deficits];
    // A deficit still open at the end lasted at least until its last short tick (or the end).
    if (this.deficitStart !== undefined) deficits.push((this.adequateSince ?? end) - this.deficitStart);
    const meanDeficit = deficits.length ? deficits.reduce((a, b) => a + b, 0) / deficits.length : 0;
    // Exact over every served request at request level; in fluid mode a tick's requests share its mean latency.
    const [p95, p99] = this.requestLevel ? this.requestLatencies.percentiles([95, 99]) : weightedPercentiles(this.latencies, this.weights, [95, 99]);
    const budget = (1 - this.sloTarget) * this.arrived;
    return {
      scale_actions: this.scaleActions,
      flaps_per_hour: length > 0 ? round(this.flaps / (length / HOUR), 4) : 0,
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
      shortfall_requests: round(this.shortfall, 1),
      time_to_adequate_s: round(meanDeficit / SECOND, 3),
      max_time_to_adequate_s: round(Math.max(0, ...deficits) / SECOND, 3),
      overprovisioned_rps_s: round(this.overprovision, 1),
      latency_mean_ms: this.served > 0 ? round(this.latencySum / this.served / MILLISECOND, 3) : 0,
      latency_p95_ms: round((p95 ?? 0) / MILLISECOND, 3),
      latency_p99_ms: round((p99 ?? 0) / MILLISECOND, 3),
      error_budget_burn: budget > 0 ? round(this.bad / budget, 4) : 0,
    };
  }
}

/**
 * Nearest-rank percentiles of values with weights (p in (0, 100]): the
 * smallest value with at least p% of the total weight at or below it.
 * Undefined entries when the total weight is zero.
 */
export function weightedPercentiles(values: readonly number[], weights: readonly number[], ps: readonly number[]): (number | undefined)[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]! || a - b);
  let total = 0;
  for (const w of weights) total += w;
  if (total <= 0) return ps.map(() => undefined);
  return ps.map((p) => {
    const need = (p / 100) * total;
    let acc = 0;
    for (const i of order) {
      acc += weights[i]!;
      if (acc >= need - 1e-9 * total) return values[i]!;
    }
    return values[order[order.length - 1]!]!;
  });
}

/** Rounds to `digits` decimals; keeps CSV output short and stable. */
export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
