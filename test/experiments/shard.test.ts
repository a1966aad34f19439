import { describe, expect, it } from 'vitest';
import { inShard, parseShard, resolveShard } from '../../experiments/sweep/shard.js';

describe('sweep shards', () => {
  it('parses I/N, numbered from 1', () => {
    expect(parseShard('2/8')).toMatchObject({ index: 2, count: 8 });
    for (const bad of ['0/3', '4/3', '1', 'a/b', '1/0']) expect(() => parseShard(bad)).toThrow(/--shard: expected I\/N with 1 ≤ I ≤ N/);
  });

  it('splits runs into disjoint slices that together cover every run', () => {
    const shards = [1, 2, 3].map((i) => parseShard(`${i}/3`));
    for (let run = 0; run < 30; run++) expect(shards.filter((s) => inShard(run, s))).toHaveLength(1);
  });

  it('prefers --shard, then CTRLSIM_SHARD, then JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID and AWS_BATCH_JOB_ARRAY_INDEX', () => {
    const env = { CTRLSIM_SHARD: '2/4', JOB_COMPLETION_INDEX: '0', SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '4', AWS_BATCH_JOB_ARRAY_INDEX: '1' };
    expect(resolveShard('1/4', undefined, env)).toMatchObject({ index: 1, count: 4, source: '--shard' });
    expect(resolveShard(undefined, undefined, env)).toMatchObject({ index: 2, count: 4, source: 'CTRLSIM_SHARD' });
    const { CTRLSIM_SHARD: _a, ...k8s } = env;
    expect(resolveShard(undefined, 4, k8s)).toMatchObject({ index: 1, count: 4, source: 'JOB_COMPLETION_INDEX' });
    const { JOB_COMPLETION_INDEX: _b, ...slurm } = k8s;
    expect(resolveShard(undefined, undefined, slurm)).toMatchObject({ index: 4, count: 4, source: 'SLURM_ARRAY_TASK_ID' });
    expect(resolveShard(undefined, 3, { AWS_BATCH_JOB_ARRAY_INDEX: '2' })).toMatchObject({ index: 3, count: 3 });
    expect(resolveShard(undefined, undefined, {})).toBeUndefined();
  });

  it('counts Slurm array tasks from SLURM_ARRAY_TASK_MIN', () => {
    expect(resolveShard(undefined, undefined, { SLURM_ARRAY_TASK_ID: '11', SLURM_ARRAY_TASK_MIN: '10', SLURM_ARRAY_TASK_COUNT: '5' })).toMatchObject({
      index: 2,
      count: 5,
    });
  });

  it('refuses a 0-based index without a shard count, an index past the count, a count that disagrees, and --shards alone', () => {
    expect(() => resolveShard(undefined, undefined, { JOB_COMPLETION_INDEX: '2' })).toThrow(
      /--shards: expected the number of shards, since JOB_COMPLETION_INDEX=2 is set/,
    );
    expect(() => resolveShard(undefined, 2, { JOB_COMPLETION_INDEX: '2' })).toThrow(/JOB_COMPLETION_INDEX: expected an index below the shard count 2/);
    expect(() => resolveShard('1/3', 4, {})).toThrow(/--shards: expected 3, the count given by --shard/);
    expect(() => resolveShard(undefined, 4, {})).toThrow(/--shards: expected a shard index too/);
  });
});
