import type { Micros } from './time.js';

const UNITS: Readonly<Record<string, number>> = { us: 1, µs: 1, ms: 1_000, s: 1_000_000, m: 60_000_000, h: 3_600_000_000, d: 86_400_000_000 };

/** The accepted duration syntax, for error messages and the JSON Schema. */
export const DURATION_FORM = 'a duration like "250ms", "30s", "5m", "2h" or "1h30m"';

/** JSON Schema pattern of a duration. */
export const DURATION_PATTERN = '^(\\d+(\\.\\d+)?(us|µs|ms|s|m|h|d))+$';

/**
 * Parses "250ms", "30s", "5m", "2h", "1h30m" (or "0") to integer µs.
 * Returns undefined when the text is not a duration.
 */
export function parseDuration(text: string): Micros | undefined {
  if (text === '0') return 0;
  const re = /(\d+(?:\.\d+)?)(us|µs|ms|s|m|h|d)/y;
  let total = 0;
  let pos = 0;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) return undefined;
    total += Number(m[1]) * UNITS[m[2]!]!;
    pos = re.lastIndex;
  }
  return pos > 0 ? Math.round(total) : undefined;
}

/** Formats µs back to the shortest exact duration text ("90s" → "1m30s"). */
export function formatDuration(t: Micros): string {
  if (t === 0) return '0s';
  let rest = t;
  let out = '';
  for (const [unit, size] of [
    ['h', 3_600_000_000],
    ['m', 60_000_000],
    ['s', 1_000_000],
    ['ms', 1_000],
    ['us', 1],
  ] as const) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}
