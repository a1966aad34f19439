/** `ctrlsim merge`: join a sweep's shard directories into one sweep directory. */
import { defineCommand, guard, print } from './command.js';

/** The `merge` command as yargs takes it: arguments, options, examples and handler. */
export const mergeCommand = defineCommand({
  command: 'merge <dirs...>',
  describe: 'Join the shard directories of one sweep into a sweep directory identical to a single-machine run',
  builder: (y) =>
    y
      .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'Shard directories (each written by ctrlsim sweep --shard)' })
      .option('out', { type: 'string', demandOption: true, describe: 'Directory to write the merged sweep to' })
      .option('force', { type: 'boolean', default: false, describe: 'Replace a non-empty output directory' })
      .example('$0 merge out/shard-1 out/shard-2 out/shard-3 --out out/sweep', 'Merge three shards')
      .example('$0 merge results/shard-* --out results/merged', 'Merge every shard a Kubernetes Indexed Job wrote'),
  handler: (argv) =>
    guard(async () => {
      const [{ mergeSweeps }, { SWEEP_FILES }] = await Promise.all([import('../../sweep/sweep-dir.js'), import('../../sweep/write-results.js')]);
      const { dir, manifest } = mergeSweeps(argv.dirs, argv.out, argv.force);
      print(
        `merged ${argv.dirs.length} shard director${argv.dirs.length === 1 ? 'y' : 'ies'} of ${manifest.name}: ${manifest.points} points × ${manifest.seeds.length} seeds = ${manifest.runs} runs`,
      );
      print(`wrote ${dir}/ (${Object.values(SWEEP_FILES).join(', ')}, runs/)`);
    }),
});
