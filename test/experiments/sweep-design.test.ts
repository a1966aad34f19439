import { describe, expect, it } from 'vitest';
import { loadExperimentFile, validateExperiment } from '../../experiments/config/load.js';
import type { Knob } from '../../experiments/config/sweep-schema.js';
import { ConfigError } from '../../experiments/schema/config-error.js';
import { designPoints, fromUnit, levels } from '../../experiments/sweep/design.js';
import { parseKnobPath } from '../../experiments/sweep/knob-path.js';
import { planSweep, runAt } from '../../experiments/sweep/plan.js';

const FIXTURE = 'test/experiments/fixtures/small-sweep.yaml';
const cooldown: Knob = { kind: 'range', min: 30_000_000, max: 600_000_000, duration: true, scale: 'log', integer: true };
const target: Knob = { kind: 'range', min: 0.4, max: 0.8, duration: false, scale: 'linear', integer: false };
const tolerance: Knob = { kind: 'values', values: [0.05, 0.1, 0.2] };

function withSweep(sweep: unknown) {
  const loaded = loadExperimentFile(FIXTURE);
  const raw = { ...(loaded.raw as Record<string, unknown>), sweep };
  return { experiment: validateExperiment(raw), raw, file: FIXTURE };
}

describe('sweep designs', () => {
  it('lays a grid out row-major, the first knob varying slowest', () => {
    const pts = designPoints({ design: 'grid', knobs: [{ kind: 'values', values: ['1m', '5m'] }, tolerance], seed: 1 });
    expect(pts).toEqual([
      ['1m', 0.05],
      ['1m', 0.1],
      ['1m', 0.2],
      ['5m', 0.05],
      ['5m', 0.1],
      ['5m', 0.2],
    ]);
  });

  it('spaces grid levels of a range evenly on its scale, endpoints included, written as in the file', () => {
    expect(levels({ ...target, steps: 5 })).toEqual([0.4, 0.5, 0.6, 0.7, 0.8]);
    expect(levels({ kind: 'range', min: 1, max: 1000, duration: false, scale: 'log', integer: true, steps: 4 })).toEqual([1, 10, 100, 1000]);
    expect(levels({ ...cooldown, scale: 'linear', steps: 3 })).toEqual(['30s', '5m15s', '10m']);
  });

  it('draws the same random and Latin-hypercube points from the same seed, and other points from another', () => {
    for (const design of ['random', 'lhs'] as const) {
      const a = designPoints({ design, knobs: [cooldown, target, tolerance], points: 8, seed: 3 });
      expect(designPoints({ design, knobs: [cooldown, target, tolerance], points: 8, seed: 3 })).toEqual(a);
      expect(designPoints({ design, knobs: [cooldown, target, tolerance], points: 8, seed: 4 })).not.toEqual(a);
    }
  });

  it('puts exactly one Latin-hypercube point in each of the n strata of every knob', () => {
    const n = 10;
    const unit: Knob = { kind: 'range', min: 0, max: 1, duration: false, scale: 'linear', integer: false };
    const pts = designPoints({ design: 'lhs', knobs: [unit, unit, unit], points: n, seed: 9 });
    for (const k of [0, 1, 2]) expect(new Set(pts.map((p) => Math.floor((p[k] as number) * n))).size).toBe(n);
  });

  it('keeps drawn values inside the range, integers whole and durations in whole seconds', () => {
    for (let u = 0; u < 1; u += 0.01) {
      const d = fromUnit(cooldown, u) as string;
      expect(d).toMatch(/^(\d+m)?(\d+s)?$/);
      const n = fromUnit({ ...target, min: 2, max: 9, integer: true }, u) as number;
      expect(Number.isInteger(n) && n >= 2 && n <= 9).toBe(true);
    }
    // Every integer of the range gets an equal share of the unit interval.
    const counts = new Map<number, number>();
    for (let i = 0; i < 800; i++) {
      const v = fromUnit({ ...target, min: 2, max: 9, integer: true }, (i + 0.5) / 800) as number;
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    expect([...counts.values()]).toEqual(Array(8).fill(100));
  });
});

describe('planning a sweep', () => {
  it('expands the fixture into points × seeds, seeds counting up from the experiment seed', () => {
    const plan = planSweep(loadExperimentFile(FIXTURE));
    expect(plan.points).toHaveLength(6);
    expect(plan.seeds).toEqual([3, 4, 5, 6]);
    expect(plan.runCount).toBe(24);
    expect(plan.knobs).toEqual(['controllers.autoscaler.scaleDownCooldown', 'controllers.autoscaler.target', 'controllers.autoscaler.tolerance']);
    expect(runAt(plan, 9)).toEqual({ index: 9, point: 2, seed: 4 });
  });

  it('gives every point the same seeds (common random numbers)', () => {
    const plan = planSweep(withSweep({ design: 'grid', seeds: [11, 7], knobs: { 'controllers.autoscaler.target': { values: [0.5, 0.7] } } }));
    expect([0, 1, 2, 3].map((i) => runAt(plan, i).seed)).toEqual([11, 7, 11, 7]);
  });

  it('changes its config hash when the document changes', () => {
    const a = planSweep(withSweep({ seeds: 2, knobs: { 'controllers.autoscaler.target': { values: [0.5] } } }));
    const b = planSweep(withSweep({ seeds: 2, knobs: { 'controllers.autoscaler.target': { values: [0.55] } } }));
    expect(a.configHash).toMatch(/^[0-9a-f]{16}$/);
    expect(b.configHash).not.toBe(a.configHash);
  });

  it('names the field a bad knob value sets, and the point that set it', () => {
    const bad = withSweep({ seeds: 1, knobs: { 'services[0].capacity.rpsPerInstance': { values: [100, 0] } } });
    expect(() => planSweep(bad)).toThrow(ConfigError);
    expect(() => planSweep(bad)).toThrow(/^services\[0\]\.capacity\.rpsPerInstance: expected a number > 0, got 0 \(a number\) \(in sweep point 1: /);
  });

  it('parses knob paths written the way error messages name fields', () => {
    expect(parseKnobPath('services[0].capacity.rpsPerInstance')).toEqual(['services', 0, 'capacity', 'rpsPerInstance']);
    expect(parseKnobPath('controllers.autoscaler.metrics[0].target.averageUtilization')).toEqual([
      'controllers',
      'autoscaler',
      'metrics',
      0,
      'target',
      'averageUtilization',
    ]);
    expect(() => parseKnobPath('[0].x')).toThrow(/malformed path/);
  });
});
