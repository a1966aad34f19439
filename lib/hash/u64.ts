/**
 * Unsigned 64-bit integers as two unsigned 32-bit halves.
 *
 * The 64-bit hashes and the jump-hash LCG need exact 64-bit arithmetic modulo
 * 2^64. BigInt gives that but allocates on every operation, so the hot paths
 * work on (hi, lo) pairs of plain numbers; BigInt appears only in the
 * conversions at the edges.
 */

/** An unsigned 64-bit value: `hi` holds bits 63..32 and `lo` bits 31..0, each an integer in [0, 2^32). */
export interface U64 {
  /** Bits 63..32, as an unsigned 32-bit integer. */
  readonly hi: number;
  /** Bits 31..0, as an unsigned 32-bit integer. */
  readonly lo: number;
}

const TWO_32 = 4294967296;

/** Builds a U64 from its halves, reducing each modulo 2^32. */
export function u64(hi: number, lo: number): U64 {
  return { hi: hi >>> 0, lo: lo >>> 0 };
}

/** Converts a bigint to a U64, reducing it modulo 2^64 (so -1n becomes 2^64 - 1). */
export function u64FromBigInt(v: bigint): U64 {
  const x = BigInt.asUintN(64, v);
  return { hi: Number(x >> 32n), lo: Number(x & 0xffffffffn) };
}

/** Converts a U64 to a non-negative bigint. */
export function u64ToBigInt(v: U64): bigint {
  return (BigInt(v.hi) << 32n) | BigInt(v.lo);
}

/** Converts a non-negative safe integer (below 2^53) to a U64. */
export function u64FromNumber(n: number): U64 {
  return { hi: Math.floor(n / TWO_32) >>> 0, lo: n >>> 0 };
}

/** Formats a U64 as 16 lower-case hex digits, most significant first. */
export function u64ToHex(v: U64): string {
  return v.hi.toString(16).padStart(8, '0') + v.lo.toString(16).padStart(8, '0');
}

/** Parses up to 16 hex digits (no prefix) into a U64. */
export function u64FromHex(hex: string): U64 {
  const padded = hex.padStart(16, '0');
  return { hi: parseInt(padded.slice(0, 8), 16) >>> 0, lo: parseInt(padded.slice(8), 16) >>> 0 };
}

/** True when both halves are equal. */
export function u64Equals(a: U64, b: U64): boolean {
  return a.hi === b.hi && a.lo === b.lo;
}

/**
 * Returns bits 63..32 of (ah:al) * (bh:bl) mod 2^64. Bits 31..0 are `Math.imul(al, bl) >>> 0`.
 * All arguments are unsigned 32-bit integers.
 */
export function mul64Hi(ah: number, al: number, bh: number, bl: number): number {
  // al * bl needs 64 bits, more than a double holds exactly, so split it into 16-bit limbs.
  const a0 = al & 0xffff;
  const a1 = al >>> 16;
  const b0 = bl & 0xffff;
  const b1 = bl >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const carry = ((p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff)) >>> 16;
  const hiOfLowProduct = a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + carry;
  return (hiOfLowProduct + Math.imul(ah, bl) + Math.imul(al, bh)) >>> 0;
}
