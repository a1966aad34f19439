/**
 * ctrlsim's public API.
 *
 * - The engine (`Simulation`, `RandomStream`, processes, fingerprints) and the
 *   simulated world.
 * - The controller runtime port (`Controller`, `Runtime`, `ControllerLoop`,
 *   `RealTimeRuntime`) and the built-in controllers.
 * - Pure, upstream-exact algorithms as namespaces with typed inputs:
 *   `hpa` (Kubernetes HPA replica calculation and behavior normalization),
 *   `policies` (client-go rate limiters, x/time/rate token bucket,
 *   apimachinery wait.Backoff, action governors), `rollout` (Deployment and
 *   Argo Rollouts math), `hashring` (hash functions and consistent hashing),
 *   `leaderElection` (client-go leader election on the port).
 * - Rollout and hash-ring controllers (`rolloutControllers`,
 *   `hashringController`), the simulated network (`network`), the quorum
 *   lease store with fencing (`consensus`), multi-region and workflow
 *   coordination (`coordination`) and the studies built on them (`studies`).
 * - Experiments: load and validate a file, run it, write a run directory.
 */
export * from './sim/index.js';
export * from './controllers/port/index.js';
export * from './controllers/autoscalers/index.js';
export * from './controllers/self-healing/index.js';
export * from './lib/registry/index.js';
export * as hpa from './lib/hpa/index.js';
export * as policies from './lib/policies/index.js';
export * as rollout from './lib/rollout/index.js';
export * as hashring from './lib/hashring/index.js';
export * from './controllers/governed/index.js';
export * as rolloutControllers from './controllers/rollout/index.js';
export * as hashringController from './controllers/hashring/index.js';
export * as leaderElection from './controllers/leader-election/index.js';
export * as network from './sim/network/index.js';
export * as consensus from './sim/consensus/index.js';
export * as coordination from './sim/coordination/index.js';
export * as studies from './experiments/studies/index.js';
export { ConfigError } from './experiments/schema/config-error.js';
export { parseDuration, formatDuration } from './lib/duration.js';
export type { Experiment } from './experiments/config/experiment-schema.js';
export { experimentJsonSchema } from './experiments/config/experiment-schema.js';
export { loadExperimentFile, validateExperiment } from './experiments/config/load.js';
export { runExperiment } from './experiments/runner/run-experiment.js';
export type { RunOutcome } from './experiments/runner/run-experiment.js';
export { loadControllerModules } from './experiments/runner/controller-factory.js';
export type { ControllerFactory, ControllerFactoryContext } from './experiments/runner/controller-factory.js';
export { runToDirectory } from './experiments/runner/write-run.js';
