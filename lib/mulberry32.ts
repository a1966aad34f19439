/**
 * mulberry32: Tommy Ettinger's tiny 32-bit generator (one word of state, a
 * Weyl step and an integer mix per draw), uniform in [0, 1).
 *
 * It lives beside `RandomStream` (lib/random.ts) for a different job. A
 * simulation draws from `RandomStream`, whose streams fork by name. Some
 * sequences must instead be frozen forever: cache replays and key samples
 * that tests pin, synthetic report data, and test stand-ins for a seeded
 * source. Their pinned outputs are only as stable as the generator, so it is
 * written out here, five lines of 32-bit integer arithmetic with no
 * dependency and no floating-point transform, and its output must never
 * change: do not "improve" it.
 */

/**
 * A mulberry32 generator: each call returns the next draw in [0, 1), a
 * multiple of 2^-32. `seed` is taken as a 32-bit integer (`seed >>> 0`), so
 * seeds equal mod 2^32, such as -1 and 0xffffffff, give the same sequence.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
