/** `ctrlsim recommend`: the best qualifying settings of a finished sweep (the logic is in ../recommendation-printer.ts). */
import { defineCommand, guard, print } from './command.js';

/** The `recommend` command as yargs takes it: arguments, options, examples and handler. */
export const recommendCommand = defineCommand({
  command: 'recommend <dir>',
  describe: 'Print the best settings of a finished sweep under constraints, with their 95% intervals',
  builder: (y) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'A sweep directory (of an experiment or a study)' })
      .option('constraint', {
        type: 'string',
        array: true,
        default: [] as string[],
        describe: 'METRIC<=N, METRIC<N, METRIC>=N or METRIC>N; repeat for several',
      })
      .option('minimize', {
        type: 'string',
        array: true,
        default: [] as string[],
        describe:
          'Metric to minimize (on its mean): a summary metric, a service or controller metric such as canary.time_to_detect_s, or a study metric; repeat for several (priority in the order given)',
      })
      .option('maximize', {
        type: 'string',
        array: true,
        default: [] as string[],
        describe: 'Metric to maximize (on its mean), after the minimized ones; repeat for several',
      })
      .option('order', {
        choices: ['lexicographic', 'pareto'] as const,
        default: 'lexicographic' as const,
        describe:
          'lexicographic: the first objective decides, the next one among points with no clear paired difference in it; pareto: Pareto layers over all objectives first',
      })
      .option('basis', {
        choices: ['bound', 'mean'] as const,
        default: 'bound' as const,
        describe: 'Check constraints on the far end of the 95% interval (bound: met with confidence) or on the mean',
      })
      .option('explain', {
        type: 'boolean',
        default: false,
        describe: 'Also print, per knob, its main effect on each metric of the rule, with a 95% interval and its share of variance',
      })
      .option('top', { type: 'number', default: 5, describe: 'How many settings to print' })
      .option('save', {
        type: 'boolean',
        default: false,
        describe: 'Also save the best setting as <dir>/recommendation.json and show it on top of <dir>/report.html',
      })
      .example(
        "$0 recommend out/hpa --constraint 'slo_violation_s<=60' --minimize flaps_per_hour",
        'Least thrashing among settings that keep SLO violations under a minute',
      )
      .example(
        "$0 recommend out/hpa --constraint 'flaps_per_hour<=1' --constraint 'slo_violation_s<=120' --minimize instance_hours --save",
        'Cheapest calm and responsive setting, marked in the sweep report',
      )
      .example(
        "$0 recommend out/le --constraint 'deposed_actions_applied<=0' --minimize no_leader_s",
        'A leader-election study sweep: no split-brain actions applied, shortest leaderless time',
      )
      .example(
        "$0 recommend out/window-rate --constraint 'slo_violation_s<=300' --minimize flaps_per_hour --minimize instance_hours --explain",
        'Calm, then cheap, within an SLO budget; says which knobs move what',
      ),
  handler: (argv) => guard(async () => (await import('../recommendation-printer.js')).printRecommendation(argv, print)),
});
