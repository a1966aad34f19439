import { createRequire } from 'node:module';
import type { RandomStream } from '../lib/random.js';
import type { BareResult } from './mm1-bare.js';

/** The parts of SIM.JS 2.0.3 this benchmark uses (the package ships no types). */
interface SimJsRequest {
  done(callback: (this: SimJsEntity, argument?: number) => void, context?: SimJsEntity, argument?: number): SimJsRequest;
}
interface SimJsEntity {
  time(): number;
  setTimer(duration: number): SimJsRequest;
  useFacility(facility: unknown, duration: number): SimJsRequest;
}
interface SimJs {
  Sim: new () => { addEntity(klass: unknown): SimJsEntity; simulate(endTime: number): boolean };
  Entity: new (sim: unknown, name?: string) => SimJsEntity;
  Facility: new (name: string) => unknown;
}

let loaded: SimJs | undefined;

/**
 * SIM.JS as a Node module. Its npm bundle (browserify, no standalone
 * wrapper) exports nothing to CommonJS and only assigns `window.Sim`, so a
 * stand-in `window` is lent for the one `require`.
 */
function simjs(): SimJs {
  if (loaded) return loaded;
  const g = globalThis as { window?: { Sim?: SimJs } | undefined };
  const had = 'window' in g;
  const previous = g.window;
  g.window = {};
  try {
    const require = createRequire(import.meta.url);
    require('simjs');
    loaded = g.window.Sim;
  } finally {
    if (had) g.window = previous;
    else delete g.window;
  }
  if (!loaded) throw new Error('simjs did not define window.Sim: is simjs@2.0.3 installed (a devDependency)?');
  return loaded;
}

/**
 * The same M/M/1 as `runMmcCallbacks` and `runMm1Bare`, written the way
 * SIM.JS models one: an arrival entity re-arming a timer, each customer a
 * `useFacility` request on a one-server FCFS facility. The same streams
 * and draws in the same order (services are drawn at arrival, which for one
 * FIFO server is service order), in whole µs, so Wq agrees with the other
 * styles.
 */
export function runMm1SimJs(meanInterarrival: number, meanService: number, customers: number, rng: RandomStream): BareResult {
  const { Sim, Entity, Facility } = simjs();
  const arrivals = rng.fork('arrivals');
  const services = rng.fork('services');
  const sim = new Sim();
  const server = new Facility('server');
  let arrived = 0;
  let completed = 0;
  let sumSojourn = 0;
  let sumService = 0;
  let events = 0;

  function departed(this: SimJsEntity, arrivedAt?: number): void {
    events++;
    completed++;
    sumSojourn += this.time() - (arrivedAt ?? 0);
  }
  function arrive(this: SimJsEntity): void {
    events++;
    arrived++;
    if (arrived < customers) this.setTimer(Math.round(arrivals.exponential(meanInterarrival))).done(arrive);
    const service = Math.round(services.exponential(meanService));
    sumService += service;
    this.useFacility(server, service).done(departed, this, this.time());
  }
  class Source extends Entity {
    start(): void {
      this.setTimer(Math.round(arrivals.exponential(meanInterarrival))).done(arrive);
    }
  }
  sim.addEntity(Source);
  sim.simulate(Number.MAX_VALUE);
  return { customers: completed, events, meanWait: (sumSojourn - sumService) / completed, meanSojourn: sumSojourn / completed };
}
