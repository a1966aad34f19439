/**
 * What an event is about: its kind ("arrival", "reconcile") and its target
 * ("queue", "instance/web-3"). Both go into the run's trace fingerprint, so
 * two runs that do the same things at the same times to the same targets
 * have the same fingerprint.
 *
 * Labels are meant to be made once and reused (one per kind and target),
 * which keeps hashing off the event loop's hot path.
 */
export interface EventLabel {
  /** The kind of event, e.g. "arrival". */
  readonly kind: string;
  /** What the event acts on, e.g. "instance/web-3"; empty when global. */
  readonly target: string;
  /** 32-bit hash of kind and target, precomputed. */
  readonly hash: number;
}

/** FNV-1a over the UTF-16 code units of a string, 32 bits. */
function hashString(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Makes a label; the hash covers both fields with a separator so ("ab","c") ≠ ("a","bc"). */
export function eventLabel(kind: string, target = ''): EventLabel {
  return { kind, target, hash: hashString(target, hashString('\u0000', hashString(kind))) };
}

/** Label used when a caller does not give one. */
export const UNLABELLED: EventLabel = eventLabel('event');
