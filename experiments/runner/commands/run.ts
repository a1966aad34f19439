/** `ctrlsim run`: one experiment or study to a directory, or an experiment against its golden file. */
import { join } from 'node:path';
import { toSeconds } from '../../../lib/time.js';
import type { PropertyViolation } from '../../../sim/properties/property.js';
import { SUMMARY_METRICS } from '../../../sim/world/run-metrics.js';
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
  const [
    { loadExperimentFile, locatingErrorsAsync },
    { loadControllerModules },
    { diffGolden, goldenOf, readGolden, writeGolden },
    { runExperiment },
    { writeChartSvgs },
  ] = await Promise.all([
    import('../../config/load.js'),
    import('../controller-factory.js'),
    import('../golden.js'),
    import('../run-experiment.js'),
    import('../write-run.js'),
  ]);
  checkSeed(argv.seed);
  if (argv.bless && argv.check === undefined) throw new ConfigError('--bless', 'used together with --check <golden.json>', '--bless alone');
  const { isStudyFile, runStudyToDirectory } = await import('../study-command.js');
  if (isStudyFile(argv.file)) {
    if (argv.check !== undefined) throw new ConfigError('--check', 'nothing for a study file (golden files pin experiments)', argv.check);
    const { loadStudyFile } = await import('../../studies/run-study.js');
    const loadedStudy = loadStudyFile(argv.file);
    const { parseLimits } = await import('../cost.js');
    (await import('../../studies/study-cost.js')).checkStudyCost(loadedStudy, parseLimits(argv.maxEvents, argv.maxOutput));
    const out = argv.out ?? join('out', safeName(loadedStudy.study.name));
    const { dir, result } = runStudyToDirectory(loadedStudy, { out, force: argv.force, ...(argv.seed !== undefined ? { seed: argv.seed } : {}) });
    print(`ran ${result.study} study ${result.name} (seed ${result.seed}): fingerprint ${result.fingerprint}`);
    for (const k of result.summaryColumns.slice(2)) print(`  ${k.padEnd(24)} ${String(result.summary[k])}`);
    print(`wrote ${dir}/ (summary.csv, rows.csv, manifest.json)`);
    const { checkStudy } = await import('../../properties/study-properties.js');
    return failedProperties(checkStudy(loadedStudy.study, result), result.seed);
  }
  const loaded = loadExperimentFile(argv.file);
  const { checkLoadedCost, parseLimits } = await import('../cost.js');
  const limits = parseLimits(argv.maxEvents, argv.maxOutput);
  checkLoadedCost(loaded, limits);
  // Read before running, so a missing golden fails at once.
  const golden = argv.check !== undefined && !argv.bless ? readGolden(argv.check) : undefined;
  const modules = await locatingErrorsAsync(loaded.text, argv.file, () => loadControllerModules(loaded.experiment, argv.file));
  const seed = argv.seed ?? loaded.experiment.seed;
  const name = loaded.experiment.name;
  let outcome;
  let violations: readonly PropertyViolation[];
  if (argv.check === undefined || argv.out !== undefined) {
    const out = argv.out ?? join('out', safeName(name));
    // On a worker thread, so Ctrl-C or SIGTERM can stop the run and remove its staging directory.
    const { RunProgress } = await import('../run-progress.js');
    const progress = RunProgress.wanted(argv.progress !== false, process.stderr);
    const written = await (await import('../run-worker.js')).runInWorker({ file: argv.file, out, force: argv.force, seed, limits, progress });
    violations = written.violations;
    outcome = written.outcome;
    print(`ran ${name} (seed ${seed}): ${outcome.events} events, fingerprint ${outcome.fingerprint}`);
    for (const k of SUMMARY_METRICS) print(`  ${k.padEnd(20)} ${outcome.summary[k]}`);
    const svgs = argv.svg ? await writeChartSvgs(written.dir) : [];
    print(`wrote ${written.dir}/ (report.html, timeseries.csv, events.csv, summary.csv, manifest.json${svgs.length ? `, ${svgs.join(', ')}` : ''})`);
  } else {
    const checks = await (await import('../property-checks.js')).experimentChecks(loaded.experiment, argv.file, seed);
    outcome = runExperiment(loaded.experiment, seed, checks.sinks, modules, { maxEvents: limits.maxEvents });
    violations = checks.violations(outcome);
  }
  if (failedProperties(violations, seed) !== EXIT.ok) return EXIT.runFailed;
  if (argv.check === undefined) return EXIT.ok;
  const now = goldenOf(name, outcome);
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
function failedProperties(violations: readonly { property: string; kind: string; at: number; explanation: string }[], seed: number): number {
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
      .example('$0 run experiments/step-load.yaml --out out/step', 'Run the built-in example')
      .example('$0 run my.yaml --seed 7 --out runs/seed7 --svg', 'Run with another seed, with SVG charts')
      .example('$0 run experiments/step-load.yaml --check test/goldens/step-load.json', 'Exit 0 if the run still matches its golden, 1 with a diff if not')
      .example('$0 run experiments/step-load.yaml --check test/goldens/step-load.json --bless', 'Re-pin the golden after an intended change'),
  handler: (argv) => guard(() => run(argv)),
});
