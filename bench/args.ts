/** Reads `--name value` from a benchmark's argv, as a number, or returns the default. */
export function numberArg(argv: readonly string[], name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(argv[i + 1]);
  if (!Number.isFinite(v)) throw new Error(`--${name} expects a number, got ${argv[i + 1] ?? 'nothing'}`);
  return v;
}

/** Reads `--name value` as a string, or returns the default. */
export function stringArg(argv: readonly string[], name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i < 0 ? fallback : (argv[i + 1] ?? fallback);
}
