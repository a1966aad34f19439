/** `ctrlsim live`: an experiment's controllers for real, against its live adapters (the logic is in ../../live/live-session.ts). */
import { defineCommand, guard, print } from './command.js';

/** The `live` command as yargs takes it: arguments, options, examples and handler. */
export const liveCommand = defineCommand({
  command: 'live <file>',
  describe: "Run an experiment's controllers for real against the adapters its live: section names (Prometheus, a process pool, Kubernetes)",
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true })
      .option('out', { type: 'string', demandOption: true, describe: 'Output directory (same files as a simulated run, plus observed.csv)' })
      .option('force', { type: 'boolean', default: false, describe: 'Replace a non-empty output directory' })
      .option('duration', { type: 'string', describe: 'Wall-clock length, e.g. 2m (default live.duration, else the horizon); Ctrl-C ends early' })
      .option('seed', { type: 'number', describe: "Seed of the load generator (default the experiment's)" })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Kubernetes: log and send dryRun=All requests; change nothing' })
      .example('$0 live experiments/examples/live/process-pool.yaml --out out/live', 'Scale local workers on real Prometheus metrics'),
  handler: (argv) => guard(async () => (await import('../../live/live-session.js')).runLiveSession(argv, print)),
});
