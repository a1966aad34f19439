/**
 * UTF-8 encoding for the hash functions.
 *
 * Keys are JavaScript strings, but every hash here is defined over bytes, so a
 * string is hashed as its UTF-8 encoding (what TextEncoder produces, with a
 * lone surrogate encoded as U+FFFD). Lookups hash millions of short keys, so
 * the encoder writes into one shared scratch buffer instead of allocating a
 * Uint8Array per call. That is safe because encoding and hashing run to
 * completion synchronously: nothing else can touch the buffer in between.
 */

/** What a hash function accepts: text (hashed as its UTF-8 bytes) or raw bytes. */
export type HashInput = string | Uint8Array;

let scratch = new Uint8Array(1024);

/**
 * Encodes `s` as UTF-8 into the shared scratch buffer and returns the byte count.
 * The bytes are valid until the next call; read them through {@link utf8Scratch}.
 */
export function encodeUtf8ToScratch(s: string): number {
  const worst = s.length * 3;
  if (worst > scratch.length) scratch = new Uint8Array(Math.max(worst, scratch.length * 2));
  const out = scratch;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out[n++] = c;
    } else if (c < 0x800) {
      out[n++] = 0xc0 | (c >>> 6);
      out[n++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          i++;
          out[n++] = 0xf0 | (cp >>> 18);
          out[n++] = 0x80 | ((cp >>> 12) & 0x3f);
          out[n++] = 0x80 | ((cp >>> 6) & 0x3f);
          out[n++] = 0x80 | (cp & 0x3f);
          continue;
        }
        // A lone surrogate has no UTF-8 form; TextEncoder substitutes U+FFFD and so do we.
        c = 0xfffd;
      }
      out[n++] = 0xe0 | (c >>> 12);
      out[n++] = 0x80 | ((c >>> 6) & 0x3f);
      out[n++] = 0x80 | (c & 0x3f);
    }
  }
  return n;
}

/** The shared scratch buffer that {@link encodeUtf8ToScratch} last wrote into. */
export function utf8Scratch(): Uint8Array {
  return scratch;
}

/** Returns a fresh Uint8Array holding the UTF-8 encoding of `s`. */
export function utf8Encode(s: string): Uint8Array {
  const n = encodeUtf8ToScratch(s);
  return scratch.slice(0, n);
}
