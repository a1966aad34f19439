/** Reads the unsigned 32-bit little-endian word at `bytes[i..i+3]` (the caller guarantees the bounds). */
export function readU32LE(bytes: Uint8Array, i: number): number {
  return ((bytes[i] as number) | ((bytes[i + 1] as number) << 8) | ((bytes[i + 2] as number) << 16) | ((bytes[i + 3] as number) << 24)) >>> 0;
}
