import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { toSeconds } from '../../lib/time.js';
import { runExplore } from './run-explore.js';
import { sizeText } from './shrink.js';
import { ConfigError } from '../schema/config-error.js';
import { streamProgress } from '../sweep/progress.js';
import { resolveShard } from '../sweep/shard.js';

/** Options of `ctrlsim explore`, as yargs parses them. */
export interface ExploreArgs {
  readonly file: string;
  readonly seed: number;
  readonly runs?: number | undefined;
  readonly workers?: number | undefined;
  readonly out?: string | undefined;
  readonly shard?: string | undefined;
  readonly shards?: number | undefined;
  readonly resume: boolean;
  readonly force: boolean;
  readonly progress: boolean;
  readonly 'save-failures'?: string | undefined;
}

/**
 * `ctrlsim explore <file>`: random fault schedules within the file's
 * `explore:` bounds, checked against every property; prints each distinct
 * violation with its shrunk reproducer. Exit 1 when a property was
 * violated, 0 when none was, 2 on bad input.
 */
export async function exploreAndPrintFindings(argv: ExploreArgs, print: (line: string) => void): Promise<number> {
  if (!Number.isInteger(argv.seed) || argv.seed < 0) throw new ConfigError('--seed', 'an integer ≥ 0', String(argv.seed));
  const workers = argv.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 1) throw new ConfigError('--workers', 'an integer ≥ 1', String(argv.workers));
  if (argv.runs !== undefined && (!Number.isInteger(argv.runs) || argv.runs < 1)) throw new ConfigError('--runs', 'an integer ≥ 1', String(argv.runs));
  if (argv.resume && argv.force)
    throw new ConfigError('--force', 'not combined with --resume (--force discards what --resume would continue)', '--force --resume');
  const shard = resolveShard(argv.shard, argv.shards);
  const name = argv.file.replace(/^.*[\\/]/, '').replace(/\.(ya?ml|json)$/i, '');
  const out = argv.out ?? join('out', `${name}-explore`);
  const label = `ctrlsim: explore ${name}${shard && shard.count > 1 ? ` shard ${shard.index}/${shard.count}` : ''}`;
  const o = await runExplore({
    file: argv.file,
    out,
    seed: argv.seed,
    runs: argv.runs,
    workers,
    resume: argv.resume,
    force: argv.force,
    shard: shard && shard.count > 1 ? shard : undefined,
    saveFailures: argv['save-failures'],
    ...(argv.progress ? { progress: streamProgress(process.stderr, label) } : {}),
  });
  const b = o.bounds;
  print(
    `explore ${name} (${o.family}), seed ${argv.seed}: ${o.slice} runs (${o.ran} run now, ${o.resumed} resumed), ${workers} worker${workers === 1 ? '' : 's'}`,
  );
  print(
    `bounds: kinds ${b.kinds.join(', ')}; ≤ ${b.maxFaults} faults; starts ${toSeconds(b.startMin)}–${toSeconds(b.startMax)}s; durations ${toSeconds(b.durationMin)}–${toSeconds(b.durationMax)}s`,
  );
  if (!o.complete) {
    print(
      `shard stored in ${relative('.', o.dir) || '.'}/runs/ (${o.failingRuns} violating runs so far); copy every shard's runs/ into one directory and run explore --resume there to shrink and report`,
    );
    return o.failingRuns > 0 ? 1 : 0;
  }
  if (o.findings.length === 0) print(`no property violated in ${b.runs} runs`);
  for (const f of o.findings) {
    print(
      `violated ${f.property} (${f.kind}) in ${f.runs} of ${b.runs} runs; first in run ${f.first.run} (seed ${f.first.seed}) at ${toSeconds(f.violation.at)}s: ${f.violation.explanation}`,
    );
    print(
      `  shrunk in ${f.shrunk.steps} steps (${f.shrunk.runs} runs${f.shrunk.exhausted ? ', run budget exhausted' : ''}): ${sizeText(f.original)} → ${sizeText(f.shrunk.schedule)}`,
    );
    print(`  reproduce: ctrlsim run ${relative('.', f.reproducer)}${f.saved ? `   (saved as ${f.saved})` : ''}`);
  }
  print(`wrote ${relative('.', o.dir) || '.'}/ (report.html, findings.json, failures/, runs/)`);
  return o.findings.length > 0 ? 1 : 0;
}
