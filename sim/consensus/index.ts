export * from './transport.js';
export * from './replicated-store.js';
export * from './lease-table.js';
export * from './store-lease-api.js';
export * from './fenced-actuator.js';
export * from './leadership-timeline.js';
export * from './scale-target.js';
export * from './zoned-network.js';
