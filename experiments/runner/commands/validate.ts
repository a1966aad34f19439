/** `ctrlsim validate`: check a file, its controller modules and every point of its sweep without running it. */
import { defineCommand, guard, print } from './command.js';

/** `ctrlsim validate`: the file, its controller modules and, if present, every point of its sweep. */
async function validate(file: string, maxEvents?: number, maxOutput?: string): Promise<void> {
  const [{ loadScenarioFile }, { parseLimits }] = await Promise.all([import('../../scenario/registry.js'), import('../cost.js')]);
  const scenario = loadScenarioFile(file);
  const limits = parseLimits(maxEvents, maxOutput);
  const cost = scenario.checkCost(limits);
  await scenario.loadModules();
  let sweep = '';
  if (scenario.hasSweep) {
    const plan = scenario.planSweep(limits);
    sweep = `, sweep of ${plan.points.length} points × ${plan.seeds.length} seeds`;
  }
  print(`${file}: ok (${scenario.describe(cost, sweep)})`);
}
/** The `validate` command as yargs takes it: arguments, options, examples and handler. */
export const validateCommand = defineCommand({
  command: 'validate <file>',
  describe: 'Check an experiment file (and every point of its sweep) and report the first problem, naming its field',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true })
      .option('max-events', {
        type: 'number',
        describe: 'Refuse (exit 2) a run estimated past this many events, and stop one that gets there (exit 1); default 100000000',
      })
      .option('max-output', {
        type: 'string',
        describe: 'Refuse a run estimated to write more CSV than this, and stop one that does (e.g. 2GiB); default 1GiB',
      })
      .example('$0 validate experiments/examples/step-load.yaml', 'Exit 0 if valid, 2 with one error line if not')
      .example('$0 validate experiments/examples/hpa-flash-crowd.yaml', 'Also expands and checks the sweep section'),
  handler: (argv) => guard(() => validate(argv.file, argv['max-events'], argv['max-output'])),
});
