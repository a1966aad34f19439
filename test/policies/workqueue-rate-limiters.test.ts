import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BucketRateLimiter,
  ItemExponentialFailureRateLimiter,
  ItemFastSlowRateLimiter,
  MaxOfRateLimiter,
  WithMaxWaitRateLimiter,
  defaultControllerRateLimiter,
  type RateLimiter,
} from '../../lib/policies/index.js';
import { MILLISECOND, SECOND } from '../../lib/time.js';

type LimiterSpec =
  | { kind: 'exponential'; baseDelay: number; maxDelay: number }
  | { kind: 'fastSlow'; fastDelay: number; slowDelay: number; maxFastAttempts: number }
  | { kind: 'maxOf'; children: LimiterSpec[] }
  | { kind: 'withMaxWait'; maxDelay: number; child: LimiterSpec }
  | { kind: 'step'; baseDelay: number; maxDelay: number; threshold: number }
  | { kind: 'defaultController' };

type Step =
  | { op: 'when'; item: string; expect: number; at?: number }
  | { op: 'whenRepeat'; item: string; times: number; at?: number }
  | { op: 'whenDistinct'; prefix: string; count: number; at?: number }
  | { op: 'numRequeues'; item: string; expect: number }
  | { op: 'forget'; item: string };

interface Case {
  name: string;
  test?: string;
  limiter: LimiterSpec;
  steps: Step[];
}

function loadCases(file: string): Case[] {
  const text = readFileSync(new URL(`../fixtures/clientgo/${file}`, import.meta.url), 'utf8');
  return (JSON.parse(text) as { cases: Case[] }).cases;
}

/** The test-only StepRateLimiter from the upstream test file: baseDelay for the first `threshold` calls overall, then maxDelay. */
class StepRateLimiter implements RateLimiter<string> {
  #count = 0;
  constructor(
    readonly baseDelay: number,
    readonly maxDelay: number,
    readonly threshold: number,
  ) {}
  when(): number {
    this.#count += 1;
    return this.#count <= this.threshold ? this.baseDelay : this.maxDelay;
  }
  forget(): void {}
  numRequeues(): number {
    return 0;
  }
}

function build(spec: LimiterSpec): RateLimiter<string> {
  switch (spec.kind) {
    case 'exponential':
      return new ItemExponentialFailureRateLimiter({ baseDelay: spec.baseDelay, maxDelay: spec.maxDelay });
    case 'fastSlow':
      return new ItemFastSlowRateLimiter(spec);
    case 'maxOf':
      return new MaxOfRateLimiter(spec.children.map(build));
    case 'withMaxWait':
      return new WithMaxWaitRateLimiter(build(spec.child), spec.maxDelay);
    case 'step':
      return new StepRateLimiter(spec.baseDelay, spec.maxDelay, spec.threshold);
    case 'defaultController':
      return defaultControllerRateLimiter<string>();
  }
}

function replay(c: Case): void {
  const limiter = build(c.limiter);
  c.steps.forEach((step, i) => {
    const where = `${c.name}, step ${i} (${step.op})`;
    switch (step.op) {
      case 'when':
        expect(limiter.when(step.item, step.at ?? 0), where).toBe(step.expect);
        break;
      case 'whenRepeat':
        for (let k = 0; k < step.times; k++) limiter.when(step.item, step.at ?? 0);
        break;
      case 'whenDistinct':
        for (let k = 0; k < step.count; k++) limiter.when(`${step.prefix}${k}`, step.at ?? 0);
        break;
      case 'numRequeues':
        expect(limiter.numRequeues(step.item), where).toBe(step.expect);
        break;
      case 'forget':
        limiter.forget(step.item);
        break;
    }
  });
}

describe('client-go workqueue rate limiters replay upstream vectors', () => {
  for (const c of loadCases('workqueue-default-rate-limiters.json')) {
    it(`${c.test}: ${c.name}`, () => replay(c));
  }
});

describe('DefaultControllerRateLimiter replays vectors derived from its composition', () => {
  for (const c of loadCases('default-controller-rate-limiter.json')) {
    it(c.name, () => replay(c));
  }
});

describe('ItemExponentialFailureRateLimiter', () => {
  it('returns maxDelay, not a wrapped or infinite value, once 2^failures overflows a float', () => {
    const limiter = new ItemExponentialFailureRateLimiter<string>({ baseDelay: 1, maxDelay: 7 * SECOND });
    for (let k = 0; k < 1100; k++) limiter.when('x');
    expect(limiter.when('x')).toBe(7 * SECOND);
  });

  // Upstream: float64(MaxInt64) rounds up to 2^63, so a backoff of exactly 2^63 ns passes
  // the overflow check and its int64 conversion wraps (negative on amd64).
  it('returns maxDelay at exactly 2^63 ns, where the upstream overflow check lets a wrapped value through', () => {
    const limiter = new ItemExponentialFailureRateLimiter<string>({ baseDelay: 1, maxDelay: 2 ** 62, overflowLimit: 2 ** 63 - 1 });
    for (let k = 0; k < 62; k++) limiter.when('x');
    expect(limiter.when('x')).toBe(2 ** 62);
    expect(limiter.when('x')).toBe(2 ** 62);
  });

  // Upstream turns 0 * 2^1024 = NaN into a negative duration on amd64.
  it('keeps a zero base delay at zero even after a thousand failures', () => {
    const limiter = new ItemExponentialFailureRateLimiter<string>({ baseDelay: 0, maxDelay: SECOND });
    for (let k = 0; k < 1100; k++) expect(limiter.when('x')).toBe(0);
  });

  it('defaults to the upstream DefaultItemBasedRateLimiter: 1 ms up to 1000 s', () => {
    const limiter = new ItemExponentialFailureRateLimiter<string>();
    expect([limiter.baseDelay, limiter.maxDelay]).toEqual([MILLISECOND, 1000 * SECOND]);
  });
});

describe('BucketRateLimiter', () => {
  it('takes a token for every call whatever the item and never counts requeues', () => {
    const limiter = new BucketRateLimiter<string>({ qps: 10, burst: 2 });
    expect([limiter.when('a', 0), limiter.when('b', 0), limiter.when('a', 0)]).toEqual([0, 0, 100 * MILLISECOND]);
    expect(limiter.numRequeues('a')).toBe(0);
  });
});

describe('MaxOfRateLimiter', () => {
  it('asks every child even when an earlier child already gave the longest delay', () => {
    const bucket = new BucketRateLimiter<string>({ qps: 1, burst: 1 });
    const limiter = new MaxOfRateLimiter<string>([new ItemFastSlowRateLimiter({ fastDelay: SECOND, slowDelay: SECOND, maxFastAttempts: 1 }), bucket]);
    limiter.when('a', 0);
    expect(bucket.bucket.tokensAt(0)).toBe(0);
  });
});
