import { describe, expect, it } from 'vitest';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { SECOND } from '../../lib/time.js';
import type { ExploreReportData } from '../../reports/explore-report.js';
import { exploreReportHtml, exploreReportSpecs } from '../../reports/explore-report.js';

const data: ExploreReportData = {
  name: 'le <unfenced>',
  family: 'leader-election study',
  seed: 1,
  runs: 30,
  failingRuns: 3,
  bounds: { kinds: ['partition', 'held-partition'], maxFaults: 4, startMin: 5 * SECOND, startMax: 280 * SECOND, durationMin: SECOND, durationMax: 90 * SECOND },
  counts: [{ kind: 'held-partition', property: 'no-deposed-leader-action', runs: 3 }],
  delays: [
    { property: 'no-deposed-leader-action', run: 25, seconds: 53 },
    { property: 'no-deposed-leader-action', run: 27, seconds: null },
  ],
  findings: [
    {
      property: 'no-deposed-leader-action',
      kind: 'safety',
      runs: 3,
      firstRun: 25,
      steps: 13,
      before: { faults: 4, faultSeconds: 262, horizonSeconds: 300 },
      after: { faults: 2, faultSeconds: 65, horizonSeconds: 280 },
      violationAt: 264 * SECOND,
      faults: [{ kind: 'held-partition', at: 240 * SECOND, duration: 24 * SECOND, target: 'leader', severity: 0.4 }],
      explanation: 'applied after token 2 took over',
    },
  ],
};

describe('the explore report', () => {
  it('draws fault kinds × properties, time to violation and the shrunk schedules as charts Vega-Lite compiles', () => {
    const specs = exploreReportSpecs(data);
    expect(Object.keys(specs)).toEqual(['kinds-by-property', 'fault-to-violation', 'shrunk-timelines']);
    for (const spec of Object.values(specs)) expect(() => compile(spec as TopLevelSpec)).not.toThrow();
  });

  it('is one self-contained page that escapes user text and says when nothing was found', () => {
    const html = exploreReportHtml(data);
    expect(html).toContain('le &lt;unfenced&gt;');
    expect(html).not.toContain('le <unfenced>');
    expect(html).not.toMatch(/<script src=/);
    expect(exploreReportHtml({ ...data, failingRuns: 0, counts: [], delays: [], findings: [] })).toContain('No property was violated in 30 runs');
  });
});
