import { ConfigError } from '../schema/config-error.js';

/** A deterministic slice of a sweep: runs whose index mod `count` is `index − 1`. */
export interface Shard {
  /** 1-based shard number. */
  readonly index: number;
  /** Number of shards. */
  readonly count: number;
  /** Where the shard came from, for messages (`--shard`, `JOB_COMPLETION_INDEX`, ...). */
  readonly source: string;
}

/** Parses `I/N` (1-based, 1 ≤ I ≤ N). */
export function parseShard(text: string, source = '--shard'): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) {
    throw new ConfigError(source, 'I/N with 1 ≤ I ≤ N, e.g. 2/8 (shards are numbered from 1)', JSON.stringify(text));
  }
  return { index, count, source };
}

/**
 * Batch engines' array-job index variables, in precedence order: the name,
 * whether it counts from 0, and the variable holding the count (if the
 * engine sets one; otherwise `--shards N` must say it).
 */
const SHARD_ENV = [
  { name: 'JOB_COMPLETION_INDEX', base: 0, countVar: undefined, engine: 'Kubernetes Indexed Job' },
  { name: 'SLURM_ARRAY_TASK_ID', base: 'SLURM_ARRAY_TASK_MIN', countVar: 'SLURM_ARRAY_TASK_COUNT', engine: 'Slurm job array' },
  { name: 'AWS_BATCH_JOB_ARRAY_INDEX', base: 0, countVar: undefined, engine: 'AWS Batch array job' },
] as const;

/**
 * Which slice this process runs, by precedence:
 * 1. `--shard I/N`;
 * 2. `CTRLSIM_SHARD=I/N`;
 * 3. `JOB_COMPLETION_INDEX` (Kubernetes Indexed Jobs, 0-based) with `--shards N`;
 * 4. `SLURM_ARRAY_TASK_ID` (minus `SLURM_ARRAY_TASK_MIN`, default 0) with
 *    `SLURM_ARRAY_TASK_COUNT`, or `--shards N`;
 * 5. `AWS_BATCH_JOB_ARRAY_INDEX` (0-based) with `--shards N`.
 * The first that is set wins; none means the whole sweep. `--shards N` alone
 * (no index anywhere) is an error, as is an index without a count, or a
 * count that disagrees with `--shards`.
 */
export function resolveShard(flag: string | undefined, shards: number | undefined, env: NodeJS.ProcessEnv = process.env): Shard | undefined {
  if (shards !== undefined && (!Number.isInteger(shards) || shards < 1)) throw new ConfigError('--shards', 'an integer ≥ 1', String(shards));
  const withCount = (s: Shard): Shard => {
    if (shards !== undefined && shards !== s.count) throw new ConfigError('--shards', `${s.count}, the count given by ${s.source}`, String(shards));
    return s;
  };
  if (flag !== undefined) return withCount(parseShard(flag, '--shard'));
  const explicit = env['CTRLSIM_SHARD'];
  if (explicit !== undefined && explicit !== '') return withCount(parseShard(explicit, 'CTRLSIM_SHARD'));
  for (const v of SHARD_ENV) {
    const raw = env[v.name];
    if (raw === undefined || raw === '') continue;
    const base = typeof v.base === 'number' ? v.base : Number(env[v.base] ?? 0);
    const index0 = Number(raw) - base;
    if (!Number.isInteger(index0) || index0 < 0)
      throw new ConfigError(v.name, `an integer index ≥ ${typeof v.base === 'number' ? v.base : `${v.base} (${base})`}`, JSON.stringify(raw));
    const countText = v.countVar ? env[v.countVar] : undefined;
    const count = countText !== undefined && countText !== '' ? Number(countText) : shards;
    if (count === undefined) throw new ConfigError('--shards', `the number of shards, since ${v.name}=${raw} is set (${v.engine})`, 'nothing');
    if (!Number.isInteger(count) || count < 1) throw new ConfigError(v.countVar ?? '--shards', 'an integer ≥ 1', JSON.stringify(countText ?? String(count)));
    if (index0 >= count) throw new ConfigError(v.name, `an index below the shard count ${count}`, JSON.stringify(raw));
    return withCount({ index: index0 + 1, count, source: v.name });
  }
  if (shards !== undefined && shards > 1) {
    throw new ConfigError(
      '--shards',
      `a shard index too: --shard I/N, or one of CTRLSIM_SHARD, ${SHARD_ENV.map((v) => v.name).join(', ')}`,
      `--shards ${shards} alone`,
    );
  }
  return undefined;
}

/** Whether run `index` belongs to `shard` (all runs when there is none). */
export function inShard(index: number, shard: Shard | undefined): boolean {
  return shard === undefined || index % shard.count === shard.index - 1;
}
