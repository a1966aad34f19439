#!/usr/bin/env node
/**
 * Benchmark dispatcher: `npm run bench -- <name> [options]`.
 * Each benchmark is a module `bench/<name>.ts` exporting
 * `run(argv): Promise<Record<string, unknown>>`; the result is printed as one
 * JSON line with `--json`, or as aligned key/value lines otherwise.
 */
const BENCHMARKS = ['mm1', 'hashring', 'scenario', 'sweep', 'report', 'scale', 'adaptive'] as const;

async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  if (name === undefined || name === '--help' || !(BENCHMARKS as readonly string[]).includes(name)) {
    process.stderr.write(`usage: npm run bench -- <${BENCHMARKS.join('|')}> [options] [--json]\n`);
    process.exitCode = name === '--help' ? 0 : 2;
    return;
  }
  const mod = (await import(`./${name}.js`)) as { run(argv: string[]): Promise<Record<string, unknown>> };
  const result = await mod.run(rest);
  if (rest.includes('--json')) {
    process.stdout.write(JSON.stringify(result) + '\n');
  } else {
    for (const [k, v] of Object.entries(result)) process.stdout.write(`${k.padEnd(24)} ${String(v)}\n`);
  }
}

await main();
