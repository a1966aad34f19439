export * from './record.js';
export * from './lease-api.js';
export * from './lease-lock.js';
export * from './config.js';
export * from './leader-elector.js';
