/**
 * The simulator (package subpath `ctrlsim/sim`): the engine and its
 * processes, fingerprints, distributions, queueing references, the virtual
 * runtime, and the world with its load, faults, scenarios, network, quorum
 * lease store, coordination pieces and properties. Time is integer
 * microseconds (`Micros`) throughout. Re-exports only; the event queue, event
 * labels, counters and the data planes' internals are not public.
 */
export * from '../lib/time.js';
export { Simulation, DEFAULT_MAX_EVENTS, type EventHandle, type SimulationOptions, type RunLimits, type RunResult } from './engine/simulation.js';
export * from './engine/process.js';
export * from './engine/errors.js';
export * from './engine/fingerprint.js';
export { RandomStream } from '../lib/random.js';
export * from './distribution.js';
export * from './models/queueing-theory.js';
export * from './models/mmc.js';
export * from './virtual-runtime.js';
export * from './world/load.js';
export * from './world/load-trace.js';
export * from './world/load-noise.js';
export * from './world/load-source.js';
export * from './world/arrival-process.js';
export * from './world/load-balancer.js';
export * from './world/cluster.js';
export * from './world/version-profile.js';
export * from './world/service-model.js';
export * from './world/faults.js';
export * from './world/scenario.js';
export * from './world/churn.js';
export { RunMetrics, SUMMARY_METRICS, weightedPercentiles, type RunSummary, type AnalysisWindow } from './world/run-metrics.js';
export { World, TIMESERIES_COLUMNS, EVENT_COLUMNS, DEFAULT_PROBE_PERIOD, type Row, type RowSink } from './world/world.js';
export type { CapacitySpec, CacheSpec, ChurnSpec, Fidelity, WorldNetworkSpec, WorldServiceSpec, WorldSpec } from './world/world-spec.js';
export * as network from './network/index.js';
export * as consensus from './consensus/index.js';
export * as coordination from './coordination/index.js';
export * from './properties/index.js';
