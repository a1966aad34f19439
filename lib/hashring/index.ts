/**
 * Hash functions over UTF-8 strings and bytes, each pinned to published test
 * vectors, and key → member assignment tables (ring, jump, rendezvous,
 * Maglev, bounded load) behind one interface (package subpath
 * `ctrlsim/hashring`).
 *
 * Units: 64-bit values are `U64` pairs `{hi, lo}` of unsigned 32-bit halves
 * (convert a bigint with `u64FromBigInt`); 32-bit hashes are unsigned
 * numbers. Inputs are strings (hashed as UTF-8) or Uint8Arrays; a wrong type
 * is a TypeError, a value out of range a RangeError.
 */
export * from '../hash/utf8.js';
export * from '../hash/u64.js';
export * from '../hash/fnv1a32.js';
export * from '../hash/fnv1a64.js';
export * from '../hash/murmur3-x86-32.js';
export * from '../hash/murmur3-x64-128.js';
export * from '../hash/xxh32.js';
export * from '../hash/xxh64.js';
export * from '../hash/registry.js';
// Key → member assignment tables behind one interface.
export * from './config-error.js';
export * from './table.js';
export * from './jump.js';
export * from './ring.js';
export * from './jump-table.js';
export * from './rendezvous.js';
export * from './maglev.js';
export * from './bounded-load.js';
export * from './factory.js';
// Pure metrics over two tables and a key sample.
export * from './movement.js';
export * from './load.js';
