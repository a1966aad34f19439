// The hashring controller: routing tables kept in step with membership, a
// key-movement budget, and cache-hit replays. Re-exports only.
export * from '../../lib/cache/cache-replay.js';
export * from './hashring-controller.js';
export * from '../../lib/cache/key-stream.js';
export * from '../../lib/cache/lru-cache.js';
export * from './move-budget.js';
export * from '../../lib/hashring/routing-table.js';
