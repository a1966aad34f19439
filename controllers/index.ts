// The built-in controllers, each written against the runtime port only
// (package subpath `ctrlsim/controllers`). Durations are Micros. Re-exports only.
export * from './autoscalers/index.js';
export * from './self-healing/index.js';
export * from './governed/index.js';
export * as rollout from './rollout/index.js';
export * as hashring from './hashring/index.js';
export * as leaderElection from './leader-election/index.js';
