import { describe, expect, it } from 'vitest';
import { loadExperimentFile, validateExperiment } from '../../experiments/config/load.js';
import { runExperiment } from '../../experiments/runner/run-experiment.js';
import type { Row } from '../../sim/index.js';

/** Replacements the healer made in the built-in experiment with the given rate limit. */
function replacements(rateLimit: { qps: number; burst: number }): Row[] {
  const doc = structuredClone(loadExperimentFile('experiments/examples/self-healing-bad-instances.yaml').raw) as {
    controllers: { healer: { governor: { rateLimit: unknown } } };
  };
  doc.controllers.healer.governor.rateLimit = rateLimit;
  const rows: Row[] = [];
  runExperiment(validateExperiment(doc), 11, { events: { write: (r) => rows.push(r) } });
  return rows.filter((r) => r['type'] === 'action' && r['action'] === 'replace');
}

describe('self-healing against a bad build on a fifth of the fleet', () => {
  const tight = replacements({ qps: 0.01, burst: 2 });
  const loose = replacements({ qps: 1, burst: 20 });

  it('ejects the bad instances as success-rate outliers although they pass their probes', () => {
    expect(tight.length).toBeGreaterThan(0);
    for (const r of tight) expect(String(r['reason'])).toMatch(/success-rate outlier \(error rate (3\d|4\d)\.\d%\)/);
  });

  it('churns more the looser its rate limit, since each replacement restarts the same bad build', () => {
    expect(loose.length).toBeGreaterThan(tight.length);
  });

  it('never replaces more than the rate limit allows: burst 2 plus one per 100 s over 35 minutes', () => {
    expect(tight.length).toBeLessThanOrEqual(2 + Math.ceil((35 * 60) / 100));
  });
});

describe('self-healing against hung instances', () => {
  /** The built-in fleet without the bad build: two instances hang at 5m instead, and stay hung. */
  function hangRun() {
    const doc = structuredClone(loadExperimentFile('experiments/examples/self-healing-bad-instances.yaml').raw) as Record<string, unknown>;
    doc['horizon'] = '10m';
    doc['scenario'] = [{ at: '5m', action: 'hang', service: 'web', count: 2 }];
    const rows: Row[] = [];
    runExperiment(validateExperiment(doc), 11, { events: { write: (r) => rows.push(r) } });
    const hung = /: (web-\d+) (web-\d+)$/.exec(String(rows.find((r) => r['action'] === 'hang')!['reason']))!.slice(1);
    return { rows, hung };
  }

  it('replaces each hung instance once its probes have failed probeFailureThreshold times in a row', () => {
    const { rows, hung } = hangRun();
    const replaced = rows.filter((r) => r['type'] === 'action' && r['action'] === 'replace');
    expect(replaced.map((r) => r['target']).sort()).toEqual([...hung].sort());
    for (const r of replaced) {
      expect(String(r['reason'])).toMatch(/\d+ consecutive failed probes/);
      // Three failed 10 s probes take 30 s; the healer syncs every 10 s.
      expect(Number(r['time_s'])).toBeGreaterThanOrEqual(300 + 30);
      expect(Number(r['time_s'])).toBeLessThanOrEqual(300 + 30 + 10);
    }
  });
});
