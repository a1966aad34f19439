import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExperimentFile } from '../../experiments/config/load.js';
import { runToDirectory } from '../../experiments/runner/write-run.js';
import type { CompareItem } from '../../reports/compare-report.js';
import { compareReportHtml, compareReportSpecs } from '../../reports/compare-report.js';
import { dirKind, loadSweepDir, reportFromDirs } from '../../experiments/runner/from-dirs.js';
import type { RunReportData } from '../../reports/run-report.js';
import { syntheticRun, syntheticSweep } from '../support/sample-report-data.js';
import type { SweepReportData } from '../../reports/sweep-report.js';
import { sweepReportHtml } from '../../reports/sweep-report.js';
import { compileWarnings, scriptJson } from './helpers.js';

function twoRuns(): CompareItem[] {
  const after: RunReportData = { ...syntheticRun('after'), summary: { ...syntheticRun().summary, flaps_per_hour: 1.5 } };
  return [
    { kind: 'run', label: 'before', run: syntheticRun('before') },
    { kind: 'run', label: 'after', run: after },
  ];
}

/** Writes a sweep the way `ctrlsim sweep` does: summary.csv, points.csv, a manifest and a recommendation. */
function writeSweepDir(dir: string, sweep: SweepReportData, withPoints = true): void {
  mkdirSync(dir, { recursive: true });
  const runColumns = [...(sweep.runs[0]!['scenario'] !== undefined ? ['scenario'] : []), ...sweep.knobs, 'seed', ...sweep.metrics];
  writeFileSync(
    join(dir, 'summary.csv'),
    stringify(
      sweep.runs.map((r) => ({ ...r })),
      { header: true, columns: runColumns },
    ),
  );
  if (withPoints) {
    const pointColumns = [...sweep.knobs, 'n', ...sweep.metrics.flatMap((m) => [`${m}_mean`, `${m}_lo`, `${m}_hi`])];
    writeFileSync(
      join(dir, 'points.csv'),
      stringify(
        sweep.points.map((p) => ({ ...p })),
        { header: true, columns: pointColumns },
      ),
    );
  }
  writeFileSync(join(dir, 'recommendation.json'), JSON.stringify(sweep.recommendation));
}

describe('the comparison report', () => {
  it('compiles every chart with Vega-Lite without a warning, for runs and sweeps together', () => {
    const items: CompareItem[] = [
      ...twoRuns(),
      { kind: 'sweep', label: 'a', sweep: syntheticSweep({ points: 12, seeds: 4 }) },
      { kind: 'sweep', label: 'b', sweep: syntheticSweep({ points: 12, seeds: 4, scenarios: ['x', 'y'] }) },
    ];
    const specs = compareReportSpecs(items);
    expect(Object.keys(specs)).toEqual(['compare-summary', 'compare-load', 'compare-replicas', 'compare-latency', 'compare-frontiers']);
    for (const [id, spec] of Object.entries(specs)) expect([id, compileWarnings(spec)]).toEqual([id, []]);
  });

  it('puts the summary metrics side by side with the change against the first run', () => {
    const html = compareReportHtml(twoRuns());
    expect(html).toContain('<th>metric</th><th>before</th><th>after</th><th>Δ after vs before</th>');
    // The defect: two single-seed runs were labelled "better" with no interval to back it.
    expect(html).toContain('<td>flaps_per_hour</td><td>4.5</td><td>1.5</td><td>-3 (-66.67%), single seed</td>');
    expect(html).not.toMatch(/%\) (better|worse)/);
    expect(html).toContain('<td>replica_churn</td><td>71</td><td>71</td><td>=</td>');
  });

  it('embeds the runs’ shared time series once', () => {
    const html = compareReportHtml(twoRuns());
    const ts = scriptJson(html, 'ctrlsim-data-timeseries') as Array<{ run: string }>;
    expect(new Set(ts.map((r) => r.run))).toEqual(new Set(['before', 'after']));
    expect(html.match(/id="ctrlsim-data-timeseries"/g)).toHaveLength(1);
  });

  it('tells runs with the same label apart', () => {
    const [a] = twoRuns();
    expect(compareReportHtml([a!, a!])).toContain('<th>before</th><th>before (2)</th>');
  });

  it('renders labels as text, never as markup', () => {
    const html = compareReportHtml([{ kind: 'run', label: '<script>alert(1)</script>', run: syntheticRun() }, ...twoRuns()]);
    expect(html).not.toContain('<script>alert(');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('refuses an empty comparison, saying what it expected', () => {
    expect(() => compareReportHtml([])).toThrow(/expected at least one run or sweep to compare, got none/);
  });
});

describe('reports built from directories', () => {
  let root: string;
  let runDir: string;
  const sweep = syntheticSweep({ points: 20, seeds: 5 });

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'ctrlsim-dirs-'));
    runDir = join(root, 'step');
    runToDirectory(loadExperimentFile('experiments/examples/step-load.yaml'), { out: runDir });
    writeSweepDir(join(root, 'sweep'), sweep);
    writeSweepDir(join(root, 'sweep-no-points'), sweep, false);
  });

  it('tells a run directory from a sweep directory', () => {
    expect(dirKind(runDir)).toBe('run');
    expect(dirKind(join(root, 'sweep'))).toBe('sweep');
  });

  it('reads a sweep directory back into the same report it was made from', () => {
    const loaded = loadSweepDir(join(root, 'sweep'));
    expect(loaded.knobs).toEqual(sweep.knobs);
    expect(loaded.metrics).toEqual(sweep.metrics);
    expect(loaded.runs).toHaveLength(100);
    expect(sweepReportHtml({ ...loaded, name: sweep.name, description: sweep.description! })).toBe(sweepReportHtml(sweep));
  });

  it('aggregates the runs when a sweep directory has no points.csv', () => {
    const loaded = loadSweepDir(join(root, 'sweep-no-points'));
    expect(loaded.points).toHaveLength(20);
    expect(loaded.points[0]!['flaps_per_hour_mean']).toBeCloseTo(sweep.points[0]!['flaps_per_hour_mean'] as number, 9);
  });

  it('makes a run report for one run directory, a sweep report for one sweep, and a comparison for several', () => {
    expect(reportFromDirs([runDir]).kind).toBe('run');
    const one = reportFromDirs([join(root, 'sweep')]);
    expect([one.kind, Object.keys(one.specs)]).toEqual(['sweep', ['tradeoff', 'heatmaps', 'pick']]);
    const many = reportFromDirs([runDir, runDir, join(root, 'sweep')]);
    expect(many.kind).toBe('compare');
    expect(many.html).toContain('<th>step</th><th>step (2)</th>');
    expect(Object.keys(many.specs)).toContain('compare-frontiers');
  });

  it('names the file when a CSV is malformed', () => {
    const bad = join(root, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'summary.csv'), 'a,b\n1,2\n3\n');
    expect(() => reportFromDirs([bad])).toThrow(/bad\/summary\.csv:3: expected well-formed CSV, got expected 2 fields as in the header, got 1/);
  });

  it('compares sweeps by paired differences across seeds, saying "no clear difference" when the seeds disagree', () => {
    const a = syntheticSweep({ points: 6, seeds: 5, name: 'a' });
    // The same sweep with each seed's flaps moved up or down: the paired difference's interval spans zero.
    const mixed = { ...a, runs: a.runs.map((r) => ({ ...r, flaps_per_hour: (r['flaps_per_hour'] as number) + ((r['seed'] as number) % 2 === 0 ? 1 : -1.2) })) };
    // The same sweep with every seed's flaps one higher: clearly worse.
    const shifted = { ...a, runs: a.runs.map((r) => ({ ...r, flaps_per_hour: (r['flaps_per_hour'] as number) + 1 })) };
    const html = compareReportHtml([
      { kind: 'sweep', label: 'a', sweep: a },
      { kind: 'sweep', label: 'mixed', sweep: mixed },
      { kind: 'sweep', label: 'shifted', sweep: shifted },
    ]);
    expect(html).toContain('<h2>Paired differences between sweeps</h2>');
    expect(html).toMatch(/<td>mixed − a<\/td><td>all 6 matched points<\/td><td>5<\/td><td>[-+][\d.]+ \[-[\d.]+, [\d.]+\] no clear difference<\/td>/);
    expect(html).toMatch(/<td>shifted − a<\/td><td>all 6 matched points<\/td><td>5<\/td><td>\+1 \[1, 1\] worse<\/td>/);
  });
});
