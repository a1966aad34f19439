import type { Micros } from '../../lib/time.js';
import { MILLISECOND, SECOND } from '../../lib/time.js';
import { RandomStream } from '../../lib/random.js';
import type { LoadFunction } from '../../sim/world/load.js';
import { HOST_CLOCK } from '../runner/host-clock.js';
import type { TimerHandle } from '../../controllers/port/runtime.js';

/** What clients saw over one window: the data-plane columns of a live time-series row. */
export interface ClientWindow {
  /** Requests sent (or, with no ready worker, attempted) in the window. */
  readonly arrived: number;
  /** Answered 2xx in the window. */
  readonly served: number;
  /** Answered otherwise, timed out or refused. */
  readonly errors: number;
  /** Not sent: no worker was ready. */
  readonly dropped: number;
  /** Latencies of the served requests, ms, in completion order. */
  readonly latenciesMs: readonly number[];
  /** Requests still awaiting an answer at the window's end. */
  readonly inFlight: number;
}

/**
 * A seeded open-loop load generator: Poisson arrivals whose rate follows a
 * service's `load` shapes (the same function the simulator offers), sent
 * round-robin to the service's ready workers. Open loop means arrivals do
 * not wait for answers, so an overloaded pool shows up as latency and
 * errors, as it would for real users. Arrival times come from a stream
 * forked from the seed; answer times are the machine's.
 */
export class LoadGenerator {
  private readonly rng: RandomStream;
  private next = 0;
  private rr = 0;
  private timer: TimerHandle | undefined;
  private stopped = false;
  private window = { arrived: 0, served: 0, errors: 0, dropped: 0, latencies: [] as number[] };
  private inFlight = 0;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly rate: LoadFunction,
    /** Ready endpoints now, e.g. ["http://127.0.0.1:19100"]. */
    private readonly endpoints: () => readonly string[],
    /** The run's clock, µs since the run started. */
    private readonly now: () => Micros,
    seed: number | string,
    name: string,
    /** Longest a request may take before it counts as an error. */
    private readonly timeout: Micros,
  ) {
    this.rng = RandomStream.root(seed).fork(`live-load/${name}`);
  }

  /** Starts sending from the clock's current time. */
  start(): void {
    this.next = this.now();
    this.arm();
  }

  /** Stops sending; resolves once every request sent has settled. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) HOST_CLOCK.clearTimer(this.timer);
    await Promise.all([...this.pending]);
  }

  /** Returns the counts since the previous call and starts a new window. */
  takeWindow(): ClientWindow {
    const w = this.window;
    this.window = { arrived: 0, served: 0, errors: 0, dropped: 0, latencies: [] };
    return { arrived: w.arrived, served: w.served, errors: w.errors, dropped: w.dropped, latenciesMs: w.latencies, inFlight: this.inFlight };
  }

  private arm(): void {
    if (this.stopped) return;
    // Draw the next arrival at the rate in force now; a zero rate looks again in 100 ms.
    const r = this.rate(this.next);
    this.next += r > 0 ? Math.round(this.rng.exponential(SECOND / r)) : 100 * MILLISECOND;
    const fire = r > 0;
    this.timer = HOST_CLOCK.setTimer(this.next - this.now(), () => {
      if (fire) this.send();
      this.arm();
    });
  }

  private send(): void {
    this.window.arrived++;
    const eps = this.endpoints();
    if (eps.length === 0) {
      this.window.dropped++;
      return;
    }
    const url = eps[this.rr++ % eps.length]!;
    const sent = this.now();
    this.inFlight++;
    const p = fetch(`${url}/`, { signal: AbortSignal.timeout(this.timeout / MILLISECOND) })
      .then(async (res) => {
        await res.arrayBuffer();
        if (res.ok) {
          this.window.served++;
          this.window.latencies.push((this.now() - sent) / MILLISECOND);
        } else this.window.errors++;
      })
      .catch(() => {
        this.window.errors++;
      })
      .finally(() => {
        this.inFlight--;
        this.pending.delete(p);
      });
    this.pending.add(p);
  }
}
