/** `ctrlsim replay`: rerun a run from its manifest and check its fingerprint. */
import { toSeconds } from '../../../lib/time.js';
import { EXIT, defineCommand, guard, print } from './command.js';

/** The `replay` command as yargs takes it: arguments, options, examples and handler. */
export const replayCommand = defineCommand({
  command: 'replay <run-dir>',
  describe: 'Rerun a run from its manifest and check the fingerprint; on a mismatch, say where the traces diverge',
  builder: (y) => y.positional('run-dir', { type: 'string', demandOption: true }).example('$0 replay out/step-load', 'Exit 0 if the rerun matches, 1 if not'),
  handler: (argv) =>
    guard(async () => {
      const { replayRun } = await import('../replay.js');
      const r = await replayRun(argv['run-dir']);
      if (r.matches) {
        print(`fingerprint matches: ${r.actual}`);
        return EXIT.ok;
      }
      print(`fingerprint differs: manifest ${r.expected}, rerun ${r.actual}`);
      if (r.divergence) print(`first divergence between virtual time ${toSeconds(r.divergence.agreedUntil)}s and ${toSeconds(r.divergence.divergedBy)}s`);
      return EXIT.runFailed;
    }),
});
