/** The canary controller's knobs, and the Argo canary spec they stand for. */
import type { Micros } from '../../lib/time.js';
import type { CanarySpec, CanaryStep } from '../../lib/rollout/canary-spec.js';
import type { IntOrPercent } from '../../lib/rollout/int-or-percent.js';
import type { ProbeMetric } from './analysis-probe.js';
import type { CanaryControllerStep } from './canary-controller-steps.js';

/** Background analysis: runs from `startingStep` until the rollout completes or aborts. */
export interface BackgroundAnalysis {
  /** The metrics measured. */
  readonly metrics: readonly ProbeMetric[];
  /** Step index at which the analysis starts; default 0. */
  readonly startingStep?: number;
}

/** Knobs of the canary controller: an Argo canary strategy, plus when the new version lands. */
export interface CanaryControllerOptions {
  /** Controller name. */
  readonly name: string;
  /** Service to roll out. */
  readonly service: string;
  /** Version to roll out (the canary's pod template). */
  readonly version: string;
  /** The version it replaces; default: the other version with the most replicas when the rollout starts. */
  readonly stableVersion?: string;
  /** spec.replicas; default: the service's total spec replicas when the rollout starts. */
  readonly replicas?: number;
  /** strategy.canary.maxSurge; default "25" (25%). */
  readonly maxSurge?: IntOrPercent;
  /** strategy.canary.maxUnavailable; default "25" (25%). */
  readonly maxUnavailable?: IntOrPercent;
  /** strategy.canary.steps. */
  readonly steps: readonly CanaryControllerStep[];
  /** A traffic router splits traffic by weight ('shift-traffic'); without one, pod counts are the split. */
  readonly trafficRouting: boolean;
  /** With traffic routing, scale stable down as traffic leaves it. */
  readonly dynamicStableScale?: boolean;
  /** With traffic routing, the total weights are out of (Argo Rollouts 1.7 maxTrafficWeight); default 100. setWeight steps are in these units. */
  readonly maxTrafficWeight?: number;
  /** With traffic routing, a non-empty canary or stable set gets at least this many instances. */
  readonly minPodsPerReplicaSet?: number;
  /** With traffic routing, seconds an aborted canary keeps its instances; 0 keeps them; default 30. */
  readonly abortScaleDownDelaySeconds?: number;
  /** With traffic routing, seconds the old stable keeps its instances after promotion; default 30. */
  readonly scaleDownDelaySeconds?: number;
  /** Background analysis, if any. */
  readonly analysis?: BackgroundAnalysis;
  /** Seconds an instance must be ready before it counts as available; default 0. */
  readonly minReadySeconds?: number;
  /** When the new version is applied; default 0. */
  readonly startAt?: Micros;
  /** A simulated operator resumes an indefinite or inconclusive pause this long after it began; absent: never. */
  readonly operatorResumeAfter?: Micros;
  /** The loop's sync period: the longest this controller sleeps between reconciles. */
  readonly syncPeriod: Micros;
}

/** The Argo canary spec of the controller's options, for `replicas` spec replicas (analysis steps become bare analysis steps: the math needs only where they are). */
export function canarySpec(o: CanaryControllerOptions, replicas: number): CanarySpec {
  const steps: CanaryStep[] = o.steps.map((s) => (s.kind === 'analysis' ? { kind: 'analysis' } : s));
  return {
    replicas,
    ...(o.maxSurge !== undefined ? { maxSurge: o.maxSurge } : {}),
    ...(o.maxUnavailable !== undefined ? { maxUnavailable: o.maxUnavailable } : {}),
    steps,
    trafficRouting: o.trafficRouting,
    ...(o.dynamicStableScale !== undefined ? { dynamicStableScale: o.dynamicStableScale } : {}),
    ...(o.maxTrafficWeight !== undefined ? { maxTrafficWeight: o.maxTrafficWeight } : {}),
    ...(o.minPodsPerReplicaSet !== undefined ? { minPodsPerReplicaSet: o.minPodsPerReplicaSet } : {}),
    ...(o.abortScaleDownDelaySeconds !== undefined ? { abortScaleDownDelaySeconds: o.abortScaleDownDelaySeconds } : {}),
    ...(o.analysis?.startingStep !== undefined ? { analysisStartingStep: o.analysis.startingStep } : {}),
  };
}
