import type { Micros } from '../../lib/time.js';
import type { EventLabel } from '../engine/event-label.js';
import type { Simulation } from '../engine/simulation.js';
import type { Instance } from './cluster.js';

/** What a request server needs from its service's data plane. */
export interface RequestServerHost<C = unknown> {
  /** The engine. */
  readonly sim: Simulation;
  /** Draws the service time of the next request on `server`, µs, adding the request's own `extra` (e.g. a cache miss's fetch). */
  serviceTime(server: RequestServer<C>, extra: Micros): Micros;
  /** A request that arrived at `arrivedAt` finished service on `server` now. */
  completed(server: RequestServer<C>, arrivedAt: Micros): void;
  /** The number of busy slots on `server` changed by `delta` (for utilization integrals). */
  busyChanged(server: RequestServer<C>, delta: number): void;
  /** `server` has nothing in service and nothing queued. */
  idle(server: RequestServer<C>): void;
  /** The number of requests waiting in `server`'s queue changed by `delta` (for the service-wide backlog limit). */
  waitingChanged(delta: number): void;
}

/**
 * One instance's request server: `concurrency` slots and a FIFO queue of at
 * most `queueLimit` waiting requests. A request is only its arrival time and
 * the extra service time it brings (0 unless, say, it missed a cache):
 * queued ones sit in ring buffers, in-service ones in their slot, and each
 * slot has one completion callback made when the server is built, so serving
 * a request allocates no closure.
 */
export class RequestServer<C = unknown> {
  /** Slots busy now. */
  busy = 0;
  /** True once the instance crashed or terminated: completions are ignored and nothing new starts. */
  dead = false;
  /** Busy slot-µs since the last `takeSample`. */
  private busyIntegral = 0;
  private lastChange: Micros;
  private sampleStart: Micros;
  /** Requests completed since the last sample, and how many of them failed. */
  private completedInSample = 0;
  private failedInSample = 0;
  private latencyInSample = 0;
  private queue: Float64Array;
  private queueExtra: Float64Array;
  private qHead = 0;
  private qSize = 0;
  private readonly slotArrived: Float64Array;
  private readonly freeSlots: Int32Array;
  private freeTop: number;
  private readonly done: (() => void)[];

  constructor(
    /** The instance this server runs on. */
    readonly instance: Instance,
    /** Requests served at once. */
    readonly concurrency: number,
    /** Requests that may wait; more are dropped. */
    readonly queueLimit: number,
    private readonly host: RequestServerHost<C>,
    private readonly label: EventLabel,
    /** What the host keeps per server (its version's profile and tally), read on every request without a lookup. */
    readonly context: C,
  ) {
    const now = host.sim.now;
    this.lastChange = now;
    this.sampleStart = now;
    this.queue = new Float64Array(Math.min(Math.max(queueLimit, 1), 64));
    this.queueExtra = new Float64Array(this.queue.length);
    this.slotArrived = new Float64Array(concurrency);
    this.freeSlots = new Int32Array(concurrency);
    for (let i = 0; i < concurrency; i++) this.freeSlots[i] = concurrency - 1 - i;
    this.freeTop = concurrency;
    this.done = Array.from({ length: concurrency }, (_, slot) => () => this.complete(slot));
  }

  /** Requests queued or in service. */
  get outstanding(): number {
    return this.busy + this.qSize;
  }

  /** Requests waiting in the queue. */
  get queued(): number {
    return this.qSize;
  }

  /** True when a request offered now would wait: every slot busy. */
  get saturated(): boolean {
    return this.freeTop === 0;
  }

  /** True when a request offered now would be dropped: every slot busy and the queue full. */
  get full(): boolean {
    return this.freeTop === 0 && this.qSize >= this.queueLimit;
  }

  /**
   * Takes a request that arrived at `arrivedAt` and needs `extra` µs of
   * service beyond the drawn time; false if the queue is full (the request
   * is dropped).
   */
  offer(arrivedAt: Micros, extra: Micros = 0): boolean {
    if (this.freeTop > 0) {
      this.start(arrivedAt, extra);
      return true;
    }
    if (this.qSize >= this.queueLimit) return false;
    if (this.qSize === this.queue.length) this.growQueue();
    const at = (this.qHead + this.qSize) % this.queue.length;
    this.queue[at] = arrivedAt;
    this.queueExtra[at] = extra;
    this.qSize++;
    this.host.waitingChanged(1);
    return true;
  }

  /** Records the outcome of a completed request for per-instance metrics. */
  noteOutcome(failed: boolean, latency: Micros): void {
    this.completedInSample++;
    if (failed) this.failedInSample++;
    else this.latencyInSample += latency;
  }

  /**
   * Stops the server for good: returns the requests lost with it (in
   * service and queued). Pending completions will be ignored.
   */
  kill(): number {
    if (this.dead) return 0;
    this.integrate();
    const lost = this.busy + this.qSize;
    if (this.busy > 0) this.host.busyChanged(this, -this.busy);
    if (this.qSize > 0) this.host.waitingChanged(-this.qSize);
    this.dead = true;
    this.busy = 0;
    this.qSize = 0;
    return lost;
  }

  /**
   * Utilization, requests, failures and mean latency since the previous
   * call, then starts a new sample.
   */
  takeSample(): { utilization: number; requests: number; errors: number; latencySum: number } {
    this.integrate();
    const now = this.host.sim.now;
    const span = now - this.sampleStart;
    const out = {
      utilization: span > 0 ? this.busyIntegral / (this.concurrency * span) : 0,
      requests: this.completedInSample,
      errors: this.failedInSample,
      latencySum: this.latencyInSample,
    };
    this.busyIntegral = 0;
    this.sampleStart = now;
    this.completedInSample = 0;
    this.failedInSample = 0;
    this.latencyInSample = 0;
    return out;
  }

  private integrate(): void {
    const now = this.host.sim.now;
    this.busyIntegral += this.busy * (now - this.lastChange);
    this.lastChange = now;
  }

  private start(arrivedAt: Micros, extra: Micros): void {
    const slot = this.freeSlots[--this.freeTop]!;
    this.slotArrived[slot] = arrivedAt;
    this.integrate();
    this.busy++;
    this.host.busyChanged(this, 1);
    this.host.sim.postAfter(this.host.serviceTime(this, extra), this.done[slot]!, this.label);
  }

  private complete(slot: number): void {
    if (this.dead) return;
    this.integrate();
    this.busy--;
    this.host.busyChanged(this, -1);
    this.freeSlots[this.freeTop++] = slot;
    this.host.completed(this, this.slotArrived[slot]!);
    if (this.dead) return;
    if (this.qSize > 0) {
      const arrivedAt = this.queue[this.qHead]!;
      const extra = this.queueExtra[this.qHead]!;
      this.qHead = (this.qHead + 1) % this.queue.length;
      this.qSize--;
      this.host.waitingChanged(-1);
      this.start(arrivedAt, extra);
    } else if (this.busy === 0) {
      this.host.idle(this);
    }
  }

  private growQueue(): void {
    const size = Math.min(this.queue.length * 2, Math.max(this.queueLimit, 1));
    const bigger = new Float64Array(size);
    const biggerExtra = new Float64Array(size);
    for (let i = 0; i < this.qSize; i++) {
      const from = (this.qHead + i) % this.queue.length;
      bigger[i] = this.queue[from]!;
      biggerExtra[i] = this.queueExtra[from]!;
    }
    this.queue = bigger;
    this.queueExtra = biggerExtra;
    this.qHead = 0;
  }
}
