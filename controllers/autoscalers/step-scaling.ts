import type { ReconcileResult } from '../port/actions.js';
import type { Controller } from '../port/controller.js';
import type { ObservedState } from '../port/observations.js';
import type { Micros } from '../../lib/time.js';
import { toSeconds } from '../../lib/time.js';

/** How a step's adjustment applies to the current capacity (AWS names). */
export type AdjustmentType = 'ChangeInCapacity' | 'PercentChangeInCapacity' | 'ExactCapacity';

/** One step: applies when threshold + lower ≤ metric < threshold + upper (bounds relative to the threshold; missing = unbounded). */
export interface StepAdjustment {
  readonly lower?: number;
  readonly upper?: number;
  readonly adjustment: number;
}

/** One step-scaling policy: an alarm on the metric crossing a threshold, and its steps. */
export interface StepPolicy {
  /** Breach threshold. A scale-out policy fires at metric ≥ threshold, a scale-in policy at metric ≤ threshold. */
  readonly threshold: number;
  /** Steps, non-overlapping. */
  readonly steps: readonly StepAdjustment[];
  /** How adjustments apply. */
  readonly adjustmentType: AdjustmentType;
  /** For percent changes: the smallest change, in instances. */
  readonly minAdjustmentMagnitude?: number;
  /** Time after this policy acts during which it does not act again. */
  readonly cooldown: Micros;
}

/** Knobs of the step-scaling autoscaler. */
export interface StepScalingOptions {
  readonly name: string;
  readonly service: string;
  readonly metric: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Fires when the metric is at or above its threshold. */
  readonly scaleOut?: StepPolicy;
  /** Fires when the metric is at or below its threshold. */
  readonly scaleIn?: StepPolicy;
}

/**
 * Rounds a percent-based change as EC2 Auto Scaling does: magnitudes above 1
 * are truncated toward zero, magnitudes in (0, 1) become ±1; then the
 * minimum magnitude applies.
 */
export function roundPercentChange(change: number, minMagnitude = 0): number {
  const sign = Math.sign(change);
  const mag = Math.abs(change);
  const rounded = mag === 0 ? 0 : mag < 1 ? 1 : Math.floor(mag);
  return sign * Math.max(rounded, rounded === 0 ? 0 : minMagnitude);
}

/** The new capacity a policy's step asks for, before min/max clamping; undefined when no step matches. */
export function stepCapacity(policy: StepPolicy, metric: number, current: number): number | undefined {
  const delta = metric - policy.threshold;
  const step = policy.steps.find((s) => (s.lower === undefined || delta >= s.lower) && (s.upper === undefined || delta < s.upper));
  if (!step) return undefined;
  switch (policy.adjustmentType) {
    case 'ChangeInCapacity':
      return current + step.adjustment;
    case 'ExactCapacity':
      return step.adjustment;
    case 'PercentChangeInCapacity':
      return current + roundPercentChange((current * step.adjustment) / 100, policy.minAdjustmentMagnitude);
  }
}

/**
 * Step scaling (the AWS alarm-and-steps style): when the metric breaches a
 * policy's threshold, the step matching the size of the breach adjusts
 * capacity, then the policy cools down. Coarser than target tracking, and a
 * common source of oscillation when out and in thresholds sit close.
 */
export class StepScalingAutoscaler implements Controller {
  readonly name: string;
  private readonly lastActed = new Map<'out' | 'in', Micros>();

  constructor(private readonly options: StepScalingOptions) {
    this.name = options.name;
  }

  reconcile(observed: ObservedState): ReconcileResult {
    const o = this.options;
    const service = observed.services.get(o.service);
    const sample = service?.metrics[o.metric];
    if (!service || !sample) return { actions: [], decisions: [{ outcome: 'hold', reason: `no ${o.metric} sample for ${o.service} yet` }] };
    const current = service.desiredReplicas;
    const which: Array<['out' | 'in', StepPolicy | undefined, boolean]> = [
      ['out', o.scaleOut, o.scaleOut !== undefined && sample.value >= o.scaleOut.threshold],
      ['in', o.scaleIn, o.scaleIn !== undefined && sample.value <= o.scaleIn.threshold],
    ];
    for (const [dir, policy, breached] of which) {
      if (!policy || !breached) continue;
      const last = this.lastActed.get(dir);
      if (last !== undefined && observed.now - last < policy.cooldown) {
        return {
          actions: [],
          decisions: [
            {
              outcome: 'cooldown',
              reason: `scale-${dir} alarm (${o.metric}=${sample.value.toFixed(3)}) in cooldown for ${toSeconds(policy.cooldown - (observed.now - last)).toFixed(0)}s more`,
            },
          ],
        };
      }
      const raw = stepCapacity(policy, sample.value, current);
      if (raw === undefined)
        return { actions: [], decisions: [{ outcome: 'hold', reason: `scale-${dir} alarm but no step matches ${o.metric}=${sample.value}` }] };
      const desired = Math.min(o.maxReplicas, Math.max(o.minReplicas, raw));
      // A scale-out alarm never lowers capacity and a scale-in alarm never raises it (an ExactCapacity step could).
      if ((dir === 'out' && desired < current) || (dir === 'in' && desired > current)) {
        return {
          actions: [],
          decisions: [{ outcome: 'hold', reason: `scale-${dir} step gives ${desired}, which would move against the alarm from ${current}` }],
        };
      }
      if (desired === current)
        return { actions: [], decisions: [{ outcome: 'hold', reason: `scale-${dir} step gives ${raw}, clamped to current ${current}` }] };
      this.lastActed.set(dir, observed.now);
      return {
        actions: [
          {
            kind: 'scale',
            service: o.service,
            replicas: desired,
            reason: `scale-${dir} alarm: ${o.metric}=${sample.value.toFixed(3)} vs threshold ${policy.threshold}: ${current} → ${desired}`,
          },
        ],
      };
    }
    return { actions: [] };
  }
}
