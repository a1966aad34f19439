import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExperimentFile } from '../../experiments/config/load.js';
import { runToDirectory } from '../../experiments/runner/write-run.js';
import { loadRunDir } from '../../experiments/runner/from-dirs.js';
import { runHeadlines, runReportCharts, runReportHtml, runReportSpecs } from '../../reports/run-report.js';
import { SUMMARY_CATALOGUE } from '../../sim/metric-catalogue.js';
import type { RunReportData } from '../../reports/run-report.js';
import { syntheticRun } from '../support/sample-report-data.js';
import { compileWarnings, firstDifference, occurrences, scriptJson } from './helpers.js';

const XSS = '<script>alert(1)</script>';

/** Every layer of a layered spec, flattened. */
function layers(spec: unknown): Array<Record<string, unknown>> {
  const s = spec as { layer?: unknown[] };
  return (s.layer ?? []).flatMap((l) => [l as Record<string, unknown>, ...layers(l)]);
}

describe('the run report', () => {
  let data: RunReportData;
  beforeAll(() => {
    data = syntheticRun();
  });

  it('compiles every chart with Vega-Lite without a warning', () => {
    for (const [id, spec] of Object.entries(runReportSpecs(data))) expect([id, compileWarnings(spec)]).toEqual([id, []]);
  });

  it('draws load, replicas, latency and one panel per controller panel with rows', () => {
    expect(runReportCharts(data).map((c) => c.id)).toEqual([
      'time-brush',
      'load-vs-capacity',
      'replicas',
      'latency',
      'panel-registry-registry-health',
      'panel-autoscaler-leader',
    ]);
    const empty = { ...data, panels: [{ controller: 'ring', title: 'keys moved', rows: [] }] };
    expect(runReportCharts(empty).map((c) => c.id)).toEqual(['time-brush', 'load-vs-capacity', 'replicas', 'latency']);
  });

  it('draws latency percentiles when the time series has them, and only the mean otherwise', () => {
    const fold = (d: RunReportData) => JSON.stringify(runReportSpecs(d)['latency']).match(/"fold":\[[^\]]*\]/)![0];
    expect(fold(data)).toBe('"fold":["latency_ms","p50_ms","p95_ms","p99_ms"]');
    const plain = { ...data, timeseries: data.timeseries.map(({ p50_ms: _a, p95_ms: _b, p99_ms: _c, ...r }) => r) };
    expect(fold(plain)).toBe('"fold":["latency_ms"]');
  });

  it('shades faults and partitions on every time chart when intervals are given', () => {
    const specs = runReportSpecs(data);
    for (const id of ['load-vs-capacity', 'replicas', 'latency']) {
      expect(layers(specs[id]).some((l) => (l['mark'] as { type?: string })?.type === 'rect' && (l['data'] as { name?: string })?.name === 'intervals')).toBe(
        true,
      );
    }
    const none = runReportSpecs({ ...data, intervals: [] });
    expect(JSON.stringify(none)).not.toContain('"intervals"');
  });

  it('marks scale actions with their reasons and flags direction reversals as flaps', () => {
    const actions = (runReportSpecs(data)['replicas'] as unknown as { datasets: { actions: Array<Record<string, unknown>> } }).datasets.actions;
    const scale = actions.filter((a) => a['action'] === 'scale');
    expect(scale.length).toBeGreaterThan(3);
    expect(scale.every((a) => typeof a['reason'] === 'string' && (a['direction'] === 'up' || a['direction'] === 'down'))).toBe(true);
    expect(scale.filter((a) => a['kind'] === 'reversal (flap)').length).toBeGreaterThan(0);
    expect(actions.some((a) => a['kind'] === 'rejected')).toBe(true);
  });

  it('draws a text-valued panel as a state timeline that holds each state until the next change', () => {
    const spec = runReportSpecs(data)['panel-autoscaler-leader'] as unknown as { datasets: Record<string, Array<Record<string, unknown>>> };
    expect(spec.datasets['panel1']).toEqual([
      { series: 'leader', state: 'replica-a', start_s: 0, end_s: 2460 },
      { series: 'leader', state: 'replica-b', start_s: 2460, end_s: 6100 },
      { series: 'leader', state: 'replica-a', start_s: 6100, end_s: 7200 },
    ]);
  });

  it('embeds the time series once however many charts use it', () => {
    const html = runReportHtml(data);
    const { specs, uses } = scriptJson(html, 'ctrlsim-specs') as { specs: Record<string, unknown>; uses: Record<string, string[]> };
    expect(JSON.stringify(specs)).not.toContain('"datasets"');
    expect(uses['latency']).toEqual(['timeseries', 'intervals']);
    expect(occurrences(html, 'id="ctrlsim-data-timeseries"')).toBe(1);
    const first = JSON.stringify(data.timeseries[0]!['time_s']);
    expect(scriptJson(html, 'ctrlsim-data-timeseries')).toHaveLength(data.timeseries.length);
    expect(first).toBe('10');
  });

  it('shows the headline numbers and the summary table', () => {
    const html = runReportHtml(data);
    expect(html).toContain('thrashing: flaps / hour</span><b>4.5</b>');
    expect(html).toContain('<td>instance_hours</td><td>20.31</td>');
  });

  it('headlines the responsiveness metrics the catalogue recommends, never the mean under-provisioned stretch that oscillating improves', () => {
    const summary = {
      flaps_per_hour: 4.5,
      replica_churn: 12,
      reaction_time_s: 3,
      max_reaction_time_s: 9,
      shortfall_requests: 1200,
      time_to_adequate_s: 95,
      max_time_to_adequate_s: 140,
      slo_violation_s: 60,
      dropped_requests: 0,
      instance_hours: 20,
    };
    const labels = runHeadlines(summary).map((s) => s.label);
    const headlined = SUMMARY_CATALOGUE.filter((i) => i.headline !== undefined);
    expect(labels).toHaveLength(headlined.length);
    expect(labels).toContain('responsiveness: shortfall (requests)');
    expect(labels).toContain('time to adequate capacity (s)');
    expect(SUMMARY_CATALOGUE.find((i) => i.name === 'reaction_time_s')!.headline).toBeUndefined();
    expect(runHeadlines(summary).map((s) => s.value)).not.toContain('3');
    // Grouped by aspect: thrashing first, cost last.
    expect(labels[0]).toBe('thrashing: flaps / hour');
    expect(labels.at(-1)).toBe('cost: instance-hours');
    // Only the metrics a run reported.
    expect(runHeadlines({ flaps_per_hour: 1 }).map((s) => s.label)).toEqual(['thrashing: flaps / hour']);
  });

  it('renders a name, description, interval label and panel name from the experiment as text, never as markup', () => {
    const evil: RunReportData = {
      ...data,
      name: XSS,
      description: '</script><img src=x onerror=alert(2)>',
      intervals: [{ start_s: 0, end_s: 60, label: '</script><script>alert(3)</script>' }],
      panels: [{ controller: '<b>ctl</b>', title: '"><svg onload=alert(4)>', rows: [{ time_s: 1, series: 'x', value: 1 }] }],
    };
    const html = runReportHtml(evil);
    expect(html).toContain('<title>ctrlsim run: &lt;script&gt;alert(1)&lt;/script&gt;</title>');
    expect(html).not.toContain('<script>alert(');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<svg onload');
    expect(html).not.toContain('<b>ctl</b>');
    // Only the three inlined libraries and the embedding script are executable; every other script element holds JSON.
    const tags = html.match(/<script[^>]*>/g)!;
    expect(tags.filter((t) => t === '<script>')).toHaveLength(4);
    expect(tags.filter((t) => t !== '<script>').every((t) => /^<script type="application\/json" id="ctrlsim-[A-Za-z0-9_-]+">$/.test(t))).toBe(true);
  });

  it('gives the same bytes for the same input', () => {
    expect(runReportHtml(syntheticRun())).toBe(runReportHtml(syntheticRun()));
  });
});

describe('a run directory read back', () => {
  let dir: string;
  beforeAll(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'ctrlsim-report-')), 'step');
    runToDirectory(loadExperimentFile('experiments/examples/step-load.yaml'), { out: dir });
  });

  it('rebuilds the report the run wrote, byte for byte', () => {
    const loaded = loadRunDir(dir);
    expect(loaded.label).toBe('step');
    expect(loaded.data.sloLatencyMs).toBe(250);
    const written = readFileSync(join(dir, 'summary.csv'), 'utf8').split('\n');
    const column = written[0]!.split(',').indexOf('flaps_per_hour');
    expect(loaded.data.summary['flaps_per_hour']).toBe(Number(written[1]!.split(',')[column]));
    expect(firstDifference(runReportHtml(loaded.data), readFileSync(join(dir, 'report.html'), 'utf8'))).toBeUndefined();
  });

  it('names the missing file when a directory is not a run', () => {
    expect(() => loadRunDir(join(dir, 'nope'))).toThrow(/nope: expected a run or sweep directory, got nothing \(no such directory\)/);
  });
});
