import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { writeChartSvgs } from '../../experiments/runner/write-run.js';
import { runReportSpecs } from '../../reports/run-report.js';
import { syntheticRun, syntheticSweep } from '../support/sample-report-data.js';
import { renderSvg, writeSvgFiles } from '../../reports/svg.js';
import { sweepReportSpecs } from '../../reports/sweep-report.js';
import { writeFileSync } from 'node:fs';

/** Items drawn by data marks in a Vega SVG (axes and legends are not "role-mark" groups). */
function markItems(svg: string): number {
  let n = 0;
  for (const m of svg.matchAll(/<g class="mark-[a-z]+ role-mark[^"]*"[^>]*>([\s\S]*?)<\/g>/g)) n += (m[1]!.match(/<(path|line|text|rect)\b/g) ?? []).length;
  return n;
}

describe('static SVG charts', () => {
  it('renders every run chart in Node with its marks', async () => {
    for (const [id, spec] of Object.entries(runReportSpecs(syntheticRun()))) {
      const svg = await renderSvg(spec);
      expect(svg.startsWith('<svg')).toBe(true);
      expect([id, markItems(svg) > 0]).toEqual([id, true]);
    }
  });

  it('renders the sweep charts, faceted and concatenated ones included', async () => {
    const specs = sweepReportSpecs(syntheticSweep({ points: 12, seeds: 4, scenarios: ['a', 'b'] }));
    for (const [id, spec] of Object.entries(specs)) expect([id, markItems(await renderSvg(spec)) > 0]).toEqual([id, true]);
  });

  it('gives the same bytes for the same spec', async () => {
    const spec = runReportSpecs(syntheticRun())['replicas']!;
    expect(await renderSvg(spec)).toBe(await renderSvg(spec));
  });

  it('refuses to fetch data from a URL', async () => {
    const spec = { data: { url: 'https://example.com/data.json' }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' } } } as TopLevelSpec;
    await expect(renderSvg(spec)).rejects.toThrow(/offline; refusing to load https:\/\/example.com\/data.json/);
  });

  it('writes <chart>.svg next to each <chart>.vl.json of a run directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctrlsim-svg-'));
    const specs = runReportSpecs(syntheticRun());
    for (const [id, spec] of Object.entries(specs)) writeFileSync(join(dir, `${id}.vl.json`), JSON.stringify(spec));
    const written = await writeChartSvgs(dir);
    expect(written).toEqual(
      Object.keys(specs)
        .sort()
        .map((id) => `${id}.svg`),
    );
    expect(
      readdirSync(dir)
        .filter((f) => f.endsWith('.svg'))
        .sort(),
    ).toEqual(written);
    expect(readFileSync(join(dir, 'latency.svg'), 'utf8')).toBe((await renderSvg(specs['latency']!)) + '\n');
    const other = mkdtempSync(join(tmpdir(), 'ctrlsim-svg-'));
    expect(await writeSvgFiles(other, { only: specs['replicas']! })).toEqual(['only.svg']);
  });
});
