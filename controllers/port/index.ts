export * from './time.js';
export type * from './observations.js';
export type * from './actions.js';
export type * from './controller.js';
export type * from './runtime.js';
export * from './errors.js';
export * from './loop.js';
export * from './requeue.js';
export * from './realtime-runtime.js';
