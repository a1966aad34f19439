import type { Micros } from '../../lib/time.js';
import { eventLabel } from '../engine/event-label.js';
import { Resource, spawn } from '../engine/process.js';
import type { RandomStream } from '../../lib/random.js';
import { Simulation } from '../engine/simulation.js';

/** Parameters of an M/M/c run. Times in µs. */
export interface MmcParams {
  /** Mean time between arrivals, µs (1/λ). */
  readonly meanInterarrival: Micros;
  /** Mean service time, µs (1/μ). */
  readonly meanService: Micros;
  /** Number of servers c. */
  readonly servers: number;
  /** Customers to generate; the run ends when the last has left. */
  readonly customers: number;
  /** Root stream; arrivals and services fork their own streams from it. */
  readonly rng: RandomStream;
}

/** What an M/M/c run measured. Times in µs. */
export interface MmcResult {
  /** Customers that completed service. */
  readonly customers: number;
  /** Events the engine processed. */
  readonly events: number;
  /** Virtual time of the last departure. */
  readonly duration: Micros;
  /** Mean wait in queue. */
  readonly meanWait: number;
  /** Mean time in system. */
  readonly meanSojourn: number;
  /** Fraction of customers that waited at all. */
  readonly fractionWaited: number;
  /** Time-average number in system, ∫N(t)dt / duration, integrated from N(t) itself. */
  readonly meanInSystem: number;
  /** Observed arrival rate, customers per µs. */
  readonly arrivalRate: number;
  /** The run's trace fingerprint. */
  readonly fingerprint: string;
}

/**
 * A quantity N(t) and its integral ∫N(t)dt, kept independently of the
 * per-customer sums so that Little's law L = λW is a real check of the
 * engine's clock.
 */
class TimeIntegral {
  private value = 0;
  private area = 0;
  private lastChange: Micros = 0;

  constructor(private readonly sim: Simulation) {}

  /** Changes N by `delta` at the current time. */
  add(delta: number): void {
    this.area += this.value * (this.sim.now - this.lastChange);
    this.lastChange = this.sim.now;
    this.value += delta;
  }

  /** ∫N(t)dt up to the last change. */
  integral(): number {
    return this.area;
  }
}

const ARRIVAL = eventLabel('arrival', 'queue');
const DEPARTURE = eventLabel('departure', 'queue');

/**
 * M/M/c written with plain callbacks: one arrival event per customer and one
 * departure event per service. Waiting customers are a FIFO of arrival times.
 */
export function runMmcCallbacks(p: MmcParams): MmcResult {
  const sim = new Simulation();
  const arrivals = p.rng.fork('arrivals');
  const services = p.rng.fork('services');
  let waitingTimes = new Float64Array(1024);
  let head = 0;
  let tail = 0;
  let busy = 0;
  let arrived = 0;
  let completed = 0;
  let waited = 0;
  let sumWait = 0;
  let sumSojourn = 0;
  const population = new TimeIntegral(sim);
  const changeInSystem = (delta: number): void => population.add(delta);

  const startService = (arrivalTime: Micros): void => {
    const service = Math.round(services.exponential(p.meanService));
    sumSojourn += sim.now + service - arrivalTime;
    sim.postAfter(service, depart, DEPARTURE);
  };
  const depart = (): void => {
    completed++;
    changeInSystem(-1);
    if (head < tail) {
      const t = waitingTimes[head++]!;
      sumWait += sim.now - t;
      waited++;
      startService(t);
    } else {
      busy--;
    }
  };
  const arrive = (): void => {
    arrived++;
    changeInSystem(+1);
    if (arrived < p.customers) sim.postAfter(Math.round(arrivals.exponential(p.meanInterarrival)), arrive, ARRIVAL);
    if (busy < p.servers) {
      busy++;
      startService(sim.now);
    } else {
      if (tail === waitingTimes.length) {
        const live = waitingTimes.subarray(head, tail);
        const grown = new Float64Array(Math.max(1024, live.length * 2));
        grown.set(live);
        waitingTimes = grown;
        tail -= head;
        head = 0;
      }
      waitingTimes[tail++] = sim.now;
    }
  };

  sim.postAfter(Math.round(arrivals.exponential(p.meanInterarrival)), arrive, ARRIVAL);
  const { events } = sim.run();
  return summarize(sim.now, completed, events, sumWait, sumSojourn, waited, population.integral(), sim.fingerprint);
}

/**
 * The same M/M/c written as processes: each customer is a generator that
 * acquires a server, holds it for its service time and releases it.
 */
export function runMmcProcesses(p: MmcParams): MmcResult {
  const sim = new Simulation();
  const arrivals = p.rng.fork('arrivals');
  const services = p.rng.fork('services');
  const servers = new Resource(sim, p.servers, DEPARTURE);
  let completed = 0;
  let waited = 0;
  let sumWait = 0;
  let sumSojourn = 0;
  const population = new TimeIntegral(sim);
  const changeInSystem = (delta: number): void => population.add(delta);

  function* customer(): Generator<Micros | ReturnType<Resource['acquire']>, void, unknown> {
    const arrivedAt = sim.now;
    changeInSystem(+1);
    yield servers.acquire();
    const wait = sim.now - arrivedAt;
    if (wait > 0) waited++;
    sumWait += wait;
    yield Math.round(services.exponential(p.meanService));
    servers.release();
    changeInSystem(-1);
    sumSojourn += sim.now - arrivedAt;
    completed++;
  }
  function* source(): Generator<Micros, void, unknown> {
    for (let i = 0; i < p.customers; i++) {
      yield Math.round(arrivals.exponential(p.meanInterarrival));
      spawn(sim, customer(), ARRIVAL);
    }
  }

  spawn(sim, source(), ARRIVAL);
  const { events } = sim.run();
  return summarize(sim.now, completed, events, sumWait, sumSojourn, waited, population.integral(), sim.fingerprint);
}

function summarize(
  duration: Micros,
  customers: number,
  events: number,
  sumWait: number,
  sumSojourn: number,
  waited: number,
  areaInSystem: number,
  fingerprint: string,
): MmcResult {
  return {
    customers,
    events,
    duration,
    meanWait: sumWait / customers,
    meanSojourn: sumSojourn / customers,
    fractionWaited: waited / customers,
    meanInSystem: areaInSystem / duration,
    arrivalRate: customers / duration,
    fingerprint,
  };
}
