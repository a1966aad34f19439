// The hashring controller: routing tables kept in step with membership, a
// key-movement budget, and cache-hit replays. Re-exports only.
export * from './cache-replay.js';
export * from './hashring-controller.js';
export * from './key-stream.js';
export * from './lru-cache.js';
export * from './move-budget.js';
export * from './routing-table.js';
