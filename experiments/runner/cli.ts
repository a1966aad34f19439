#!/usr/bin/env node
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { toSeconds } from '../../lib/time.js';
import { BudgetExceededError, InvariantViolation } from '../../sim/engine/errors.js';
import { ControllerCrash } from '../../sim/controller-crash.js';
import { describeControllerCrash } from './controller-crash-report.js';
import type { PropertyViolation } from '../../sim/properties/property.js';
import { SUMMARY_METRICS } from '../../sim/world/run-metrics.js';
import { ConfigError } from '../schema/config-error.js';
import { MergeConflict, SweepRunFailed } from '../sweep/errors.js';
import { packageRoot, ctrlsimVersion } from './version.js';
import { RUN_FAILURE_NAMES } from '../output/run-failures.js';
import { fileSystemError } from './fs-errors.js';

// Each command imports what it needs when it runs: the simulator, the reports
// (with Vega) and the sweep machinery are heavy, and `--help` or `validate`
// should start fast.

/** Exit codes: 0 ok, 1 a run failed (an invariant, a budget, a mismatch), 2 bad input. */
export const EXIT = { ok: 0, runFailed: 1, badInput: 2 } as const;

// A closed pipe (`ctrlsim list | head`) is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(EXIT.ok);
  throw e;
});

function print(line: string): void {
  process.stdout.write(line + '\n');
}

/** Prints an error the way users should see it: one line, no stack trace, the right exit code. */
function report(e: unknown): number {
  if (e instanceof ConfigError) {
    process.stderr.write(`ctrlsim: error: ${e.message}\n`);
    return EXIT.badInput;
  }
  if (e instanceof ControllerCrash) {
    process.stderr.write(describeControllerCrash(e, process.argv.slice(2)));
    return EXIT.runFailed;
  }
  if (e instanceof BudgetExceededError || e instanceof InvariantViolation || e instanceof SweepRunFailed || e instanceof MergeConflict) {
    process.stderr.write(`ctrlsim: run failed: ${e.message}\n`);
    return EXIT.runFailed;
  }
  if (e instanceof Error && (RUN_FAILURE_NAMES.has(e.name) || e.name === 'BudgetExceededError' || e.name === 'InvariantViolation')) {
    process.stderr.write(`ctrlsim: run failed: ${e.message}\n`);
    return EXIT.runFailed;
  }
  const fs = fileSystemError(e);
  if (fs) {
    process.stderr.write(`ctrlsim: error: ${fs.message}\n`);
    return fs.exit;
  }
  const err = e as Error;
  process.stderr.write(`ctrlsim: internal error: ${err?.message ?? String(e)}\n`);
  if (process.env['CTRLSIM_DEBUG']) process.stderr.write(`${err?.stack ?? ''}\n`);
  return EXIT.runFailed;
}

async function guard(fn: () => number | void | Promise<number | void>): Promise<void> {
  try {
    process.exitCode = (await fn()) ?? EXIT.ok;
  } catch (e) {
    process.exitCode = report(e);
  }
}

function builtInExperiments(): string[] {
  const dir = join(packageRoot(), 'experiments');
  return readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f) && !f.endsWith('.schema.json')).sort();
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, '_');
}

function checkSeed(seed: number | undefined): void {
  if (seed !== undefined && (!Number.isInteger(seed) || seed < 0)) throw new ConfigError('--seed', 'an integer ≥ 0', String(seed));
}

/** `ctrlsim run`: one run to a directory, or (with --check) against a golden file. */
async function runCommand(argv: {
  file: string;
  seed?: number | undefined;
  out?: string | undefined;
  force: boolean;
  check?: string | undefined;
  bless: boolean;
  svg: boolean;
  progress?: boolean;
  maxEvents?: number | undefined;
  maxOutput?: string | undefined;
}): Promise<number> {
  const [{ loadExperimentFile, locatingErrorsAsync }, { loadControllerModules }, { diffGolden, goldenOf, readGolden, writeGolden }, { runExperiment }, { writeChartSvgs }] = await Promise.all([
    import('../config/load.js'),
    import('./controller-factory.js'),
    import('./golden.js'),
    import('./run-experiment.js'),
    import('./write-run.js'),
  ]);
  checkSeed(argv.seed);
  if (argv.bless && argv.check === undefined) throw new ConfigError('--bless', 'used together with --check <golden.json>', '--bless alone');
  const { isStudyFile, runStudyToDirectory } = await import('./study-command.js');
  if (isStudyFile(argv.file)) {
    if (argv.check !== undefined) throw new ConfigError('--check', 'nothing for a study file (golden files pin experiments)', argv.check);
    const { loadStudyFile } = await import('../studies/run-study.js');
    const loadedStudy = loadStudyFile(argv.file);
    const { parseLimits } = await import('./cost.js');
    (await import('../studies/study-cost.js')).checkStudyCost(loadedStudy, parseLimits(argv.maxEvents, argv.maxOutput));
    const out = argv.out ?? join('out', safeName(loadedStudy.study.name));
    const { dir, result } = runStudyToDirectory(loadedStudy, { out, force: argv.force, ...(argv.seed !== undefined ? { seed: argv.seed } : {}) });
    print(`ran ${result.study} study ${result.name} (seed ${result.seed}): fingerprint ${result.fingerprint}`);
    for (const k of result.summaryColumns.slice(2)) print(`  ${k.padEnd(24)} ${String(result.summary[k])}`);
    print(`wrote ${dir}/ (summary.csv, rows.csv, manifest.json)`);
    const { checkStudy } = await import('../properties/study-properties.js');
    return failedProperties(checkStudy(loadedStudy.study, result), result.seed);
  }
  const loaded = loadExperimentFile(argv.file);
  const { checkLoadedCost, parseLimits } = await import('./cost.js');
  const limits = parseLimits(argv.maxEvents, argv.maxOutput);
  checkLoadedCost(loaded, limits);
  // Read before running, so a missing golden fails at once.
  const golden = argv.check !== undefined && !argv.bless ? readGolden(argv.check) : undefined;
  const modules = await locatingErrorsAsync(loaded.text, argv.file, () => loadControllerModules(loaded.experiment, argv.file));
  const seed = argv.seed ?? loaded.experiment.seed;
  const name = loaded.experiment.name;
  let outcome;
  let violations: readonly PropertyViolation[];
  if (argv.check === undefined || argv.out !== undefined) {
    const out = argv.out ?? join('out', safeName(name));
    // On a worker thread, so Ctrl-C or SIGTERM can stop the run and remove its staging directory.
    const { RunProgress } = await import('./run-progress.js');
    const progress = RunProgress.wanted(argv.progress !== false, process.stderr);
    const written = await (await import('./run-worker.js')).runInWorker({ file: argv.file, out, force: argv.force, seed, limits, progress });
    violations = written.violations;
    outcome = written.outcome;
    print(`ran ${name} (seed ${seed}): ${outcome.events} events, fingerprint ${outcome.fingerprint}`);
    for (const k of SUMMARY_METRICS) print(`  ${k.padEnd(20)} ${outcome.summary[k]}`);
    const svgs = argv.svg ? await writeChartSvgs(written.dir) : [];
    print(`wrote ${written.dir}/ (report.html, timeseries.csv, events.csv, summary.csv, manifest.json${svgs.length ? `, ${svgs.join(', ')}` : ''})`);
  } else {
    const checks = await (await import('./property-checks.js')).experimentChecks(loaded.experiment, argv.file, seed);
    outcome = runExperiment(loaded.experiment, seed, checks.sinks, modules, { maxEvents: limits.maxEvents });
    violations = checks.violations(outcome);
  }
  if (failedProperties(violations, seed) !== EXIT.ok) return EXIT.runFailed;
  if (argv.check === undefined) return EXIT.ok;
  const now = goldenOf(name, outcome);
  if (argv.bless) {
    writeGolden(argv.check, now);
    print(`blessed ${argv.check}: ${name} seed ${seed}, fingerprint ${now.fingerprint}`);
    return EXIT.ok;
  }
  const diff = diffGolden(golden!, now);
  if (diff.length === 0) {
    print(`golden ${argv.check} matches: ${name} seed ${seed}, fingerprint ${now.fingerprint}`);
    return EXIT.ok;
  }
  print(`golden ${argv.check} does not match ${name} (seed ${seed}):`);
  for (const line of diff) print(`  ${line}`);
  print(`if the change is intended, re-bless: ctrlsim run ${argv.file}${argv.seed !== undefined ? ` --seed ${argv.seed}` : ''} --check ${argv.check} --bless`);
  return EXIT.runFailed;
}

/** Prints each violated property on stderr (name, virtual time, seed, explanation); exit 1 if there was one. */
function failedProperties(violations: readonly { property: string; kind: string; at: number; explanation: string }[], seed: number): number {
  for (const v of violations) process.stderr.write(`ctrlsim: run failed: property ${v.property} (${v.kind}) violated at ${toSeconds(v.at)}s (seed ${seed}): ${v.explanation}\n`);
  return violations.length > 0 ? EXIT.runFailed : EXIT.ok;
}

/** `ctrlsim validate`: the file, its controller modules and, if present, every point of its sweep. */
async function validateCommand(file: string, maxEvents?: number, maxOutput?: string): Promise<void> {
  const [{ loadExperimentFile, locatingErrorsAsync }, { loadControllerModules }, { planSweep }] = await Promise.all([
    import('../config/load.js'),
    import('./controller-factory.js'),
    import('../sweep/plan.js'),
  ]);
  const { isStudyFile } = await import('./study-command.js');
  if (isStudyFile(file)) {
    const { loadStudyFile } = await import('../studies/run-study.js');
    const loadedStudy = loadStudyFile(file);
    const { study } = loadedStudy;
    const { parseLimits, formatCount } = await import('./cost.js');
    const cost = (await import('../studies/study-cost.js')).checkStudyCost(loadedStudy, parseLimits(maxEvents, maxOutput));
    let sweep = '';
    if (study.sweep) {
      const { planStudySweep } = await import('../studies/study-sweep.js');
      const plan = planStudySweep(loadedStudy);
      sweep = `, sweep of ${plan.points.length} points × ${plan.seeds.length} seeds`;
    }
    print(`${file}: ok (${study.study} study ${study.name}${sweep}; about ${formatCount(cost.events)} events)`);
    return;
  }
  const loaded = loadExperimentFile(file);
  const { experiment } = loaded;
  const { checkLoadedCost, formatCount, parseLimits } = await import('./cost.js');
  const { formatBytes } = await import('../config/bounded-read.js');
  const cost = checkLoadedCost(loaded, parseLimits(maxEvents, maxOutput));
  const limits = parseLimits(maxEvents, maxOutput);
  await locatingErrorsAsync(loaded.text, file, () => loadControllerModules(experiment, file));
  let sweep = '';
  if (experiment.sweep) {
    const plan = planSweep(loaded, limits);
    sweep = `, sweep of ${plan.points.length} points × ${plan.seeds.length} seeds`;
  }
  sweep += `; estimated ${formatCount(cost.events)} events, ${formatBytes(cost.bytes)} of CSV per run`;
  print(`${file}: ok (${experiment.name}: ${experiment.services.length} service(s), ${Object.keys(experiment.controllers).length} controller(s), horizon ${toSeconds(experiment.horizon)}s${sweep})`);
}

/** `ctrlsim sweep`. */
async function sweepCommand(argv: {
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
    import('../sweep/sweep-file.js'),
    import('../sweep/progress.js'),
    import('../sweep/run-sweep.js'),
    import('../sweep/shard.js'),
    import('../sweep/write-results.js'),
  ]);
  const workers = argv.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 1) throw new ConfigError('--workers', 'an integer ≥ 1', String(argv.workers));
  if (argv.resume && argv.force) throw new ConfigError('--force', 'not combined with --resume (--force discards what --resume would continue)', '--force --resume');
  const shard = resolveShard(argv.shard, argv.shards);
  // An experiment or a study; an experiment's controller modules are loaded here first, so a bad module path is bad input, not a worker crash.
  const { parseLimits } = await import('./cost.js');
  const limits = parseLimits(argv.maxEvents, argv.maxOutput);
  const plan = await loadSweepFile(argv.file, limits);
  const out = argv.out ?? join('out', `${safeName(plan.name)}-sweep`);
  process.once('SIGINT', () => {
    process.stderr.write(`\nctrlsim: interrupted; finished runs are kept in ${join(out, 'runs')}/: continue with --resume\n`);
    process.exit(130);
  });
  const label = `ctrlsim: sweep ${plan.study !== undefined ? `${plan.study} study ` : ''}${plan.name}${shard && shard.count > 1 ? ` shard ${shard.index}/${shard.count}` : ''}`;
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
    print(`shard ${shard!.index}/${shard!.count} of ${plan.name} (${what}): ${outcome.slice} runs (${outcome.ran} run now, ${outcome.resumed} resumed) in ${outcome.dir}/runs/`);
    print(`when every shard is done: ctrlsim merge <shard dirs...> --out DIR`);
    return;
  }
  if (outcome.race) {
    const race = outcome.race;
    print(`sweep ${plan.name}: adaptive design over ${what}: ${race.runs.length} runs made in ${race.rounds} rounds (${outcome.ran} run now, ${outcome.resumed} resumed), ${workers} worker${workers === 1 ? '' : 's'}`);
    print(`race: ${plan.points.length - race.dropped.length} points kept to the end, ${race.dropped.length} dropped (see race.csv for when and why)`);
  } else {
    print(`sweep ${plan.name}: ${what} (${outcome.ran} run now, ${outcome.resumed} resumed), ${workers} worker${workers === 1 ? '' : 's'}`);
  }
  const extra = outcome.manifest.extraMetrics ?? [];
  print(`metrics: ${plan.metrics.length} ${plan.study !== undefined ? `${plan.study} study` : 'summary'} metrics${extra.length ? ` and ${extra.length} more (${extra.join(', ')})` : ''}`);
  print(plan.pareto.length ? `pareto: frontier of ${plan.pareto.join(', ')} (all minimized)` : `pareto: none for ${plan.study ?? 'this sweep'} (its points.csv leaves the column empty)`);
  if (outcome.race) {
    const rec = join(outcome.dir, 'recommendation.json');
    print(existsSync(rec) ? `recommendation: ${(JSON.parse(readFileSync(rec, 'utf8')) as { text: string }).text}` : 'recommendation: no point meets every constraint (ctrlsim recommend <dir> with the same rule names the nearest misses)');
  }
  print(`wrote ${outcome.dir}/ (${[...Object.values(SWEEP_FILES), ...(outcome.race ? [RACE_FILE, ...(existsSync(join(outcome.dir, 'recommendation.json')) ? ['recommendation.json'] : [])] : [])].join(', ')}, runs/)`);
}

/** `ctrlsim recommend`: the best qualifying settings of a sweep, optionally saved into its report (see recommend-command.ts). */
async function recommendCommand(argv: Parameters<typeof import('./recommend-command.js').recommendCommand>[0]): Promise<number> {
  return (await import('./recommend-command.js')).recommendCommand(argv, print);
}

/**
 * `ctrlsim report`: one run or sweep directory gets its report.html (and
 * chart specs) rebuilt in place; several directories get a comparison page.
 */
async function reportCommand(argv: { dirs: string[]; out?: string | undefined; force: boolean; svg: boolean }): Promise<void> {
  const [{ reportFromDirs }, { writeFileAtomic }] = await Promise.all([import('./from-dirs.js'), import('../sweep/atomic-file.js')]);
  if (argv.svg && (argv.dirs.length !== 1 || argv.out !== undefined)) throw new ConfigError('--svg', 'one directory and no --out (the SVGs go beside its report)', `${argv.dirs.length} director${argv.dirs.length === 1 ? 'y' : 'ies'}${argv.out !== undefined ? ' and --out' : ''}`);
  const report = reportFromDirs(argv.dirs);
  if (argv.dirs.length === 1 && argv.out === undefined) {
    const dir = argv.dirs[0]!;
    for (const [id, spec] of Object.entries(report.specs)) writeFileAtomic(join(dir, `${id}.vl.json`), JSON.stringify(spec, null, 2) + '\n');
    writeFileAtomic(join(dir, 'report.html'), report.html);
    const svgs = argv.svg ? await (await import('../../reports/svg.js')).writeSvgFiles(dir, report.specs) : [];
    print(`wrote ${join(dir, 'report.html')} (${report.kind} report)${svgs.length ? ` and ${svgs.join(', ')}` : ''}`);
    return;
  }
  const out = argv.out ?? 'compare.html';
  if (existsSync(out) && !argv.force) throw new ConfigError('--out', 'a file that does not exist yet (or pass --force to replace it)', `${JSON.stringify(out)} (exists)`);
  writeFileAtomic(out, report.html);
  print(`wrote ${out} (${report.kind} report of ${argv.dirs.length} director${argv.dirs.length === 1 ? 'y' : 'ies'})`);
}

const cli = yargs(hideBin(process.argv))
  .scriptName('ctrlsim')
  .usage('$0 <command> [options]\n\nDeterministic simulator and tuning lab for control-plane controllers.')
  .version(ctrlsimVersion())
  .command(
    'run <file>',
    'Run one experiment and write its CSVs, manifest and HTML report; or check it against a golden file',
    (y) =>
      y
        .positional('file', { type: 'string', demandOption: true, describe: 'Experiment file (.yaml, .yml or .json)' })
        .option('seed', { type: 'number', describe: 'Seed (overrides the file\'s seed)' })
        .option('out', { type: 'string', describe: 'Output directory (default: out/<experiment name>; with --check nothing is written unless --out is given)' })
        .option('force', { type: 'boolean', default: false, describe: 'Replace a non-empty output directory' })
        .option('check', { type: 'string', describe: 'Compare fingerprint and summary with this golden file; exit 1 with a diff if they differ' })
        .option('bless', { type: 'boolean', default: false, describe: 'With --check: write the golden file from this run instead of comparing' })
        .option('svg', { type: 'boolean', default: false, describe: 'Also render each chart to a static <chart>.svg (for documents and pull requests)' })
        .option('progress', { type: 'boolean', default: true, describe: 'Progress on stderr for runs over 2 s, on a terminal only (--no-progress: none)' })
        .option('max-events', { type: 'number', describe: 'Refuse (exit 2) a run estimated past this many events, and stop one that gets there (exit 1); default 100000000' })
        .option('max-output', { type: 'string', describe: 'Refuse a run estimated to write more CSV than this, and stop one that does (e.g. 2GiB); default 1GiB' })
        .example('$0 run experiments/step-load.yaml --out out/step', 'Run the built-in example')
        .example('$0 run my.yaml --seed 7 --out runs/seed7 --svg', 'Run with another seed, with SVG charts')
        .example('$0 run experiments/step-load.yaml --check test/goldens/step-load.json', 'Exit 0 if the run still matches its golden, 1 with a diff if not')
        .example('$0 run experiments/step-load.yaml --check test/goldens/step-load.json --bless', 'Re-pin the golden after an intended change'),
    (argv) => guard(() => runCommand(argv)),
  )
  .command(
    'sweep <file>',
    'Run every point of the file\'s sweep section with every seed, in parallel; write summary.csv, points.csv, pareto.csv, report.html',
    (y) =>
      y
        .positional('file', { type: 'string', demandOption: true, describe: 'Experiment or study file with a sweep section' })
        .option('workers', { type: 'number', describe: `Runs in parallel, this thread included (default: the CPUs available, here ${availableParallelism()})` })
        .option('out', { type: 'string', describe: 'Sweep directory (default: out/<name>-sweep)' })
        .option('shard', { type: 'string', describe: 'Run only slice I of N (1-based): runs whose index mod N is I-1. Also read from CTRLSIM_SHARD, JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID, AWS_BATCH_JOB_ARRAY_INDEX' })
        .option('shards', { type: 'number', describe: 'Shard count, for 0-based index variables that come without one (JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX)' })
        .option('resume', { type: 'boolean', default: false, describe: 'Continue a sweep of the same config in --out, skipping finished runs (a new or empty directory just starts)' })
        .option('force', { type: 'boolean', default: false, describe: 'Discard what --out holds and start over' })
        .option('max-events', { type: 'number', describe: 'Refuse (exit 2) a run estimated past this many events, and stop one that gets there (exit 1); default 100000000' })
        .option('max-output', { type: 'string', describe: 'Refuse a run estimated to write more CSV than this, and stop one that does (e.g. 2GiB); default 1GiB' })
        .option('progress', { type: 'boolean', default: true, describe: 'Progress on stderr: a bar on a terminal, a line every 5% otherwise (--no-progress: none)' })
        .example('$0 sweep experiments/hpa-flash-crowd.yaml --workers 4 --out out/hpa', 'Run a sweep on 4 threads')
        .example('$0 sweep experiments/studies/leader-election.yaml --out out/le', 'Sweep a study (here fencing on/off × the first leader\'s clock drift)')
        .example('$0 sweep my.yaml --out out/s --resume', 'Continue a sweep that was interrupted')
        .example('$0 sweep my.yaml --shard 2/8 --out out/shard-2', 'Run the second of 8 slices (then ctrlsim merge)')
        .example('JOB_COMPLETION_INDEX=1 $0 sweep my.yaml --shards 8 --out out/shard-1', 'The same slice, as a Kubernetes Indexed Job pod sees it'),
    (argv) => guard(() => sweepCommand(argv)),
  )
  .command(
    'explore <file>',
    'Play random fault schedules within the file\'s explore: bounds, check every property, and shrink each violation to a minimal reproducer',
    (y) =>
      y
        .positional('file', { type: 'string', demandOption: true, describe: 'Experiment or leader-election study file' })
        .option('seed', { type: 'number', default: 1, describe: 'Explore seed: the same seed, file and bounds play the same schedules' })
        .option('runs', { type: 'number', describe: 'Runs (default: the file\'s explore.runs, else 200)' })
        .option('workers', { type: 'number', describe: `Worker threads (default: the CPUs available, here ${availableParallelism()})` })
        .option('out', { type: 'string', describe: 'Exploration directory (default: out/<file>-explore)' })
        .option('shard', { type: 'string', describe: 'Run only slice I of N (1-based), as sweeps do' })
        .option('shards', { type: 'number', describe: 'Shard count for 0-based index variables' })
        .option('resume', { type: 'boolean', default: false, describe: 'Continue an exploration of the same configuration in --out' })
        .option('force', { type: 'boolean', default: false, describe: 'Discard what --out holds and start over' })
        .option('save-failures', { type: 'string', describe: 'Also write each shrunk reproducer and its golden (.expected.json) into this directory, e.g. test/regressions/' })
        .option('progress', { type: 'boolean', default: true, describe: 'Progress on stderr (--no-progress: none)' })
        .example('$0 explore experiments/explore/leader-election-unfenced.yaml --runs 1000 --workers 2', 'Find and shrink split-brain actions without fencing')
        .example('$0 explore my.yaml --save-failures test/regressions/', 'Keep each shrunk failure as a regression golden'),
    (argv) => guard(async () => (await import('./explore-command.js')).exploreCommand(argv, print)),
  )
  .command(
    'merge <dirs...>',
    'Join the shard directories of one sweep into a sweep directory identical to a single-machine run',
    (y) =>
      y
        .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'Shard directories (each written by ctrlsim sweep --shard)' })
        .option('out', { type: 'string', demandOption: true, describe: 'Directory to write the merged sweep to' })
        .option('force', { type: 'boolean', default: false, describe: 'Replace a non-empty output directory' })
        .example('$0 merge out/shard-1 out/shard-2 out/shard-3 --out out/sweep', 'Merge three shards')
        .example('$0 merge results/shard-* --out results/merged', 'Merge every shard a Kubernetes Indexed Job wrote'),
    (argv) =>
      guard(async () => {
        const [{ mergeSweeps }, { SWEEP_FILES }] = await Promise.all([import('../sweep/sweep-dir.js'), import('../sweep/write-results.js')]);
        const { dir, manifest } = mergeSweeps(argv.dirs, argv.out, argv.force);
        print(`merged ${argv.dirs.length} shard director${argv.dirs.length === 1 ? 'y' : 'ies'} of ${manifest.name}: ${manifest.points} points × ${manifest.seeds.length} seeds = ${manifest.runs} runs`);
        print(`wrote ${dir}/ (${Object.values(SWEEP_FILES).join(', ')}, runs/)`);
      }),
  )
  .command(
    'recommend <dir>',
    'Print the best settings of a finished sweep under constraints, with their 95% intervals',
    (y) =>
      y
        .positional('dir', { type: 'string', demandOption: true, describe: 'A sweep directory (of an experiment or a study)' })
        .option('constraint', { type: 'string', array: true, default: [] as string[], describe: 'METRIC<=N, METRIC<N, METRIC>=N or METRIC>N; repeat for several' })
        .option('minimize', { type: 'string', array: true, default: [] as string[], describe: 'Metric to minimize (on its mean): a summary metric, a service or controller metric such as canary.time_to_detect_s, or a study metric; repeat for several (priority in the order given)' })
        .option('maximize', { type: 'string', array: true, default: [] as string[], describe: 'Metric to maximize (on its mean), after the minimized ones; repeat for several' })
        .option('order', {
          choices: ['lexicographic', 'pareto'] as const,
          default: 'lexicographic' as const,
          describe: 'lexicographic: the first objective decides, the next one among points with no clear paired difference in it; pareto: Pareto layers over all objectives first',
        })
        .option('basis', {
          choices: ['bound', 'mean'] as const,
          default: 'bound' as const,
          describe: 'Check constraints on the far end of the 95% interval (bound: met with confidence) or on the mean',
        })
        .option('explain', { type: 'boolean', default: false, describe: 'Also print, per knob, its main effect on each metric of the rule, with a 95% interval and its share of variance' })
        .option('top', { type: 'number', default: 5, describe: 'How many settings to print' })
        .option('save', { type: 'boolean', default: false, describe: 'Also save the best setting as <dir>/recommendation.json and show it on top of <dir>/report.html' })
        .example("$0 recommend out/hpa --constraint 'slo_violation_s<=60' --minimize flaps_per_hour", 'Least thrashing among settings that keep SLO violations under a minute')
        .example("$0 recommend out/hpa --constraint 'flaps_per_hour<=1' --constraint 'slo_violation_s<=120' --minimize instance_hours --save", 'Cheapest calm and responsive setting, marked in the sweep report')
        .example("$0 recommend out/le --constraint 'deposed_actions_applied<=0' --minimize no_leader_s", 'A leader-election study sweep: no split-brain actions applied, shortest leaderless time')
        .example("$0 recommend out/window-rate --constraint 'slo_violation_s<=300' --minimize flaps_per_hour --minimize instance_hours --explain", 'Calm, then cheap, within an SLO budget; says which knobs move what'),
    (argv) => guard(() => recommendCommand(argv)),
  )
  .command(
    'report <dirs...>',
    'Rebuild the report of a run or sweep directory, or compare several directories on one page',
    (y) =>
      y
        .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'Run or sweep directories' })
        .option('out', { type: 'string', describe: 'HTML file to write (default: <dir>/report.html for one directory, compare.html for several)' })
        .option('force', { type: 'boolean', default: false, describe: 'Replace an existing --out file' })
        .option('svg', { type: 'boolean', default: false, describe: 'With one directory: also render each chart to <dir>/<chart>.svg' })
        .example('$0 report out/step-load', 'Rebuild out/step-load/report.html from its CSVs')
        .example('$0 report out/hpa', 'Rebuild a sweep\'s report.html')
        .example('$0 report out/target-0.5 out/target-0.7 --out compare.html', 'Compare two runs (or sweeps) side by side'),
    (argv) => guard(() => reportCommand(argv)),
  )
  .command(
    'validate <file>',
    'Check an experiment file (and every point of its sweep) and report the first problem, naming its field',
    (y) =>
      y
        .positional('file', { type: 'string', demandOption: true })
        .option('max-events', { type: 'number', describe: 'Refuse (exit 2) a run estimated past this many events, and stop one that gets there (exit 1); default 100000000' })
        .option('max-output', { type: 'string', describe: 'Refuse a run estimated to write more CSV than this, and stop one that does (e.g. 2GiB); default 1GiB' })
        .example('$0 validate experiments/step-load.yaml', 'Exit 0 if valid, 2 with one error line if not')
        .example('$0 validate experiments/hpa-flash-crowd.yaml', 'Also expands and checks the sweep section'),
    (argv) => guard(() => validateCommand(argv.file, argv['max-events'], argv['max-output'])),
  )
  .command(
    'replay <run-dir>',
    'Rerun a run from its manifest and check the fingerprint; on a mismatch, say where the traces diverge',
    (y) => y.positional('run-dir', { type: 'string', demandOption: true }).example('$0 replay out/step-load', 'Exit 0 if the rerun matches, 1 if not'),
    (argv) =>
      guard(async () => {
        const { replayRun } = await import('./replay.js');
        const r = await replayRun(argv['run-dir']);
        if (r.matches) {
          print(`fingerprint matches: ${r.actual}`);
          return EXIT.ok;
        }
        print(`fingerprint differs: manifest ${r.expected}, rerun ${r.actual}`);
        if (r.divergence) print(`first divergence between virtual time ${toSeconds(r.divergence.agreedUntil)}s and ${toSeconds(r.divergence.divergedBy)}s`);
        return EXIT.runFailed;
      }),
  )
  .command(
    'live <file>',
    'Run an experiment\'s controllers for real against the adapters its live: section names (Prometheus, a process pool, Kubernetes)',
    (y) =>
      y
        .positional('file', { type: 'string', demandOption: true })
        .option('out', { type: 'string', demandOption: true, describe: 'Output directory (same files as a simulated run, plus observed.csv)' })
        .option('force', { type: 'boolean', default: false, describe: 'Replace a non-empty output directory' })
        .option('duration', { type: 'string', describe: 'Wall-clock length, e.g. 2m (default live.duration, else the horizon); Ctrl-C ends early' })
        .option('seed', { type: 'number', describe: 'Seed of the load generator (default the experiment\'s)' })
        .option('dry-run', { type: 'boolean', default: false, describe: 'Kubernetes: log and send dryRun=All requests; change nothing' })
        .example('$0 live experiments/live/examples/process-pool.yaml --out out/live', 'Scale local workers on real Prometheus metrics'),
    (argv) => guard(async () => (await import('./live-cli.js')).liveCli(argv, print)),
  )
  .command(
    'calibrate <dir>',
    'Fit service time, start-up delay and metric delay from a live run, write an experiment file, and overlay simulated and live runs',
    (y) =>
      y
        .positional('dir', { type: 'string', demandOption: true })
        .option('out', { type: 'string', demandOption: true, describe: 'Output directory: calibrated.yaml, the simulated run, comparison.html, gap.json' })
        .option('force', { type: 'boolean', default: false, describe: 'Replace a non-empty output directory' })
        .example('$0 calibrate out/live --out out/calibrated', 'Sim versus real for a live run'),
    (argv) => guard(async () => (await import('./calibrate-command.js')).calibrateCli(argv, print)),
  )
  .command(
    'verify <dir>',
    'Check every SHA-256 a run, study or sweep directory\'s manifest records (and each sweep run record\'s own digest)',
    (y) => y.positional('dir', { type: 'string', demandOption: true }).example('$0 verify out/step-load', 'Exit 0 if every file is as ctrlsim wrote it, 1 listing each one that is not'),
    (argv) =>
      guard(async () => {
        const { verifyDir } = await import('./verify.js');
        const r = verifyDir(argv.dir);
        for (const p of r.problems) print(`${p.file}: ${p.problem}`);
        print(r.problems.length === 0 ? `verified ${r.checked.length} files in ${argv.dir}: all as written` : `${r.problems.length} of ${r.checked.length} files in ${argv.dir} do not match`);
        return r.problems.length === 0 ? EXIT.ok : EXIT.runFailed;
      }),
  )
  .command(
    'list',
    'List built-in experiments, controller kinds and summary metrics',
    (y) => y.example('$0 list', 'Show what is built in'),
    () =>
      guard(async () => {
        const { CONTROLLER_KINDS } = await import('../config/controller-schema.js');
        print('built-in experiments (experiments/):');
        for (const f of builtInExperiments()) print(`  ${f}`);
        const { STUDY_METRICS } = await import('../studies/study-sweep.js');
        print('built-in studies (experiments/studies/, run with ctrlsim run or ctrlsim sweep):');
        for (const f of readdirSync(join(packageRoot(), 'experiments', 'studies')).filter((n) => /\.ya?ml$/.test(n)).sort()) print(`  studies/${f}`);
        print('controller kinds:');
        for (const [kind, what] of Object.entries(CONTROLLER_KINDS)) print(`  ${kind.padEnd(20)} ${what}`);
        print('summary metrics (every experiment run; service and controller metrics follow as <service>.<metric>, <controller>.<metric>):');
        for (const m of SUMMARY_METRICS) print(`  ${m}`);
        print('study metrics:');
        for (const [kind, metrics] of Object.entries(STUDY_METRICS)) print(`  ${kind.padEnd(16)} ${metrics.join(', ')}`);
      }),
  )
  .command(
    'init <name>',
    'Write a starter experiment file <name>.yaml in the current directory',
    (y) =>
      y
        .positional('name', { type: 'string', demandOption: true })
        .option('force', { type: 'boolean', default: false, describe: 'Overwrite an existing file' })
        .example('$0 init checkout-api', 'Creates checkout-api.yaml'),
    (argv) =>
      guard(async () => {
        const { scaffoldExperiment } = await import('./scaffold.js');
        if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(argv.name)) throw new ConfigError('name', 'a name of letters, digits, ".", "_" or "-"', JSON.stringify(argv.name));
        const file = `${argv.name}.yaml`;
        if (existsSync(file) && !argv.force) throw new ConfigError('name', 'a name whose .yaml file does not exist yet (or --force)', `${JSON.stringify(file)} (exists)`);
        writeFileSync(file, scaffoldExperiment(basename(argv.name)));
        print(`wrote ${file}; try: ctrlsim run ${file}`);
      }),
  )
  .command(
    'schema',
    'Print the JSON Schema of experiment files (for editor autocompletion)',
    (y) => y.example('$0 schema > experiments/ctrlsim.schema.json', 'Refresh the shipped schema'),
    () =>
      guard(async () => {
        const { experimentJsonSchema } = await import('../config/experiment-schema.js');
        print(JSON.stringify(experimentJsonSchema(), null, 2));
      }),
  )
  .option('escape-formulas', { type: 'boolean', default: true, global: true, describe: 'Prefix CSV text cells that begin with = + - @ with an apostrophe so spreadsheets show them as text (--no-escape-formulas: write them raw)' })
  .middleware(async (argv) => {
    if (argv['escape-formulas'] === false) (await import('../output/csv-sink.js')).setFormulaEscaping(false);
  })
  .demandCommand(1, 'Name a command; see --help.')
  .strict()
  .recommendCommands()
  .help()
  .alias('h', 'help')
  .wrap(Math.min(110, process.stdout.columns || 100))
  .fail((msg, err) => {
    if (err) throw err;
    process.stderr.write(`ctrlsim: error: ${msg}\n\n`);
    process.stderr.write(`Run "ctrlsim --help" for usage.\n`);
    process.exit(EXIT.badInput);
  });

await cli.parseAsync();
