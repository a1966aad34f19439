import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SweepPlan } from '../../experiments/sweep/plan.js';
import { readRecords, recordName, recordText } from '../../experiments/sweep/run-store.js';

/** One point, one seed, fixed metrics `a` (nullable: a time that may never happen) and `b`. */
const plan: SweepPlan = {
  name: 't',
  description: '',
  title: 't',
  metricsLabel: 'summary',
  metrics: ['a', 'b'],
  nullable: ['a'],
  pareto: [],
  raw: {},
  configHash: 'h',
  design: 'grid',
  knobs: ['k'],
  points: [[1]],
  seeds: [7],
  runCount: 1,
};

function storeWith(summary: Record<string, number | null>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ctrlsim-records-'));
  writeFileSync(join(dir, recordName(plan, 0, 7)), recordText({ config: 'h', point: 0, seed: 7, fingerprint: 'f', summary, extra: {} }, plan.metrics));
  return dir;
}

describe('stored run records', () => {
  it('read back a null nullable metric, so a resumed study sweep keeps its "never"', () => {
    expect(readRecords(storeWith({ a: null, b: 2 }), plan, 2).get(0)?.summary).toEqual({ a: null, b: 2 });
  });

  it('are not reused when a metric the plan never reports as null is null', () => {
    expect(readRecords(storeWith({ a: 1, b: null }), plan, 2).size).toBe(0);
    expect(readRecords(storeWith({ a: null, b: 2 }), { ...plan, nullable: [] }, 2).size).toBe(0);
  });
});
