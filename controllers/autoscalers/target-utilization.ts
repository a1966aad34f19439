import type { Action, ReconcileResult } from '../port/actions.js';
import type { Controller } from '../port/controller.js';
import type { ObservedState } from '../port/observations.js';
import type { Micros } from '../../lib/time.js';
import { toSeconds } from '../../lib/time.js';

/** Knobs of the target-utilization autoscaler. */
export interface TargetUtilizationOptions {
  /** Controller name in logs. */
  readonly name: string;
  /** Service to scale. */
  readonly service: string;
  /** Metric to track (a utilization fraction). */
  readonly metric: string;
  /** Target utilization, in (0, 1]. */
  readonly target: number;
  /** Relative band around the target in which nothing changes, e.g. 0.1. */
  readonly tolerance: number;
  /** Lower bound on replicas. */
  readonly minReplicas: number;
  /** Upper bound on replicas. */
  readonly maxReplicas: number;
  /** Minimum time after any scale action before the next scale up. */
  readonly scaleUpCooldown: Micros;
  /** Minimum time after any scale action before the next scale down. */
  readonly scaleDownCooldown: Micros;
}

/**
 * A target-tracking autoscaler: desired = ⌈ready × utilization / target⌉,
 * clamped to [min, max], unchanged within the tolerance band, and held back by
 * a cooldown per direction after each scale action (the AWS target-tracking
 * style, simpler than the HPA's stabilization windows).
 *
 * Capacity loss: instances the desired count promises but that no longer
 * exist (crashed in a zone outage, not yet replaced) serve nothing, so above
 * target they are added back on top of ⌈ready × ratio⌉, which only counts
 * what is serving. Without that, the proposal after an outage came out below
 * the desired count while every instance was saturated, and the autoscaler
 * scaled down at full load. And the proposal only ever moves in the metric's
 * direction: above target it never lowers the desired count, below target it
 * never raises it (the Kubernetes HPA has the same guard).
 */
export class TargetUtilizationAutoscaler implements Controller {
  readonly name: string;
  private lastScaleAt: Micros | undefined;

  constructor(private readonly options: TargetUtilizationOptions) {
    this.name = options.name;
  }

  reconcile(observed: ObservedState): ReconcileResult {
    const o = this.options;
    const service = observed.services.get(o.service);
    if (!service) return hold(`service ${o.service} not found`);
    const sample = service.metrics[o.metric];
    if (!sample) return hold(`no ${o.metric} sample yet`);
    // One pass, no copies: a fleet of thousands is read every reconcile.
    let ready = 0;
    let existing = 0;
    for (const i of service.instances) {
      if (i.state === 'ready') ready++;
      if (i.state === 'pending' || i.state === 'starting' || i.state === 'ready') existing++;
    }
    const current = service.desiredReplicas;
    const ratio = sample.value / o.target;
    const staleness = toSeconds(observed.now - sample.measuredAt);
    const seen = `${o.metric}=${sample.value.toFixed(3)} (${staleness.toFixed(0)}s old) vs target ${o.target}`;
    if (Math.abs(ratio - 1) <= o.tolerance) return hold(`${seen}: within tolerance ${o.tolerance}`);
    const lost = ratio > 1 ? Math.max(0, current - existing) : 0;
    const raw = Math.ceil(Math.max(ready, 1) * ratio) + lost;
    if ((ratio > 1 && raw <= current) || (ratio < 1 && raw >= current)) {
      return hold(
        `${seen}: ${ready} ready × ${ratio.toFixed(3)}${lost > 0 ? ` + ${lost} lost` : ''} gives ${raw}, not ${ratio > 1 ? 'above' : 'below'} current ${current} (capacity not yet ready)`,
      );
    }
    const desired = Math.min(o.maxReplicas, Math.max(o.minReplicas, raw));
    if (desired === current) return hold(`${seen}: desired ${raw} clamps to current ${current}`);
    const cooldown = desired > current ? o.scaleUpCooldown : o.scaleDownCooldown;
    if (this.lastScaleAt !== undefined && observed.now - this.lastScaleAt < cooldown) {
      const left = toSeconds(cooldown - (observed.now - this.lastScaleAt));
      return hold(`${seen}: would scale ${current} → ${desired} but cooling down ${left.toFixed(0)}s more`, 'cooldown');
    }
    this.lastScaleAt = observed.now;
    const action: Action = { kind: 'scale', service: o.service, replicas: desired, reason: `${seen}: ${current} → ${desired}` };
    return { actions: [action] };
  }
}

function hold(reason: string, outcome = 'hold'): ReconcileResult {
  return { actions: [], decisions: [{ outcome, reason }] };
}
