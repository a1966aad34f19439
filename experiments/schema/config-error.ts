/**
 * Bad input in an experiment file or on the command line. The message names
 * the field's path, the expected form and what was received; the CLI prints
 * it without a stack trace and exits with code 2.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    /** Path of the offending field, e.g. `controllers.autoscaler.minReplicas`. */
    readonly path: string,
    /** What the field should look like. */
    readonly expected: string,
    /** What was there, described. */
    readonly received: string,
    /** Optional hint, e.g. "did you mean minReplicas?". */
    readonly hint?: string,
    /** Where in a file the field was written, `file:line:col`, when known; it leads the message. */
    readonly where?: string,
  ) {
    super(`${where ? `${where}: ` : ''}${path || '(top level)'}: expected ${expected}, got ${received}${hint ? ` (${hint})` : ''}`);
  }

  /** The same error, located at `where` (`file:line:col`). */
  at(where: string): ConfigError {
    return new ConfigError(this.path, this.expected, this.received, this.hint, where);
  }
}

/** Describes a received value for an error message: its JSON form (shortened) and type. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return `an object with keys ${Object.keys(value).join(', ') || '(none)'}`;
  // JSON has no NaN or Infinity (it would print them as null): say what they are.
  if (typeof value === 'number' && !Number.isFinite(value)) return `${String(value)} (not a finite number)`;
  const json = JSON.stringify(value) ?? String(value);
  const shown = json.length > 60 ? `${json.slice(0, 57)}...` : json;
  return `${shown} (a ${typeof value})`;
}

/** Levenshtein distance, for "did you mean" hints. */
function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The closest candidate to `word`, if close enough to be a plausible typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}
