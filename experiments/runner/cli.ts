#!/usr/bin/env node
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { toSeconds } from '../../controllers/port/time.js';
import { BudgetExceededError, InvariantViolation } from '../../sim/errors.js';
import { SUMMARY_METRICS } from '../../sim/world/run-metrics.js';
import { experimentJsonSchema } from '../config/experiment-schema.js';
import { loadExperimentFile } from '../config/load.js';
import { ConfigError } from '../schema/config-error.js';
import { replayRun } from './replay.js';
import { packageRoot, ctrlsimVersion } from './version.js';
import { runToDirectory } from './write-run.js';
import { scaffoldExperiment } from './scaffold.js';

/** Exit codes: 0 ok, 1 a run failed (an invariant, a budget, a mismatch), 2 bad input. */
export const EXIT = { ok: 0, runFailed: 1, badInput: 2 } as const;

// A closed pipe (`ctrlsim list | head`) is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(EXIT.ok);
  throw e;
});

function print(line: string): void {
  process.stdout.write(line + '\n');
}

/** Prints an error the way users should see it: one line, no stack trace, the right exit code. */
function report(e: unknown): number {
  if (e instanceof ConfigError) {
    process.stderr.write(`ctrlsim: error: ${e.message}\n`);
    return EXIT.badInput;
  }
  if (e instanceof BudgetExceededError || e instanceof InvariantViolation) {
    process.stderr.write(`ctrlsim: run failed: ${e.message}\n`);
    return EXIT.runFailed;
  }
  const err = e as Error;
  process.stderr.write(`ctrlsim: internal error: ${err?.message ?? String(e)}\n`);
  if (process.env['CTRLSIM_DEBUG']) process.stderr.write(`${err?.stack ?? ''}\n`);
  return EXIT.runFailed;
}

function guard(fn: () => number | void): void {
  try {
    process.exitCode = fn() ?? EXIT.ok;
  } catch (e) {
    process.exitCode = report(e);
  }
}

function builtInExperiments(): string[] {
  const dir = join(packageRoot(), 'experiments');
  return readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f) && !f.endsWith('.schema.json')).sort();
}

const cli = yargs(hideBin(process.argv))
  .scriptName('ctrlsim')
  .usage('$0 <command> [options]\n\nDeterministic simulator and tuning lab for control-plane controllers.')
  .version(ctrlsimVersion())
  .command(
    'run <file>',
    'Run one experiment and write its CSVs, manifest and HTML report',
    (y) =>
      y
        .positional('file', { type: 'string', demandOption: true, describe: 'Experiment file (.yaml, .yml or .json)' })
        .option('seed', { type: 'number', describe: 'Seed (overrides the file\'s seed)' })
        .option('out', { type: 'string', describe: 'Output directory (default: out/<experiment name>)' })
        .option('force', { type: 'boolean', default: false, describe: 'Replace a non-empty output directory' })
        .example('$0 run experiments/step-load.yaml --out out/step', 'Run the built-in example')
        .example('$0 run my.yaml --seed 7 --out runs/seed7', 'Run with another seed'),
    (argv) =>
      guard(() => {
        if (argv.seed !== undefined && (!Number.isInteger(argv.seed) || argv.seed < 0)) {
          throw new ConfigError('--seed', 'an integer ≥ 0', String(argv.seed));
        }
        const loaded = loadExperimentFile(argv.file);
        const out = argv.out ?? join('out', loaded.experiment.name.replace(/[^A-Za-z0-9_.-]/g, '_'));
        const { dir, outcome } = runToDirectory(loaded, { out, force: argv.force, ...(argv.seed !== undefined ? { seed: argv.seed } : {}) });
        print(`ran ${loaded.experiment.name} (seed ${outcome.seed}): ${outcome.events} events, fingerprint ${outcome.fingerprint}`);
        for (const k of SUMMARY_METRICS) print(`  ${k.padEnd(20)} ${outcome.summary[k]}`);
        print(`wrote ${dir}/ (report.html, timeseries.csv, events.csv, summary.csv, manifest.json)`);
      }),
  )
  .command(
    'validate <file>',
    'Check an experiment file and report the first problem, naming its field',
    (y) => y.positional('file', { type: 'string', demandOption: true }).example('$0 validate experiments/step-load.yaml', 'Exit 0 if valid, 2 with one error line if not'),
    (argv) =>
      guard(() => {
        const { experiment } = loadExperimentFile(argv.file);
        print(`${argv.file}: ok (${experiment.name}: ${experiment.services.length} service(s), ${Object.keys(experiment.controllers).length} controller(s), horizon ${toSeconds(experiment.horizon)}s)`);
      }),
  )
  .command(
    'replay <run-dir>',
    'Rerun a run from its manifest and check the fingerprint; on a mismatch, say where the traces diverge',
    (y) => y.positional('run-dir', { type: 'string', demandOption: true }).example('$0 replay out/step-load', 'Exit 0 if the rerun matches, 1 if not'),
    (argv) =>
      guard(() => {
        const r = replayRun(argv['run-dir']);
        if (!r.divergence) {
          print(`fingerprint matches: ${r.actual}`);
          return EXIT.ok;
        }
        print(`fingerprint differs: manifest ${r.expected}, rerun ${r.actual}`);
        print(`first divergence between virtual time ${toSeconds(r.divergence.agreedUntil)}s and ${toSeconds(r.divergence.divergedBy)}s`);
        return EXIT.runFailed;
      }),
  )
  .command(
    'list',
    'List built-in experiments, controller kinds and summary metrics',
    (y) => y.example('$0 list', 'Show what is built in'),
    () =>
      guard(() => {
        print('built-in experiments (experiments/):');
        for (const f of builtInExperiments()) print(`  ${f}`);
        print('controller kinds:');
        print('  target-utilization   target tracking with tolerance and per-direction cooldowns');
        print('summary metrics:');
        for (const m of SUMMARY_METRICS) print(`  ${m}`);
      }),
  )
  .command(
    'init <name>',
    'Write a starter experiment file <name>.yaml in the current directory',
    (y) =>
      y
        .positional('name', { type: 'string', demandOption: true })
        .option('force', { type: 'boolean', default: false, describe: 'Overwrite an existing file' })
        .example('$0 init checkout-api', 'Creates checkout-api.yaml'),
    (argv) =>
      guard(() => {
        if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(argv.name)) throw new ConfigError('name', 'a name of letters, digits, ".", "_" or "-"', JSON.stringify(argv.name));
        const file = `${argv.name}.yaml`;
        if (existsSync(file) && !argv.force) throw new ConfigError('name', 'a name whose .yaml file does not exist yet (or --force)', `${JSON.stringify(file)} (exists)`);
        writeFileSync(file, scaffoldExperiment(basename(argv.name)));
        print(`wrote ${file}; try: ctrlsim run ${file}`);
      }),
  )
  .command(
    'schema',
    'Print the JSON Schema of experiment files (for editor autocompletion)',
    (y) => y.example('$0 schema > ctrlsim.schema.json', 'Save the schema'),
    () => guard(() => print(JSON.stringify(experimentJsonSchema(), null, 2))),
  )
  .demandCommand(1, 'Name a command; see --help.')
  .strict()
  .recommendCommands()
  .help()
  .alias('h', 'help')
  .wrap(Math.min(110, process.stdout.columns || 100))
  .fail((msg, err) => {
    if (err) throw err;
    process.stderr.write(`ctrlsim: error: ${msg}\n\n`);
    process.stderr.write(`Run "ctrlsim --help" for usage.\n`);
    process.exit(EXIT.badInput);
  });

await cli.parseAsync();
