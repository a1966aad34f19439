/** `ctrlsim run`: one experiment or study to a directory, or against its golden file. */
import { join } from 'node:path';
import { toSeconds } from '../../../lib/time.js';
import type { ScenarioViolation } from '../../scenario/scenario-kind.js';
import { ConfigError } from '../../schema/config-error.js';
import { EXIT, defineCommand, guard, print, safeName } from './command.js';

function checkSeed(seed: number | undefined): void {
  if (seed !== undefined && (!Number.isInteger(seed) || seed < 0)) throw new ConfigError('--seed', 'an integer ≥ 0', String(seed));
}

/** `ctrlsim run`: one run to a directory, or (with --check) against a golden file. */
async function run(argv: {
  file: string;
  seed?: number | undefined;
  out?: string | undefined;
  force: boolean;
  check?: string | undefined;
  bless: boolean;
  svg: boolean;
  progress?: boolean;
  maxEvents?: number | undefined;
  maxOutput?: string | undefined;
}): Promise<number> {
  const [{ loadScenarioFile }, { diffGolden, readGolden, writeGolden }, { parseLimits }] = await Promise.all([
    import('../../scenario/registry.js'),
    import('../golden.js'),
    import('../cost.js'),
  ]);
  checkSeed(argv.seed);
  if (argv.bless && argv.check === undefined) throw new ConfigError('--bless', 'used together with --check <golden.json>', '--bless alone');
  const scenario = loadScenarioFile(argv.file);
  const limits = parseLimits(argv.maxEvents, argv.maxOutput);
  scenario.checkCost(limits);
  // Read before running, so a missing golden fails at once.
  const golden = argv.check !== undefined && !argv.bless ? readGolden(argv.check) : undefined;
  await scenario.loadModules();
  const seed = argv.seed ?? scenario.seed;
  const name = scenario.name;
  // With --check alone nothing is written: the run is compared in memory.
  const write =
    argv.check === undefined || argv.out !== undefined
      ? { out: argv.out ?? join('out', safeName(name)), force: argv.force, svg: argv.svg, progress: argv.progress !== false }
      : undefined;
  const ran = await scenario.run({ seed, limits, ...(write ? { write } : {}) });
  for (const line of ran.lines) print(line);
  if (failedProperties(ran.violations, seed) !== EXIT.ok) return EXIT.runFailed;
  if (argv.check === undefined) return EXIT.ok;
  const now = ran.golden;
  if (argv.bless) {
    writeGolden(argv.check, now);
    print(`blessed ${argv.check}: ${name} seed ${seed}, fingerprint ${now.fingerprint}`);
    return EXIT.ok;
  }
  const diff = diffGolden(golden!, now);
  if (diff.length === 0) {
    print(`golden ${argv.check} matches: ${name} seed ${seed}, fingerprint ${now.fingerprint}`);
    return EXIT.ok;
  }
  print(`golden ${argv.check} does not match ${name} (seed ${seed}):`);
  for (const line of diff) print(`  ${line}`);
  print(`if the change is intended, re-bless: ctrlsim run ${argv.file}${argv.seed !== undefined ? ` --seed ${argv.seed}` : ''} --check ${argv.check} --bless`);
  return EXIT.runFailed;
}

/** Prints each violated property on stderr (name, virtual time, seed, explanation); exit 1 if there was one. */
function failedProperties(violations: readonly ScenarioViolation[], seed: number): number {
  for (const v of violations)
    process.stderr.write(`ctrlsim: run failed: property ${v.property} (${v.kind}) violated at ${toSeconds(v.at)}s (seed ${seed}): ${v.explanation}\n`);
  return violations.length > 0 ? EXIT.runFailed : EXIT.ok;
}

/** The `run` command as yargs takes it: arguments, options, examples and handler. */
export const runCommand = defineCommand({
  command: 'run <file>',
  describe: 'Run one experiment and write its CSVs, manifest and HTML report; or check it against a golden file',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'Experiment file (.yaml, .yml or .json)' })
      .option('seed', { type: 'number', describe: "Seed (overrides the file's seed)" })
      .option('out', { type: 'string', describe: 'Output directory (default: out/<experiment name>; with --check nothing is written unless --out is given)' })
      .option('force', { type: 'boolean', default: false, describe: 'Replace a non-empty output directory' })
      .option('check', { type: 'string', describe: 'Compare fingerprint and summary with this golden file; exit 1 with a diff if they differ' })
      .option('bless', { type: 'boolean', default: false, describe: 'With --check: write the golden file from this run instead of comparing' })
      .option('svg', { type: 'boolean', default: false, describe: 'Also render each chart to a static <chart>.svg (for documents and pull requests)' })
      .option('progress', { type: 'boolean', default: true, describe: 'Progress on stderr for runs over 2 s, on a terminal only (--no-progress: none)' })
      .option('max-events', {
        type: 'number',
        describe: 'Refuse (exit 2) a run estimated past this many events, and stop one that gets there (exit 1); default 100000000',
      })
      .option('max-output', {
        type: 'string',
        describe: 'Refuse a run estimated to write more CSV than this, and stop one that does (e.g. 2GiB); default 1GiB',
      })
      .example('$0 run experiments/examples/step-load.yaml --out out/step', 'Run the built-in example')
      .example('$0 run my.yaml --seed 7 --out runs/seed7 --svg', 'Run with another seed, with SVG charts')
      .example(
        '$0 run experiments/examples/step-load.yaml --check test/goldens/step-load.json',
        'Exit 0 if the run still matches its golden, 1 with a diff if not',
      )
      .example('$0 run experiments/examples/step-load.yaml --check test/goldens/step-load.json --bless', 'Re-pin the golden after an intended change'),
  handler: (argv) => guard(() => run(argv)),
});
