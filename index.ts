/**
 * ctrlsim's public API, root entry (`import … from 'ctrlsim'`): what you need
 * to write a controller, run it on the virtual clock or for real, and run an
 * experiment file. Time is one unit everywhere: integer microseconds
 * (`Micros`), built with `SECOND`, `MINUTE`, … or `fromSeconds`.
 *
 * The pure algorithms and the built-in pieces live on subpaths, each with its
 * own unit convention stated in its module doc:
 * `ctrlsim/hpa`, `ctrlsim/policies`, `ctrlsim/rollout`, `ctrlsim/hashring`,
 * `ctrlsim/registry`, `ctrlsim/controllers`, `ctrlsim/sim`, `ctrlsim/studies`.
 */

// Time.
export { type Micros, MICROSECOND, MILLISECOND, SECOND, MINUTE, HOUR, fromSeconds, toSeconds } from './lib/time.js';
export { parseDuration, formatDuration } from './lib/duration.js';

// The runtime port: what a controller sees, returns and runs on.
export type { Controller } from './controllers/port/controller.js';
export type { ObservedState, ServiceView, InstanceView, InstanceState, InstanceHealth, MetricSample } from './controllers/port/observations.js';
export type { Action, ActionKind, Decision, ReconcileResult, RoutingTableSpec } from './controllers/port/actions.js';
export type { Runtime, TimerHandle, ApplyOutcome } from './controllers/port/runtime.js';
export { TransientError, TerminalError, ControllerFailure } from './controllers/port/errors.js';
export { requeueWithin } from './controllers/port/requeue.js';

// Loops and runtimes: the same controller on the virtual clock or for real.
export { ControllerLoop, CLIENT_GO_BACKOFF, type LoopBackoff } from './controllers/port/loop.js';
export { RealTimeRuntime, type RealWorld } from './controllers/port/realtime-runtime.js';
export { AsyncRealtimeLoop, type AsyncObserver, type AsyncActuator, type AsyncLoopOptions } from './controllers/port/async-realtime-loop.js';
export { VirtualRuntime } from './sim/virtual-runtime.js';

// The engine.
export { Simulation, type SimulationOptions, type RunResult } from './sim/engine/simulation.js';
export { RandomStream } from './lib/random.js';

// Experiments: load and validate a file, run it, write a run directory.
export { ConfigError } from './experiments/schema/config-error.js';
export { type Experiment, experimentJsonSchema } from './experiments/config/experiment-schema.js';
export { loadExperimentFile, validateExperiment } from './experiments/config/load.js';
export { runExperiment, type RunOutcome } from './experiments/runner/run-experiment.js';
export { loadControllerModules, type ControllerFactory, type ControllerFactoryContext } from './experiments/runner/controller-factory.js';
export { runToDirectory } from './experiments/runner/write-run.js';
