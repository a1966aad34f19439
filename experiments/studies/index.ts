export * from './study-result.js';
export * from './study-schema.js';
export * from './leader-election.js';
export * from './multi-region.js';
export * from './orchestration.js';
export * from './run-study.js';
export * from './study-point.js';
export * from './study-sweep.js';
