export * from './link.js';
export type { Delivery } from './delivery.js';
export * from './topology.js';
export * from './network-spec.js';
export * from './network.js';
export * from './host-clock.js';
