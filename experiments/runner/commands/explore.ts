/** `ctrlsim explore`: random fault schedules within bounds, each violation shrunk (the logic is in ../../explore/findings-printer.ts). */
import { availableParallelism } from 'node:os';
import { defineCommand, guard, print } from './command.js';

/** The `explore` command as yargs takes it: arguments, options, examples and handler. */
export const exploreCommand = defineCommand({
  command: 'explore <file>',
  describe: "Play random fault schedules within the file's explore: bounds, check every property, and shrink each violation to a minimal reproducer",
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'Experiment or leader-election study file' })
      .option('seed', { type: 'number', default: 1, describe: 'Explore seed: the same seed, file and bounds play the same schedules' })
      .option('runs', { type: 'number', describe: "Runs (default: the file's explore.runs, else 200)" })
      .option('workers', { type: 'number', describe: `Worker threads (default: the CPUs available, here ${availableParallelism()})` })
      .option('out', { type: 'string', describe: 'Exploration directory (default: out/<file>-explore)' })
      .option('shard', { type: 'string', describe: 'Run only slice I of N (1-based), as sweeps do' })
      .option('shards', { type: 'number', describe: 'Shard count for 0-based index variables' })
      .option('resume', { type: 'boolean', default: false, describe: 'Continue an exploration of the same configuration in --out' })
      .option('force', { type: 'boolean', default: false, describe: 'Discard what --out holds and start over' })
      .option('save-failures', {
        type: 'string',
        describe: 'Also write each shrunk reproducer and its golden (.expected.json) into this directory, e.g. test/regressions/',
      })
      .option('progress', { type: 'boolean', default: true, describe: 'Progress on stderr (--no-progress: none)' })
      .example(
        '$0 explore experiments/examples/explore/leader-election-unfenced.yaml --runs 1000 --workers 2',
        'Find and shrink split-brain actions without fencing',
      )
      .example('$0 explore my.yaml --save-failures test/regressions/', 'Keep each shrunk failure as a regression golden'),
  handler: (argv) => guard(async () => (await import('../../explore/findings-printer.js')).exploreAndPrintFindings(argv, print)),
});
