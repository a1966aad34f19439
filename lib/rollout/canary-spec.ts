import type { Micros } from '../time.js';
import type { IntOrPercent } from './int-or-percent.js';

/** Send `weight` percent of traffic (or of replicas, without a traffic router) to the canary. */
export interface SetWeightStep {
  /** Discriminant. */
  readonly kind: 'setWeight';
  /** Canary share in percent, 0..100. */
  readonly weight: number;
}

/** Hold the rollout: for `duration`, or until a human resumes it when `duration` is absent. */
export interface PauseStep {
  /** Discriminant. */
  readonly kind: 'pause';
  /** How long to hold; absent means indefinitely. */
  readonly duration?: Micros;
}

/** Run an AnalysisRun and wait for its verdict before moving on. */
export interface AnalysisStep {
  /** Discriminant. */
  readonly kind: 'analysis';
  /** Names of the analysis templates, for the caller's bookkeeping only. */
  readonly templates?: readonly string[];
}

/**
 * Scale the canary independently of traffic (traffic-routed canaries only):
 * to a fixed `replicas`, to `weight` percent of spec.replicas, or back to the
 * traffic weight when `matchTrafficWeight` is set.
 */
export interface SetCanaryScaleStep {
  /** Discriminant. */
  readonly kind: 'setCanaryScale';
  /** Fixed canary replica count; wins over `weight`. */
  readonly replicas?: number;
  /** Canary replicas as a percent of spec.replicas (may exceed 100). */
  readonly weight?: number;
  /** Drop any earlier setCanaryScale and follow the traffic weight again. */
  readonly matchTrafficWeight?: boolean;
}

/** One step of an Argo Rollouts canary strategy. Experiment steps are not modelled. */
export type CanaryStep = SetWeightStep | PauseStep | AnalysisStep | SetCanaryScaleStep;

/** The parts of an Argo Rollout with a canary strategy that drive replica math. */
export interface CanarySpec {
  /** spec.replicas; Argo's default is 1. */
  readonly replicas?: number;
  /** strategy.canary.maxSurge; Argo's default is "25" (read as 25%). */
  readonly maxSurge?: IntOrPercent;
  /** strategy.canary.maxUnavailable; Argo's default is "25" (read as 25%). */
  readonly maxUnavailable?: IntOrPercent;
  /** strategy.canary.steps, executed in order. */
  readonly steps: readonly CanaryStep[];
  /** Whether a traffic router (mesh or ingress) splits traffic, instead of pod counts. */
  readonly trafficRouting: boolean;
  /** With traffic routing, scale the stable set down as traffic leaves it. */
  readonly dynamicStableScale?: boolean;
  /**
   * trafficRouting.maxTrafficWeight (Argo Rollouts 1.7): the total that
   * weights are out of, with a traffic router; 100 when absent or without
   * one. setWeight and setCanaryScale weights are then in these units.
   */
  readonly maxTrafficWeight?: number;
  /** With traffic routing, a non-zero canary or stable set gets at least this many pods. */
  readonly minPodsPerReplicaSet?: number;
  /** With traffic routing, seconds to keep the canary after an abort; 0 keeps it forever; default 30. */
  readonly abortScaleDownDelaySeconds?: number;
  /** strategy.canary.analysis.startingStep: background analysis starts at this step index. */
  readonly analysisStartingStep?: number;
}

/** The parts of an Argo Rollout's status that drive replica math. */
export interface CanaryStatus {
  /** Index of the step being executed; absent means 0; steps.length means all done. */
  readonly currentStepIndex?: number;
  /** The rollout was aborted: traffic and replicas go back to stable. */
  readonly abort?: boolean;
  /** A full promotion was requested: skip remaining steps and go to 100%. */
  readonly promoteFull?: boolean;
  /** Pod-template hash of the stable ReplicaSet; "" when there is none yet. */
  readonly stableHash: string;
  /** Pod-template hash of the current (desired) pod template. */
  readonly currentHash: string;
}

/** A canary Rollout as the replica math sees it. */
export interface CanaryRollout {
  /** What the user asked for. */
  readonly spec: CanarySpec;
  /** Where the rollout is. */
  readonly status: CanaryStatus;
}

/** Traffic weights the router currently applies, out of the rollout's maxTrafficWeight (percent by default). */
export interface TrafficWeights {
  /** Traffic to the canary. */
  readonly canary: number;
  /** Traffic to stable. */
  readonly stable: number;
}

/** Argo's default spec.replicas. */
export const DEFAULT_ROLLOUT_REPLICAS = 1;
/** Argo's default canary maxSurge: a bare "25", which Argo's lenient parsing reads as 25%. */
export const DEFAULT_ROLLOUT_MAX_SURGE: IntOrPercent = '25';
/** Argo's default canary maxUnavailable, read as 25%. */
export const DEFAULT_ROLLOUT_MAX_UNAVAILABLE: IntOrPercent = '25';
/** Argo's default abortScaleDownDelaySeconds for traffic-routed canaries. */
export const DEFAULT_ABORT_SCALE_DOWN_DELAY_SECONDS = 30;

/** Argo's default maximum traffic weight: weights are percentages. */
export const DEFAULT_MAX_TRAFFIC_WEIGHT = 100;

/** Argo's weightutil.MaxTrafficWeight: maxTrafficWeight when a traffic router is set and it is given, else 100. */
export function maxTrafficWeight(spec: CanarySpec): number {
  return spec.trafficRouting && spec.maxTrafficWeight !== undefined ? spec.maxTrafficWeight : DEFAULT_MAX_TRAFFIC_WEIGHT;
}

/** spec.replicas with Argo's default applied. */
export function rolloutReplicas(spec: CanarySpec): number {
  return spec.replicas ?? DEFAULT_ROLLOUT_REPLICAS;
}
