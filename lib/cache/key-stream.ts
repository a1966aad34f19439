/**
 * Request keys drawn from a Zipf distribution (a few hot keys, a long tail),
 * as caches see them, from a caller-supplied uniform source so a seeded
 * stream replays exactly.
 */
import { mulberry32 } from '../mulberry32.js';

/**
 * Returns a sampler of key indices 0 … n−1 where index i has probability
 * proportional to 1 / (i + 1)^exponent (exponent 0 is uniform; about 1 is
 * typical of web caches). Each draw takes one value of `random` in [0, 1).
 */
export function zipfIndices(n: number, exponent: number, random: () => number): () => number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be an integer ≥ 1, got ${n}`);
  if (!(exponent >= 0)) throw new RangeError(`exponent must be ≥ 0, got ${exponent}`);
  const cdf = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += 1 / (i + 1) ** exponent;
    cdf[i] = total;
  }
  return () => {
    const u = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

/** The name of key index `i`, as routing tables and key samples spell it. */
export function keyName(i: number): string {
  return `key-${i}`;
}

/** The same draws as {@link zipfIndices}, as key names "key-0" … "key-(n−1)". */
export function zipfKeys(n: number, exponent: number, random: () => number): () => string {
  const draw = zipfIndices(n, exponent, random);
  return () => keyName(draw());
}

/**
 * A seeded uniform source for replays that must not consume a caller's
 * stream: mulberry32 (see lib/mulberry32.ts), so a pinned replay never
 * changes; `seed` is any 32-bit integer.
 */
export function seededUniform(seed: number): () => number {
  return mulberry32(seed);
}
