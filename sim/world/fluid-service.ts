import type { Micros } from '../../controllers/port/time.js';
import { SECOND } from '../../controllers/port/time.js';

/** Capacity model of one service in fluid mode. */
export interface FluidCapacity {
  /** Requests per second one ready instance serves at 100% utilization. */
  readonly rpsPerInstance: number;
  /** Mean service time of one request, µs. */
  readonly serviceTime: Micros;
  /** Backlog (requests) past which arrivals are dropped. */
  readonly maxBacklog: number;
}

/** What one fluid tick did. */
export interface FluidTick {
  /** Requests offered in the tick. */
  readonly arrived: number;
  /** Requests completed. */
  readonly served: number;
  /** Requests dropped because the backlog was full. */
  readonly dropped: number;
  /** Busy fraction of ready capacity (1 when saturated, 0 with no capacity and no work). */
  readonly utilization: number;
  /** Mean latency of requests served now, µs. */
  readonly latency: Micros;
  /** Backlog after the tick. */
  readonly backlog: number;
}

/**
 * A service as a fluid queue: per tick, arrivals join a backlog, ready
 * capacity drains it, overflow beyond `maxBacklog` is dropped.
 *
 * Latency is the service time, plus the fluid delay of the backlog
 * (backlog / capacity), plus Sakasegawa's M/M/c approximation of queueing
 * delay at utilization ρ < 1: Wq ≈ S·ρ^(√(2(c+1))−1) / (c(1−ρ)). Fluid mode
 * models means only; percentiles come from request-level mode.
 */
export class FluidService {
  private backlogRequests = 0;

  constructor(private readonly capacity: FluidCapacity) {}

  /** Current backlog in requests. */
  get backlog(): number {
    return this.backlogRequests;
  }

  /** Advances by `dt` µs with `offeredRps` arriving and `ready` instances serving at `speed` (1 = nominal). */
  tick(dt: Micros, offeredRps: number, ready: number, speed = 1): FluidTick {
    const seconds = dt / SECOND;
    const arrived = offeredRps * seconds;
    const capacityRps = ready * this.capacity.rpsPerInstance * speed;
    const canServe = capacityRps * seconds;
    let backlog = this.backlogRequests + arrived;
    const served = Math.min(backlog, canServe);
    backlog -= served;
    const dropped = Math.max(0, backlog - this.capacity.maxBacklog);
    backlog -= dropped;
    this.backlogRequests = backlog;
    const utilization = canServe > 0 ? served / canServe : arrived > 0 ? 1 : 0;
    const serviceTime = this.capacity.serviceTime / speed;
    let latency = serviceTime;
    if (capacityRps > 0) {
      latency += (backlog / capacityRps) * SECOND;
      const rho = Math.min(utilization, 0.999);
      if (rho > 0 && ready > 0) latency += (serviceTime * Math.pow(rho, Math.sqrt(2 * (ready + 1)) - 1)) / (ready * (1 - rho));
    } else if (backlog > 0) {
      latency = Number.POSITIVE_INFINITY;
    }
    return { arrived, served, dropped, utilization, latency, backlog };
  }
}
