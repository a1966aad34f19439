/** `ctrlsim validate`: check a file, its controller modules and every point of its sweep without running it. */
import { toSeconds } from '../../../lib/time.js';
import { defineCommand, guard, print } from './command.js';

/** `ctrlsim validate`: the file, its controller modules and, if present, every point of its sweep. */
async function validate(file: string, maxEvents?: number, maxOutput?: string): Promise<void> {
  const [{ loadExperimentFile, locatingErrorsAsync }, { loadControllerModules }, { planSweep }] = await Promise.all([
    import('../../config/load.js'),
    import('../controller-factory.js'),
    import('../../sweep/plan.js'),
  ]);
  const { isStudyFile } = await import('../study-command.js');
  if (isStudyFile(file)) {
    const { loadStudyFile } = await import('../../studies/run-study.js');
    const loadedStudy = loadStudyFile(file);
    const { study } = loadedStudy;
    const { parseLimits, formatCount } = await import('../cost.js');
    const limits = parseLimits(maxEvents, maxOutput);
    const cost = (await import('../../studies/study-cost.js')).checkStudyCost(loadedStudy, limits);
    let sweep = '';
    if (study.sweep) {
      const { planStudySweep } = await import('../../studies/study-sweep.js');
      const plan = planStudySweep(loadedStudy, limits);
      sweep = `, sweep of ${plan.points.length} points × ${plan.seeds.length} seeds`;
    }
    print(`${file}: ok (${study.study} study ${study.name}${sweep}; about ${formatCount(cost.events)} events)`);
    return;
  }
  const loaded = loadExperimentFile(file);
  const { experiment } = loaded;
  const { checkLoadedCost, formatCount, parseLimits } = await import('../cost.js');
  const { formatBytes } = await import('../../config/bounded-read.js');
  const cost = checkLoadedCost(loaded, parseLimits(maxEvents, maxOutput));
  const limits = parseLimits(maxEvents, maxOutput);
  await locatingErrorsAsync(loaded.text, file, () => loadControllerModules(experiment, file));
  let sweep = '';
  if (experiment.sweep) {
    const plan = planSweep(loaded, limits);
    sweep = `, sweep of ${plan.points.length} points × ${plan.seeds.length} seeds`;
  }
  sweep += `; estimated ${formatCount(cost.events)} events, ${formatBytes(cost.bytes)} of CSV per run`;
  print(
    `${file}: ok (${experiment.name}: ${experiment.services.length} service(s), ${Object.keys(experiment.controllers).length} controller(s), horizon ${toSeconds(experiment.horizon)}s${sweep})`,
  );
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
      .example('$0 validate experiments/step-load.yaml', 'Exit 0 if valid, 2 with one error line if not')
      .example('$0 validate experiments/hpa-flash-crowd.yaml', 'Also expands and checks the sweep section'),
  handler: (argv) => guard(() => validate(argv.file, argv['max-events'], argv['max-output'])),
});
