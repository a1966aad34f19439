#!/usr/bin/env node
/**
 * The `ctrlsim` command line: yargs wiring only. Each command and its
 * options live in commands/<command>.ts, with its logic there or in the
 * module its header names (beside what it belongs to: live/, explore/);
 * what they share (exit codes, one-line errors) in commands/command.ts.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ctrlsimVersion } from './version.js';
import { EXIT } from './commands/command.js';
import { calibrateCommand } from './commands/calibrate.js';
import { exploreCommand } from './commands/explore.js';
import { initCommand } from './commands/init.js';
import { listCommand } from './commands/list.js';
import { liveCommand } from './commands/live.js';
import { mergeCommand } from './commands/merge.js';
import { recommendCommand } from './commands/recommend.js';
import { replayCommand } from './commands/replay.js';
import { reportCommand } from './commands/report.js';
import { runCommand } from './commands/run.js';
import { schemaCommand } from './commands/schema.js';
import { sweepCommand } from './commands/sweep.js';
import { validateCommand } from './commands/validate.js';
import { verifyCommand } from './commands/verify.js';

// Each command imports what it needs when it runs: the simulator, the reports
// (with Vega) and the sweep machinery are heavy, and `--help` or `validate`
// should start fast.

// A closed pipe (`ctrlsim list | head`) is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(EXIT.ok);
  throw e;
});

const cli = yargs(hideBin(process.argv))
  .scriptName('ctrlsim')
  .usage('$0 <command> [options]\n\nDeterministic simulator and tuning lab for control-plane controllers.')
  .version(ctrlsimVersion())
  .command(runCommand)
  .command(sweepCommand)
  .command(exploreCommand)
  .command(mergeCommand)
  .command(recommendCommand)
  .command(reportCommand)
  .command(validateCommand)
  .command(replayCommand)
  .command(liveCommand)
  .command(calibrateCommand)
  .command(verifyCommand)
  .command(listCommand)
  .command(initCommand)
  .command(schemaCommand)
  .option('escape-formulas', {
    type: 'boolean',
    default: true,
    global: true,
    describe: 'Prefix CSV text cells that begin with = + - @ with an apostrophe so spreadsheets show them as text (--no-escape-formulas: write them raw)',
  })
  .middleware(async (argv) => {
    if (argv['escape-formulas'] === false) (await import('../output/csv-sink.js')).setFormulaEscaping(false);
  })
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
