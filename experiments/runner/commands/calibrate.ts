/** `ctrlsim calibrate`: fit a simulation to a live run (the logic is in ../../live/calibrate-live-run.ts). */
import { defineCommand, guard, print } from './command.js';

/** The `calibrate` command as yargs takes it: arguments, options, examples and handler. */
export const calibrateCommand = defineCommand({
  command: 'calibrate <dir>',
  describe: 'Fit service time, start-up delay and metric delay from a live run, write an experiment file, and overlay simulated and live runs',
  builder: (y) =>
    y
      .positional('dir', { type: 'string', demandOption: true })
      .option('out', { type: 'string', demandOption: true, describe: 'Output directory: calibrated.yaml, the simulated run, comparison.html, gap.json' })
      .option('force', { type: 'boolean', default: false, describe: 'Replace a non-empty output directory' })
      .example('$0 calibrate out/live --out out/calibrated', 'Sim versus real for a live run'),
  handler: (argv) => guard(async () => (await import('../../live/calibrate-live-run.js')).calibrateAndPrint(argv, print)),
});
