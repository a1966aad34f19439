import { describe, expect, it } from 'vitest';
import { StepScalingAutoscaler, roundPercentChange, stepCapacity } from '../../controllers/autoscalers/index.js';
import type { StepPolicy } from '../../controllers/autoscalers/index.js';
import type { ObservedState } from '../../controllers/port/index.js';
import { MINUTE } from '../../controllers/port/index.js';

const out: StepPolicy = {
  threshold: 0.7,
  adjustmentType: 'ChangeInCapacity',
  cooldown: 2 * MINUTE,
  steps: [
    { lower: 0, upper: 0.1, adjustment: 1 },
    { lower: 0.1, adjustment: 3 },
  ],
};
const scaleIn: StepPolicy = { threshold: 0.3, adjustmentType: 'PercentChangeInCapacity', cooldown: 5 * MINUTE, steps: [{ upper: 0, adjustment: -25 }] };

function state(now: number, cpu: number, desired: number): ObservedState {
  return {
    now,
    services: new Map([
      [
        'web',
        {
          name: 'web',
          desiredReplicas: desired,
          instances: [],
          metrics: { cpu_utilization: { name: 'cpu_utilization', value: cpu, measuredAt: now } },
          instanceMetrics: {},
        },
      ],
    ]),
  };
}

describe('step scaling', () => {
  it('adds one instance for a small breach and three for a large one', () => {
    expect(stepCapacity(out, 0.75, 10)).toBe(11);
    expect(stepCapacity(out, 0.95, 10)).toBe(13);
  });

  it('rounds percent changes as EC2 Auto Scaling does', () => {
    expect(roundPercentChange(2.5)).toBe(2);
    expect(roundPercentChange(-0.4)).toBe(-1);
    expect(roundPercentChange(-3.9)).toBe(-3);
    expect(roundPercentChange(1.2, 2)).toBe(2);
  });

  it('scales in by 25% of 10 instances, truncated to 2, when utilization falls below the scale-in threshold', () => {
    const as = new StepScalingAutoscaler({ name: 's', service: 'web', metric: 'cpu_utilization', minReplicas: 1, maxReplicas: 50, scaleOut: out, scaleIn });
    expect(as.reconcile(state(0, 0.2, 10)).actions[0]).toMatchObject({ kind: 'scale', replicas: 8 });
  });

  it('does not act again within a policy cooldown, then does', () => {
    const as = new StepScalingAutoscaler({ name: 's', service: 'web', metric: 'cpu_utilization', minReplicas: 1, maxReplicas: 50, scaleOut: out, scaleIn });
    expect(as.reconcile(state(0, 0.9, 10)).actions[0]).toMatchObject({ replicas: 13 });
    expect(as.reconcile(state(MINUTE, 0.9, 13)).decisions?.[0]).toMatchObject({ outcome: 'cooldown' });
    expect(as.reconcile(state(2 * MINUTE, 0.9, 13)).actions[0]).toMatchObject({ replicas: 16 });
  });

  it('holds between the thresholds', () => {
    const as = new StepScalingAutoscaler({ name: 's', service: 'web', metric: 'cpu_utilization', minReplicas: 1, maxReplicas: 50, scaleOut: out, scaleIn });
    expect(as.reconcile(state(0, 0.5, 10)).actions).toEqual([]);
  });

  // Regression: an ExactCapacity scale-out step below the current desired count scaled in on a scale-out alarm (after capacity loss raised desired).
  it('never lowers the desired count on a scale-out alarm', () => {
    const exact: StepPolicy = { threshold: 0.7, adjustmentType: 'ExactCapacity', cooldown: 0, steps: [{ lower: 0, adjustment: 6 }] };
    const as = new StepScalingAutoscaler({ name: 's', service: 'web', metric: 'cpu_utilization', minReplicas: 1, maxReplicas: 20, scaleOut: exact });
    const r = as.reconcile(state(MINUTE, 1.0, 10));
    expect(r.actions).toEqual([]);
    expect(r.decisions?.[0]?.reason).toMatch(/against the alarm/);
  });
});
