import { describe, expect, it } from 'vitest';
import { loadScenarioFile, scenarioKindOf } from '../../experiments/scenario/registry.js';

describe('the scenario registry', () => {
  it('takes a document with a top-level study key for a study, and any other for an experiment', () => {
    expect(scenarioKindOf({ study: 'orchestration', name: 'x' }).name).toBe('study');
    expect(scenarioKindOf({ name: 'step-load', services: [] }).name).toBe('experiment');
    expect(scenarioKindOf(undefined).name).toBe('experiment');
  });

  it('loads either kind from a file behind the same interface', () => {
    const experiment = loadScenarioFile('experiments/examples/step-load.yaml');
    const study = loadScenarioFile('experiments/examples/studies/leader-election.yaml');
    expect([experiment.kind.name, experiment.name, experiment.hasSweep]).toEqual(['experiment', 'step-load', false]);
    expect([study.kind.name, study.name, study.hasSweep]).toEqual(['study', 'leader-election-partition', true]);
    expect(study.planSweep().metrics).toContain('two_leader_s');
  });

  it('reports a file it cannot read as an experiment file, the kind a document is unless it says otherwise', () => {
    expect(() => loadScenarioFile('README.md')).toThrow('file: expected a .yaml, .yml or .json experiment file, got "README.md"');
  });
});
