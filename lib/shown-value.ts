/**
 * How an argument check shows the value it received, so a TypeError or
 * RangeError says what came in: `5n (bigint)`, `"123" (string)`, `null`,
 * `an array of length 3`, `a plain object`, `an ArrayBuffer`, `1.5 (number)`.
 */
export function shownValue(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n (bigint)`;
  if (typeof value === 'string') return `${JSON.stringify(value)} (string)`;
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'object') {
    const kind = (value as object).constructor?.name;
    if (kind === undefined || kind === 'Object') return 'a plain object';
    return `${/^[AEIOU]/.test(kind) ? 'an' : 'a'} ${kind}`;
  }
  return `${String(value)} (${typeof value})`;
}
