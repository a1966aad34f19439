/** `ctrlsim list`: what is built in (experiments, studies, controller kinds, metrics). */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SUMMARY_METRICS } from '../../../sim/world/run-metrics.js';
import { packageRoot } from '../version.js';
import { defineCommand, guard, print } from './command.js';

/** Where the built-in example files live, in the package. */
const EXAMPLES = join(packageRoot(), 'experiments', 'examples');

function builtInExperiments(): string[] {
  return readdirSync(EXAMPLES)
    .filter((f) => /\.(ya?ml|json)$/.test(f) && !f.endsWith('.schema.json'))
    .sort();
}

/** The `list` command as yargs takes it: arguments, options, examples and handler. */
export const listCommand = defineCommand({
  command: 'list',
  describe: 'List built-in experiments, controller kinds and summary metrics',
  builder: (y) => y.example('$0 list', 'Show what is built in'),
  handler: () =>
    guard(async () => {
      const { CONTROLLER_KINDS } = await import('../../config/controller-schema.js');
      print('built-in experiments (experiments/examples/):');
      for (const f of builtInExperiments()) print(`  ${f}`);
      const { STUDIES } = await import('../../studies/study-kinds.js');
      print('built-in studies (experiments/examples/studies/, run with ctrlsim run or ctrlsim sweep):');
      for (const f of readdirSync(join(EXAMPLES, 'studies'))
        .filter((n) => /\.ya?ml$/.test(n))
        .sort())
        print(`  studies/${f}`);
      print('controller kinds:');
      for (const [kind, what] of Object.entries(CONTROLLER_KINDS)) print(`  ${kind.padEnd(20)} ${what}`);
      print('summary metrics (every experiment run; service and controller metrics follow as <service>.<metric>, <controller>.<metric>):');
      for (const m of SUMMARY_METRICS) print(`  ${m}`);
      print('study metrics:');
      for (const [kind, { metrics }] of Object.entries(STUDIES)) print(`  ${kind.padEnd(16)} ${metrics.join(', ')}`);
    }),
});
