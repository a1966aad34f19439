import type { Micros } from '../../lib/time.js';
import { SECOND } from '../../lib/time.js';

/** Utilization above which the stationary M/M/c wait is not extrapolated (see `FluidService`). */
const MAX_STATIONARY_RHO = 0.95;

/** What one fluid tick did. */
export interface FluidTick {
  /** Requests offered in the tick. */
  readonly arrived: number;
  /** Requests completed. */
  readonly served: number;
  /** Requests dropped because the backlog was full. */
  readonly dropped: number;
  /** Requests the capacity could have completed. */
  readonly canServe: number;
  /** Busy fraction of capacity (1 when saturated, 0 with no capacity and no work). */
  readonly utilization: number;
  /** Mean latency of requests served now, µs (infinite with a backlog and no capacity). */
  readonly latency: Micros;
  /** Backlog after the tick. */
  readonly backlog: number;
}

/**
 * One pool of instances as a fluid queue: per tick, arrivals join a backlog,
 * the pool's capacity drains it, overflow beyond the tick's backlog limit is
 * dropped.
 *
 * Latency is the service time, plus Sakasegawa's M/M/c approximation of the
 * queueing delay at one instance, whose `concurrency` slots see utilization
 * ρ: Wq ≈ S·ρ^(√(2(c+1))−1) / (c(1−ρ)), with ρ capped at 0.95 because past
 * that the stationary formula diverges; plus the fluid delay of the backlog
 * beyond the stationary queue Lq = λ·Wq, which the Wq term already counts
 * (backlog / capacity of that excess: the transient overload delay).
 *
 * ρ for the Wq term is the tick's expected load over capacity when the
 * caller gives it (Poisson-drawn arrivals fluctuate around it; Wq already
 * models that randomness, so using the drawn count would count it twice,
 * and Wq is convex in ρ), else the tick's utilization. Fluid mode models
 * means only; percentiles come from request-level mode.
 */
export class FluidService {
  private backlogRequests = 0;

  constructor(
    /** Backlog (requests) past which arrivals are dropped, unless a tick gives a lower limit. */
    private readonly maxBacklog: number,
  ) {}

  /** Current backlog in requests. */
  get backlog(): number {
    return this.backlogRequests;
  }

  /**
   * Advances by `dt` µs with `offeredRps` arriving and `capacityRps` of
   * ready capacity whose requests take `serviceTime` µs each on instances of
   * `concurrency` slots. `expectedRps` is the offered rate before Poisson
   * sampling noise (default: `offeredRps`); `limit` caps the backlog this
   * tick (default and at most `maxBacklog`).
   */
  tick(
    dt: Micros,
    offeredRps: number,
    capacityRps: number,
    serviceTime: Micros,
    concurrency: number,
    expectedRps?: number,
    limit = this.maxBacklog,
  ): FluidTick {
    const seconds = dt / SECOND;
    const arrived = offeredRps * seconds;
    const canServe = capacityRps * seconds;
    let backlog = this.backlogRequests + arrived;
    const served = Math.min(backlog, canServe);
    backlog -= served;
    const dropped = Math.max(0, backlog - Math.min(limit, this.maxBacklog));
    backlog -= dropped;
    this.backlogRequests = backlog;
    const utilization = canServe > 0 ? served / canServe : arrived > 0 ? 1 : 0;
    let latency = serviceTime;
    if (capacityRps > 0) {
      const rho = Math.min(expectedRps === undefined ? utilization : Math.min(1, expectedRps / capacityRps), MAX_STATIONARY_RHO);
      const c = Math.max(1, concurrency);
      const wq = rho > 0 ? (serviceTime * Math.pow(rho, Math.sqrt(2 * (c + 1)) - 1)) / (c * (1 - rho)) : 0;
      const lq = (rho * capacityRps * wq) / SECOND;
      latency += wq + (Math.max(0, backlog - lq) / capacityRps) * SECOND;
    } else if (backlog > 0) {
      latency = Number.POSITIVE_INFINITY;
    }
    return { arrived, served, dropped, canServe, utilization, latency, backlog };
  }
}
