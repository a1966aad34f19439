/**
 * Argument checks for the public hash entry points.
 *
 * The hot paths (key hashing inside tables and the world) call the unchecked
 * `*Bytes` cores with values they built themselves; the functions a user calls
 * directly check their arguments first, because JavaScript would otherwise
 * coerce a wrong one silently (a bigint seed became 0, an ArrayBuffer hashed
 * as empty). A wrong type is a TypeError and a value out of range a
 * RangeError; both name the function, the argument, what it accepts and what
 * it got.
 */

import { shownValue } from '../shown-value.js';
import type { U64 } from './u64.js';

const TWO_32 = 4294967296;

function isUint32(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < TWO_32;
}

/** Throws a TypeError unless `input` is a string or a Uint8Array. */
export function checkHashInput(fn: string, input: unknown): void {
  if (typeof input === 'string' || input instanceof Uint8Array) return;
  const hint = input instanceof ArrayBuffer ? ' (wrap an ArrayBuffer as new Uint8Array(buffer))' : '';
  throw new TypeError(`${fn}: input must be a string or a Uint8Array${hint}; got ${shownValue(input)}`);
}

/** Throws unless `seed` is an integer in [0, 2^32): TypeError for a non-number, RangeError otherwise. */
export function checkSeed32(fn: string, seed: unknown): void {
  if (typeof seed !== 'number') throw new TypeError(`${fn}: seed must be a number, an integer in [0, 2^32 - 1]; got ${shownValue(seed)}`);
  if (!isUint32(seed)) throw new RangeError(`${fn}: seed must be an integer in [0, 2^32 - 1]; got ${seed}`);
}

/** Throws unless `value` is a U64: an object whose `hi` and `lo` are integers in [0, 2^32). */
export function checkU64(fn: string, argument: string, value: unknown): asserts value is U64 {
  if (typeof value !== 'object' || value === null) {
    const hint = typeof value === 'bigint' ? ' (convert a bigint with u64FromBigInt)' : '';
    throw new TypeError(`${fn}: ${argument} must be a U64 {hi, lo}${hint}; got ${shownValue(value)}`);
  }
  const { hi, lo } = value as { hi?: unknown; lo?: unknown };
  if (!isUint32(hi) || !isUint32(lo)) {
    throw new RangeError(`${fn}: ${argument}.hi and ${argument}.lo must be integers in [0, 2^32 - 1]; got hi ${shownValue(hi)}, lo ${shownValue(lo)}`);
  }
}

/** Throws unless `seed` is a U64 or an integer in [0, 2^53 - 1] (the integers a number holds exactly). */
export function checkSeed64(fn: string, seed: unknown): void {
  if (typeof seed === 'object' && seed !== null) return checkU64(fn, 'seed', seed);
  if (typeof seed !== 'number') {
    const hint = typeof seed === 'bigint' ? ' (convert a bigint with u64FromBigInt)' : '';
    throw new TypeError(`${fn}: seed must be a U64 {hi, lo} or an integer in [0, 2^53 - 1]${hint}; got ${shownValue(seed)}`);
  }
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`${fn}: seed must be an integer in [0, 2^53 - 1]; got ${seed}`);
}
