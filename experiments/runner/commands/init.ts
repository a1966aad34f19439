/** `ctrlsim init`: a starter experiment file. */
import { existsSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ConfigError } from '../../schema/config-error.js';
import { defineCommand, guard, print } from './command.js';

/** The `init` command as yargs takes it: arguments, options, examples and handler. */
export const initCommand = defineCommand({
  command: 'init <name>',
  describe: 'Write a starter experiment file <name>.yaml in the current directory',
  builder: (y) =>
    y
      .positional('name', { type: 'string', demandOption: true })
      .option('force', { type: 'boolean', default: false, describe: 'Overwrite an existing file' })
      .example('$0 init checkout-api', 'Creates checkout-api.yaml'),
  handler: (argv) =>
    guard(async () => {
      const { scaffoldExperiment } = await import('../scaffold.js');
      if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(argv.name))
        throw new ConfigError('name', 'a name of letters, digits, ".", "_" or "-"', JSON.stringify(argv.name));
      const file = `${argv.name}.yaml`;
      if (existsSync(file) && !argv.force)
        throw new ConfigError('name', 'a name whose .yaml file does not exist yet (or --force)', `${JSON.stringify(file)} (exists)`);
      writeFileSync(file, scaffoldExperiment(basename(argv.name)));
      print(`wrote ${file}; try: ctrlsim run ${file}`);
    }),
});
