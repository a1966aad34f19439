/** `ctrlsim sweep`: every point of a file's sweep with every seed, in parallel, or one shard of them. */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../schema/config-error.js';
import { defineCommand, guard, print, safeName } from './command.js';

/** Runs the sweep, or one shard of it, and says what it wrote. */
async function sweep(argv: {
  file: string;
  workers?: number | undefined;
  out?: string | undefined;
  shard?: string | undefined;
  shards?: number | undefined;
  resume: boolean;
  force: boolean;
  progress: boolean;
  maxEvents?: number | undefined;
  maxOutput?: string | undefined;
}): Promise<void> {
  const [{ loadSweepFile }, { streamProgress }, { runSweep }, { resolveShard }, { SWEEP_FILES, RACE_FILE }] = await Promise.all([
    import('../../sweep/sweep-file.js'),
    import('../../sweep/progress.js'),
    import('../../sweep/run-sweep.js'),
    import('../../sweep/shard.js'),
    import('../../sweep/write-results.js'),
  ]);
  const workers = argv.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 1) throw new ConfigError('--workers', 'an integer ≥ 1', String(argv.workers));
  if (argv.resume && argv.force)
    throw new ConfigError('--force', 'not combined with --resume (--force discards what --resume would continue)', '--force --resume');
  const shard = resolveShard(argv.shard, argv.shards);
  // An experiment or a study; an experiment's controller modules are loaded here first, so a bad module path is bad input, not a worker crash.
  const { parseLimits } = await import('../cost.js');
  const limits = parseLimits(argv.maxEvents, argv.maxOutput);
  const plan = await loadSweepFile(argv.file, limits);
  const out = argv.out ?? join('out', `${safeName(plan.name)}-sweep`);
  process.once('SIGINT', () => {
    process.stderr.write(`\nctrlsim: interrupted; finished runs are kept in ${join(out, 'runs')}/: continue with --resume\n`);
    process.exit(130);
  });
  const label = `ctrlsim: sweep ${plan.title}${shard && shard.count > 1 ? ` shard ${shard.index}/${shard.count}` : ''}`;
  const outcome = await runSweep(plan, {
    out,
    file: argv.file,
    workers,
    resume: argv.resume,
    force: argv.force,
    maxEvents: limits.maxEvents,
    ...(shard ? { shard } : {}),
    ...(argv.progress ? { progress: streamProgress(process.stderr, label) } : {}),
  });
  const what = `${plan.points.length} points × ${plan.seeds.length} seeds = ${plan.runCount} runs`;
  if (!outcome.manifest) {
    print(
      `shard ${shard!.index}/${shard!.count} of ${plan.name} (${what}): ${outcome.slice} runs (${outcome.ran} run now, ${outcome.resumed} resumed) in ${outcome.dir}/runs/`,
    );
    print(`when every shard is done: ctrlsim merge <shard dirs...> --out DIR`);
    return;
  }
  if (outcome.race) {
    const race = outcome.race;
    print(
      `sweep ${plan.name}: adaptive design over ${what}: ${race.runs.length} runs made in ${race.rounds} rounds (${outcome.ran} run now, ${outcome.resumed} resumed), ${workers} worker${workers === 1 ? '' : 's'}`,
    );
    print(`race: ${plan.points.length - race.dropped.length} points kept to the end, ${race.dropped.length} dropped (see race.csv for when and why)`);
  } else {
    print(`sweep ${plan.name}: ${what} (${outcome.ran} run now, ${outcome.resumed} resumed), ${workers} worker${workers === 1 ? '' : 's'}`);
  }
  const extra = outcome.manifest.extraMetrics ?? [];
  print(`metrics: ${plan.metrics.length} ${plan.metricsLabel} metrics${extra.length ? ` and ${extra.length} more (${extra.join(', ')})` : ''}`);
  print(
    plan.pareto.length
      ? `pareto: frontier of ${plan.pareto.join(', ')} (all minimized)`
      : `pareto: none for ${plan.title} (its points.csv leaves the column empty)`,
  );
  if (outcome.race) {
    const rec = join(outcome.dir, 'recommendation.json');
    print(
      existsSync(rec)
        ? `recommendation: ${(JSON.parse(readFileSync(rec, 'utf8')) as { text: string }).text}`
        : 'recommendation: no point meets every constraint (ctrlsim recommend <dir> with the same rule names the nearest misses)',
    );
  }
  print(
    `wrote ${outcome.dir}/ (${[...Object.values(SWEEP_FILES), ...(outcome.race ? [RACE_FILE, ...(existsSync(join(outcome.dir, 'recommendation.json')) ? ['recommendation.json'] : [])] : [])].join(', ')}, runs/)`,
  );
}
/** The `sweep` command as yargs takes it: arguments, options, examples and handler. */
export const sweepCommand = defineCommand({
  command: 'sweep <file>',
  describe: "Run every point of the file's sweep section with every seed, in parallel; write summary.csv, points.csv, pareto.csv, report.html",
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'Experiment or study file with a sweep section' })
      .option('workers', { type: 'number', describe: `Runs in parallel, this thread included (default: the CPUs available, here ${availableParallelism()})` })
      .option('out', { type: 'string', describe: 'Sweep directory (default: out/<name>-sweep)' })
      .option('shard', {
        type: 'string',
        describe:
          'Run only slice I of N (1-based): runs whose index mod N is I-1. Also read from CTRLSIM_SHARD, JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID, AWS_BATCH_JOB_ARRAY_INDEX',
      })
      .option('shards', {
        type: 'number',
        describe: 'Shard count, for 0-based index variables that come without one (JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX)',
      })
      .option('resume', {
        type: 'boolean',
        default: false,
        describe: 'Continue a sweep of the same config in --out, skipping finished runs (a new or empty directory just starts)',
      })
      .option('force', { type: 'boolean', default: false, describe: 'Discard what --out holds and start over' })
      .option('max-events', {
        type: 'number',
        describe: 'Refuse (exit 2) a run estimated past this many events, and stop one that gets there (exit 1); default 100000000',
      })
      .option('max-output', {
        type: 'string',
        describe: 'Refuse a run estimated to write more CSV than this, and stop one that does (e.g. 2GiB); default 1GiB',
      })
      .option('progress', {
        type: 'boolean',
        default: true,
        describe: 'Progress on stderr: a bar on a terminal, a line every 5% otherwise (--no-progress: none)',
      })
      .example('$0 sweep experiments/examples/hpa-flash-crowd.yaml --workers 4 --out out/hpa', 'Run a sweep on 4 threads')
      .example(
        '$0 sweep experiments/examples/studies/leader-election.yaml --out out/le',
        "Sweep a study (here fencing on/off × the first leader's clock drift)",
      )
      .example('$0 sweep my.yaml --out out/s --resume', 'Continue a sweep that was interrupted')
      .example('$0 sweep my.yaml --shard 2/8 --out out/shard-2', 'Run the second of 8 slices (then ctrlsim merge)')
      .example('JOB_COMPLETION_INDEX=1 $0 sweep my.yaml --shards 8 --out out/shard-1', 'The same slice, as a Kubernetes Indexed Job pod sees it'),
  handler: (argv) => guard(() => sweep(argv)),
});
