import { ConfigError } from '../schema/config-error.js';
import { parseDuration } from '../../lib/duration.js';
import { runLiveToDirectory } from './write-live-run.js';

/** `ctrlsim live`'s arguments as yargs parses them. */
export interface LiveArgs {
  readonly file: string;
  readonly out: string;
  readonly force: boolean;
  readonly duration?: string | undefined;
  readonly seed?: number | undefined;
  readonly dryRun?: boolean | undefined;
}

/** Runs `ctrlsim live` from the command line: Ctrl-C (SIGINT) or SIGTERM ends the run early and still writes it. */
export async function runLiveSession(argv: LiveArgs, print: (line: string) => void): Promise<void> {
  const duration = argv.duration === undefined ? undefined : parseDuration(argv.duration);
  if (argv.duration !== undefined && !(duration !== undefined && duration > 0))
    throw new ConfigError('--duration', 'a duration > 0 like "2m"', JSON.stringify(argv.duration));
  if (argv.seed !== undefined && (!Number.isInteger(argv.seed) || argv.seed < 0)) throw new ConfigError('--seed', 'an integer ≥ 0', String(argv.seed));
  const stop = new AbortController();
  const onSignal = (): void => {
    print('live: stopping (waiting for in-flight reconciles, stopping workers) ...');
    stop.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const { dir, manifest } = await runLiveToDirectory(argv.file, {
      out: argv.out,
      force: argv.force,
      signal: stop.signal,
      log: print,
      ...(duration !== undefined ? { duration } : {}),
      ...(argv.seed !== undefined ? { seed: argv.seed } : {}),
      ...(argv.dryRun ? { dryRun: true } : {}),
    });
    print(`live: ${manifest.name}: ${manifest.seconds} s (${manifest.ended}), ${manifest.startedAt} to ${manifest.endedAt}; wrote ${dir}`);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
