/** How a sweep report names knobs and orders their values. */
import { parseDuration } from '../../lib/duration.js';

/**
 * Short display names for knob paths: the shortest dotted suffix that tells
 * each knob apart ("controllers.autoscaler.target" → "target", unless another
 * knob also ends in "target"); a field of a list entry keeps the entry
 * ("…policies[0].value" → "policies[0].value"). Charts and table headers use them; tooltips
 * and the sweep tile keep the full paths.
 */
export function knobLabels(knobs: readonly string[]): string[] {
  const parts = knobs.map((k) => k.split('.'));
  return parts.map((segs, i) => {
    // A field of a list entry keeps the entry ("policies[0].value", not a bare "value").
    for (let n = segs.length > 1 && segs[segs.length - 2]!.endsWith(']') ? 2 : 1; n < segs.length; n++) {
      const suffix = segs.slice(-n).join('.');
      if (parts.every((other, j) => j === i || other.slice(-n).join('.') !== suffix)) return suffix;
    }
    return knobs[i]!;
  });
}

/**
 * The value a knob setting sorts by: a number as is, a duration ("30s", "5m",
 * the form sweeps write duration knobs in) in µs; undefined for other text.
 */
function orderValue(v: string | number): number | undefined {
  if (typeof v === 'number') return v;
  return parseDuration(v);
}

/** Distinct knob values in their natural order: numerically (durations by length), else by code point. */
export function sortedKnobValues(values: readonly (string | number)[]): { values: (string | number)[]; ordered: boolean } {
  const distinct = [...new Map(values.map((v) => [JSON.stringify(v), v])).values()];
  const ordered = distinct.every((v) => orderValue(v) !== undefined);
  distinct.sort((a, b) => (ordered ? orderValue(a)! - orderValue(b)! : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
  return { values: distinct, ordered };
}
