/** `ctrlsim schema`: the JSON Schema of experiment files. */
import { defineCommand, guard, print } from './command.js';

/** The `schema` command as yargs takes it: arguments, options, examples and handler. */
export const schemaCommand = defineCommand({
  command: 'schema',
  describe: 'Print the JSON Schema of experiment files (for editor autocompletion)',
  builder: (y) => y.example('$0 schema > experiments/examples/ctrlsim.schema.json', 'Refresh the shipped schema'),
  handler: () =>
    guard(async () => {
      const { experimentJsonSchema } = await import('../../config/experiment-schema.js');
      print(JSON.stringify(experimentJsonSchema(), null, 2));
    }),
});
