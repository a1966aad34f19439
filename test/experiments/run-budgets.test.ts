import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BudgetExceededError } from '../../sim/engine/errors.js';
import { loadExperimentFile } from '../../experiments/config/load.js';
import { CsvFileSink, OutputBudget, escapeFormulaCell, setFormulaEscaping, toCsv } from '../../experiments/output/csv-sink.js';
import { NonFiniteResult, OutputBudgetExceeded } from '../../experiments/output/run-failures.js';
import { DEFAULT_LIMITS, checkRunCost, estimateRunCost, parseLimits } from '../../experiments/runner/cost.js';
import { runExperiment } from '../../experiments/runner/run-experiment.js';
import { runToDirectory } from '../../experiments/runner/write-run.js';
import { countPoints } from '../../experiments/sweep/design.js';

const STEP = 'experiments/examples/step-load.yaml';

describe('the cost of a run, known before it starts', () => {
  it('estimates the built-in examples within a small factor above their measured event counts', () => {
    for (const [file, measured] of [
      [STEP, 10149],
      ['experiments/examples/hashring-autoscale.yaml', 6189491],
      ['experiments/examples/diurnal-day.yaml', 111699],
    ] as const) {
      const { events } = estimateRunCost(loadExperimentFile(file).experiment);
      expect(events).toBeGreaterThanOrEqual(measured);
      expect(events).toBeLessThan(measured * 5);
    }
  });

  it('refuses a run past --max-events with the estimate, and accepts it once the limit is raised', () => {
    const cost = estimateRunCost(loadExperimentFile(STEP).experiment);
    expect(() => checkRunCost(cost, parseLimits(1000, undefined))).toThrow(
      /horizon: expected a run of at most 1,000 events .*raise the limit with --max-events\), got this run: about 13,400 events/,
    );
    expect(() => checkRunCost(cost, parseLimits(undefined, '10KB'))).toThrow(/expected a run writing at most 9.77 KiB .*--max-output/);
    expect(() => checkRunCost(cost, DEFAULT_LIMITS)).not.toThrow();
    expect(() => parseLimits(-1, undefined)).toThrow(/--max-events: expected an integer ≥ 1/);
    expect(parseLimits(undefined, '2GiB').maxOutput).toBe(2 * 1024 ** 3);
  });

  // Defect: sweeps of 1000³ points or points: 1e9 built the whole plan before the run cap was checked.
  it("counts a design's points by arithmetic, without building them", () => {
    const range = { kind: 'range', min: 1, max: 2, duration: false, scale: 'linear', integer: false, steps: 1000 } as const;
    expect(countPoints({ design: 'grid', knobs: [range, range, range] })).toBe(1e9);
    expect(countPoints({ design: 'lhs', knobs: [range], points: 1e9 })).toBe(1e9);
  });
});

describe('budgets while a run runs', () => {
  // Defect: runs had no event budget of their own and wrote 100-150 MB per 30 s into staging.
  it('stops a run at its event budget, counted in events, not wall-clock time', () => {
    const exp = loadExperimentFile(STEP).experiment;
    expect(() => runExperiment(exp, 1, {}, undefined, { maxEvents: 1000 })).toThrow(BudgetExceededError);
    expect(() => runExperiment(exp, 1, {}, undefined, { maxEvents: 1000 })).toThrow(/budget maxEvents=1000 at virtual time/);
  });

  it('stops a run at its output budget and leaves no output or staging behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctrlsim-budget-'));
    const out = join(dir, 'run');
    expect(() => runToDirectory(loadExperimentFile(STEP), { out, limits: { maxEvents: DEFAULT_LIMITS.maxEvents, maxOutput: 20_000 } })).toThrow(
      OutputBudgetExceeded,
    );
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  // Defect: rps 1.7e308 gave NaN totals in summary.csv with exit 0.
  it('fails a run on a non-finite number instead of writing it to a CSV', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctrlsim-nan-'));
    const sink = new CsvFileSink(join(dir, 'x.csv'), ['t', 'v']);
    expect(() => sink.write({ t: 0, v: Number.NaN })).toThrow(NonFiniteResult);
    expect(() => sink.write({ t: 0, v: Number.POSITIVE_INFINITY })).toThrow(/v came out Infinity/);
    sink.close();
    expect(() => new OutputBudget(10).spend(11)).toThrow(/output budget maxOutput=10 B/);
  });
});

describe('formula escaping of CSV cells', () => {
  afterEach(() => setFormulaEscaping(true));

  // Defect: cells beginning with = + - @ were written raw, and a spreadsheet would run them.
  it('prefixes text cells a spreadsheet would run, and leaves numbers, negative ones included, and durations alone', () => {
    expect(
      toCsv([{ name: '=HYPERLINK("x")', reason: '@SUM(A1)', plus: '+1 replica', n: -5, d: '-2s', s: 'web' }], ['name', 'reason', 'plus', 'n', 'd', 's']),
    ).toBe('name,reason,plus,n,d,s\n"\'=HYPERLINK(""x"")",\'@SUM(A1),\'+1 replica,-5,-2s,web\n');
    expect(escapeFormulaCell('-1.5e3')).toBe('-1.5e3');
    expect(escapeFormulaCell('-x')).toBe("'-x");
  });

  it('writes cells raw when turned off', () => {
    setFormulaEscaping(false);
    expect(toCsv([{ name: '=1+2' }], ['name'])).toBe('name\n=1+2\n');
  });
});
