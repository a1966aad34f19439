export * from '../port/lease-record.js';
export * from '../port/lease-api.js';
export * from './lease-lock.js';
export * from './config.js';
export * from './leader-elector.js';
