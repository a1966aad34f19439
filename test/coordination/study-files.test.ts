import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MILLISECOND, SECOND } from '../../lib/time.js';
import { ConfigError } from '../../experiments/schema/config-error.js';
import {
  STUDIES,
  isStudyDocument,
  loadStudyFile,
  parseStudyDocument,
  runStudy,
  studyAtPoint,
  studyJsonSchema,
  type StudyDocument,
} from '../../experiments/studies/index.js';
import { designPoints } from '../../experiments/sweep/design.js';
import { LEADER_ELECTION_DEFAULTS } from '../../experiments/studies/index.js';

const dir = fileURLToPath(new URL('../../experiments/examples/studies/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));

/** The same study cut to at most five virtual minutes, to keep the suite quick. */
function shortened(doc: StudyDocument): StudyDocument {
  const horizon = Math.min(doc.params.horizon, 5 * 60 * SECOND);
  switch (doc.study) {
    case 'leader-election':
      return { ...doc, params: { ...doc.params, horizon } };
    case 'multi-region':
      return { ...doc, params: { ...doc.params, horizon } };
    case 'orchestration':
      return { ...doc, params: { ...doc.params, horizon } };
  }
}

/** The message of the ConfigError `f` throws. */
function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('the built-in study files', () => {
  it('are one per study', () => {
    expect(files.sort()).toEqual(['leader-election.yaml', 'multi-region.yaml', 'orchestration.yaml']);
  });

  it.each(files)('%s validates and runs to one summary row with its columns in order', (file) => {
    const { study } = loadStudyFile(`${dir}${file}`);
    const result = runStudy(shortened(study));
    expect(Object.keys(result.summary)).toEqual(['name', 'seed', ...STUDIES[study.study].metrics]);
    expect(Object.values(result.summary).every((v) => typeof v === 'string' || Number.isFinite(v))).toBe(true);
    expect(result.rows.length).toBeGreaterThan(0);
  });
});

describe('a study document', () => {
  it('fills every missing param from the defaults and reads durations to µs', () => {
    const doc = parseStudyDocument({ study: 'leader-election', name: 'x', params: { leaseDuration: '20s', interZoneLatency: '5ms' } });
    expect(doc.seed).toBe(1);
    expect(doc.params).toEqual({ ...LEADER_ELECTION_DEFAULTS, leaseDuration: 20 * SECOND, interZoneLatency: 5 * MILLISECOND });
  });

  it('may leave out params altogether', () => {
    const doc = parseStudyDocument({ study: 'orchestration', name: 'x' });
    expect(doc.study === 'orchestration' && doc.params.mode).toBe('orchestration');
  });

  it('names an unknown study and suggests the closest', () => {
    expect(errorOf(() => parseStudyDocument({ study: 'multiregion', name: 'x' }))).toBe(
      'study: expected one of "leader-election", "multi-region", "orchestration", got "multiregion" (a string) (did you mean "multi-region"?)',
    );
  });

  it('names a misspelt param and suggests the right one', () => {
    expect(errorOf(() => parseStudyDocument({ study: 'leader-election', name: 'x', params: { leaseDuraton: '15s' } }))).toMatch(
      /^params\.leaseDuraton: expected one of the keys .*, got an unknown key \(did you mean leaseDuration\?\)$/,
    );
  });

  it("refuses a lease duration that client-go's NewLeaderElector would refuse, naming the field and the bound", () => {
    expect(errorOf(() => parseStudyDocument({ study: 'leader-election', name: 'x', params: { leaseDuration: '10s' } }))).toBe(
      'params.leaseDuration: expected a duration greater than renewDeadline (10s), as client-go requires, got "10s" (a string)',
    );
    expect(errorOf(() => parseStudyDocument({ study: 'leader-election', name: 'x', params: { retryPeriod: '9s' } }))).toBe(
      'params.renewDeadline: expected a duration greater than 1.2 × retryPeriod (10s800ms), as client-go requires, got "10s" (a string)',
    );
  });

  it('refuses an unknown strategy with the accepted ones', () => {
    expect(errorOf(() => parseStudyDocument({ study: 'multi-region', name: 'x', params: { strategy: 'paxos' } }))).toMatch(
      /^params\.strategy: expected one of "independent", "coordinator", "occ", got "paxos"/,
    );
  });

  it('is told apart from an experiment file by its top-level study key', () => {
    expect(isStudyDocument({ study: 'orchestration' })).toBe(true);
    expect(isStudyDocument({ name: 'step-load', services: [] })).toBe(false);
  });

  it('has a JSON Schema that lists the studies', () => {
    expect(JSON.stringify(studyJsonSchema())).toContain('"const":"multi-region"');
  });
});

describe("a study's sweep", () => {
  it.each(files)('%s carries a sweep over its own params', (file) => {
    const { study } = loadStudyFile(`${dir}${file}`);
    expect(study.sweep).toBeDefined();
    expect(Object.keys(study.sweep!.knobs).every((k) => k.startsWith('params.'))).toBe(true);
  });

  it('refuses a knob outside params, naming the knob', () => {
    const sweep = { seeds: 2, knobs: { name: { values: ['a', 'b'] } } };
    expect(errorOf(() => parseStudyDocument({ study: 'orchestration', name: 'x', sweep }))).toBe(
      'sweep.knobs["name"]: expected a path params.<knob> into this study\'s params, got "name" (a string)',
    );
  });

  it('refuses a knob value the param would refuse, naming the value', () => {
    const sweep = { seeds: 2, knobs: { 'params.strategy': { values: ['occ', 'raft'] } } };
    expect(errorOf(() => parseStudyDocument({ study: 'multi-region', name: 'x', sweep }))).toMatch(
      /^sweep\.knobs\["params\.strategy"\]\.values\[1\]: expected one of "independent", "coordinator", "occ", got "raft"/,
    );
  });

  it('refuses a misspelt knob with a suggestion', () => {
    const sweep = { seeds: 2, knobs: { 'params.fenceing': { values: [true, false] } } };
    expect(errorOf(() => parseStudyDocument({ study: 'leader-election', name: 'x', sweep }))).toMatch(
      /^sweep\.knobs\["params\.fenceing"\]\.values\[0\]: .*did you mean fencing\?/,
    );
  });
});

describe("the leader-election file's sweep, run point by point as the sweep runner would", () => {
  const { study, raw } = loadStudyFile(`${dir}leader-election.yaml`);
  const knobs = Object.keys(study.sweep!.knobs);
  const points = designPoints({ design: 'grid', knobs: knobs.map((k) => study.sweep!.knobs[k]!), seed: study.seed });
  // One seed and five virtual minutes per point keep the suite quick.
  const rows = points.map((values, i) => ({ values, summary: runStudy(studyAtPoint(raw, [...knobs, 'params.horizon'], [...values, '5m'], i)).summary }));

  it('covers fencing off and on at every clock drift', () => {
    expect(rows.map((r) => r.values.join(' '))).toEqual(['false 0', 'false -0.2', 'false -0.3', 'false -0.4', 'true 0', 'true -0.2', 'true -0.3', 'true -0.4']);
  });

  it('applies split-brain actions at some point without fencing and at none with it', () => {
    expect(rows.filter((r) => r.values[0] === false).some((r) => (r.summary.deposed_actions_applied as number) > 0)).toBe(true);
    expect(rows.filter((r) => r.values[0] === true).every((r) => r.summary.deposed_actions_applied === 0)).toBe(true);
  });

  it('has two acting leaders only once the first leader clock runs slow enough', () => {
    const twoLeaders = (drift: number) => rows.find((r) => r.values[0] === true && r.values[1] === drift)!.summary.two_leader_s as number;
    expect(twoLeaders(0)).toBe(0);
    expect(twoLeaders(-0.4)).toBeGreaterThan(0);
  });
});

describe('running a study', () => {
  it('reports a failover that never happened as null, not -1', () => {
    const doc = parseStudyDocument({ study: 'leader-election', name: 'x', params: { horizon: '3m', partitionFor: '0s' } });
    expect(runStudy(doc).summary).toMatchObject({ failovers: 0, failover_s: null });
  });

  it('gives the same summary for the same document and seed, and another for another seed', () => {
    const doc = parseStudyDocument({ study: 'multi-region', name: 'x', params: { horizon: '10m', strategy: 'independent' } });
    expect(runStudy(doc).summary).toEqual(runStudy(doc).summary);
    expect(runStudy(doc, 7).fingerprint).not.toBe(runStudy(doc, 8).fingerprint);
    expect(runStudy(doc, 7).summary.seed).toBe(7);
  });
});
