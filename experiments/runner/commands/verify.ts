/** `ctrlsim verify`: check every digest a run, study or sweep directory's manifest records. */
import { EXIT, defineCommand, guard, print } from './command.js';

/** The `verify` command as yargs takes it: arguments, options, examples and handler. */
export const verifyCommand = defineCommand({
  command: 'verify <dir>',
  describe: "Check every SHA-256 a run, study or sweep directory's manifest records (and each sweep run record's own digest)",
  builder: (y) =>
    y
      .positional('dir', { type: 'string', demandOption: true })
      .example('$0 verify out/step-load', 'Exit 0 if every file is as ctrlsim wrote it, 1 listing each one that is not'),
  handler: (argv) =>
    guard(async () => {
      const { verifyDir } = await import('../verify.js');
      const r = verifyDir(argv.dir);
      for (const p of r.problems) print(`${p.file}: ${p.problem}`);
      print(
        r.problems.length === 0
          ? `verified ${r.checked.length} files in ${argv.dir}: all as written`
          : `${r.problems.length} of ${r.checked.length} files in ${argv.dir} do not match`,
      );
      return r.problems.length === 0 ? EXIT.ok : EXIT.runFailed;
    }),
});
