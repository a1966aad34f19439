/**
 * Studies (package subpath `ctrlsim/studies`): leader election with fencing,
 * multi-region capacity coordination and workflow orchestration, each a
 * scenario with its own parameters, runner and metrics. Units: durations in
 * study parameters are integer microseconds (`Micros`). Re-exports only.
 */
export * from './study-result.js';
export * from './study-schema.js';
export * from './leader-election.js';
export * from './multi-region.js';
export * from './orchestration.js';
export * from './run-study.js';
export * from './study-point.js';
export * from './study-sweep.js';
export * from './study-definition.js';
export * from './study-kinds.js';
export * from './controller-replica.js';
export * from './leader-election-scenario.js';
export * from './multi-region-scenario.js';
export * from './workflow-scenario.js';
