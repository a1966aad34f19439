import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, parseLimits } from '../../experiments/runner/cost.js';
import { loadStudyFile } from '../../experiments/studies/run-study.js';
import { planStudySweep } from '../../experiments/studies/study-sweep.js';
import { CLI } from './cli-helpers.js';

// Regression: a study sweep checked only the file's own horizon, so a point of 100,000 hours passed validate and hung sweep.
const FILE = 'test/fixtures/bad-experiments/study-sweep-point-past-event-limit.yaml';
const REFUSAL = readFileSync(`${FILE}.expected.txt`, 'utf8');

describe("a study sweep's cost, known point by point before it starts", () => {
  it('refuses the plan at the knob that set the costly point, naming its values, the estimate and the limit', () => {
    expect(() => planStudySweep(loadStudyFile(FILE), DEFAULT_LIMITS)).toThrow(
      `${FILE}:10:5: params.horizon: expected a run of at most 100,000,000 events (shorten the horizon, lengthen tick or sampleEvery, lower the load or replicas, or raise the limit with --max-events), got this study: about 6,480,000,000 events (in sweep point 1: params.horizon="100000h")`,
    );
  });

  it('plans every point once --max-events is raised above the costliest one', () => {
    expect(planStudySweep(loadStudyFile(FILE), parseLimits(7e9, undefined)).runCount).toBe(2);
  });

  // Regression: an invalid study point was reported without file:line:col, unlike an experiment's.
  it('locates a point that is invalid as a study at the knob that set it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ctrlsim-study-point-')), 'drift.yaml');
    writeFileSync(
      file,
      'study: leader-election\nname: drift\nparams: { clockDriftSpread: 0.2 }\nsweep:\n  seeds: 1\n  knobs:\n    params.firstLeaderDrift: { values: [0, 0.9] }\n',
    );
    expect(() => planStudySweep(loadStudyFile(file))).toThrow(
      `${file}:7:5: params.firstLeaderDrift: expected a drift with |firstLeaderDrift| + clockDriftSpread < 1 (clockDriftSpread is 0.2), so every clock runs forwards, got 0.9 (a number) (in sweep point 1: params.firstLeaderDrift=0.9)`,
    );
  });

  it('makes ctrlsim sweep exit 2 with that one line and write nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctrlsim-study-sweep-cost-'));
    const out = join(dir, 'sweep');
    // A time limit, so a sweep that starts the 100,000-hour point fails this test instead of hanging it.
    const r = spawnSync(process.execPath, [CLI, 'sweep', FILE, '--workers', '1', '--out', out, '--no-progress'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(REFUSAL);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});
