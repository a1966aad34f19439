import type { ActionGovernor } from '../../lib/policies/action-governor.js';
import type { Action, ReconcileResult } from '../port/actions.js';
import type { Controller } from '../port/controller.js';
import type { InstanceView, ObservedState } from '../port/observations.js';
import type { Micros } from '../../lib/time.js';
import type { OutlierDetectionOptions } from './outlier-detection.js';
import { instanceErrorRate, successRateOutliers } from './outlier-detection.js';

/** Knobs of the self-healing controller. */
export interface SelfHealingOptions {
  /** Controller name. */
  readonly name: string;
  /** Service whose instances it heals. */
  readonly service: string;
  /** Consecutive failed probes that make an instance unhealthy (Kubernetes failureThreshold, default 3). */
  readonly probeFailureThreshold: number;
  /** Passive outlier detection, or undefined to rely on probes only. */
  readonly outlierDetection?: OutlierDetectionOptions;
  /**
   * Most of the fleet that may be unavailable (starting or being replaced) at
   * once, as a fraction of desired replicas. It stops a partition that fails
   * every probe from making the controller kill the whole fleet.
   */
  readonly maxUnavailableFraction: number;
  /** Governs each replacement, keyed by instance id (backoff, rate limit, cooldown ...). */
  readonly governor: ActionGovernor<string>;
}

/**
 * Replaces unhealthy instances: those failing active probes
 * `probeFailureThreshold` times in a row, or ejected as success-rate
 * outliers. Each replacement must pass the governor, and no replacement is
 * made that would leave more than `maxUnavailableFraction` of the fleet
 * unavailable. Level-based: it recomputes everything from the snapshot.
 */
export class SelfHealingController implements Controller {
  readonly name: string;

  constructor(private readonly options: SelfHealingOptions) {
    this.name = options.name;
    if (!(options.maxUnavailableFraction >= 0 && options.maxUnavailableFraction <= 1)) {
      throw new RangeError(`maxUnavailableFraction must be in [0, 1], got ${options.maxUnavailableFraction}`);
    }
  }

  reconcile(observed: ObservedState): ReconcileResult {
    const o = this.options;
    const service = observed.services.get(o.service);
    if (!service) return { actions: [], decisions: [{ outcome: 'hold', reason: `service ${o.service} not found` }] };
    const ready = service.instances.filter((i) => i.state === 'ready');
    const failingProbes = ready.filter((i) => (i.health?.consecutiveProbeFailures ?? 0) >= o.probeFailureThreshold);
    const outliers = new Set(o.outlierDetection ? successRateOutliers(ready, service.instanceMetrics, o.outlierDetection) : []);
    const unhealthy: Array<{ instance: InstanceView; why: string }> = [
      ...failingProbes.map((instance) => ({ instance, why: `${instance.health!.consecutiveProbeFailures} consecutive failed probes` })),
      ...ready
        .filter((i) => outliers.has(i.id) && !failingProbes.includes(i))
        .map((instance) => ({
          instance,
          why: `success-rate outlier (error rate ${(instanceErrorRate(service.instanceMetrics, instance.id) * 100).toFixed(1)}%)`,
        })),
    ];
    if (unhealthy.length === 0) return { actions: [] };

    const unavailableNow = service.instances.filter((i) => i.state !== 'ready').length;
    const budget = Math.floor(o.maxUnavailableFraction * service.desiredReplicas) - unavailableNow;
    const actions: Action[] = [];
    const decisions: { outcome: string; reason: string }[] = [];
    let requeueAt: Micros | undefined;
    for (const { instance, why } of unhealthy) {
      if (actions.length >= budget) {
        decisions.push({
          outcome: 'blocked-by-max-unavailable',
          reason: `${instance.id} unhealthy (${why}) but ${unavailableNow + actions.length} of ${service.desiredReplicas} already unavailable (max ${o.maxUnavailableFraction * 100}%)`,
        });
        continue;
      }
      const verdict = o.governor.request(observed.now, instance.id);
      if (verdict.verdict === 'allow') {
        o.governor.record(observed.now, instance.id, 'succeeded');
        actions.push({ kind: 'replace', instance: instance.id, reason: `${instance.id}: ${why}` });
      } else {
        decisions.push({ outcome: `blocked-by-governor`, reason: `${instance.id} unhealthy (${why}): ${verdict.reason}` });
        if (verdict.verdict === 'wait') requeueAt = Math.min(requeueAt ?? verdict.until, verdict.until);
      }
    }
    return { actions, decisions, ...(requeueAt !== undefined ? { requeueAfter: Math.max(0, requeueAt - observed.now) } : {}) };
  }
}
