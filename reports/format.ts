/**
 * Number formatting shared by the reports: deterministic (no locale), short,
 * and the same in tables, tiles and embedded data.
 */

/**
 * A number rounded to `digits` significant digits, except that integers stay
 * exact and numbers of more than `digits` integer digits are rounded to an
 * integer (so 3840200 and 12345.6 → 12346 keep their magnitude readable);
 * non-finite values pass through.
 */
export function roundSig(v: number, digits = 4): number {
  if (!Number.isFinite(v) || Number.isInteger(v)) return v;
  if (Math.abs(v) >= 10 ** digits) return Math.round(v);
  return Number(v.toPrecision(digits));
}

/** A number as table text: up to `digits` (default four) significant digits, no exponent for everyday magnitudes, "–" for missing values. */
export function fmt(v: unknown, digits = 4): string {
  if (typeof v === 'string') return v;
  if (typeof v !== 'number' || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '-∞';
  const r = roundSig(v, digits);
  if (Math.abs(r) >= 1e-4 || r === 0) return String(r).replace(/e\+?(-?\d+)$/, 'e$1');
  return r.toExponential(2);
}

/** A mean with its 95% interval as text: `12.3 [10.1, 14.5]`, or just the mean when there is no interval. */
export function fmtCi(mean: unknown, lo: unknown, hi: unknown): string {
  if (typeof lo !== 'number' || typeof hi !== 'number') return fmt(mean);
  return `${fmt(mean)} [${fmt(lo)}, ${fmt(hi)}]`;
}
