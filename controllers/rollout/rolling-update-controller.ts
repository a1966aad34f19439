/**
 * A Kubernetes Deployment's RollingUpdate strategy as a controller: one
 * version is the new ReplicaSet, every other version an old one.
 */

import type { Action, ReconcileResult } from '../port/actions.js';
import type { Controller } from '../port/controller.js';
import type { ObservedState } from '../port/observations.js';
import type { Micros } from '../../lib/time.js';
import { SECOND } from '../../lib/time.js';
import { deploymentMaxSurge, deploymentMaxUnavailable, deploymentMinAvailable } from '../../lib/rollout/deployment-limits.js';
import {
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  NEW_RS_AVAILABLE_REASON,
  TIMED_OUT_REASON,
  type DeploymentStatusCounts,
  type ProgressingCondition,
} from '../../lib/rollout/deployment-progress.js';
import { applyDeploymentDefaults, type DeploymentSpec } from '../../lib/rollout/deployment-spec.js';
import { resolveFenceposts } from '../../lib/rollout/fenceposts.js';
import type { IntOrPercent } from '../../lib/rollout/int-or-percent.js';
import { reconcileOldReplicaSets } from '../../lib/rollout/rolling-scale-down.js';
import { reconcileNewReplicaSet } from '../../lib/rollout/rolling-scale-up.js';
import type { ScaleAction } from '../../lib/rollout/scale-action.js';
import { requeueWithin } from '../port/requeue.js';
import { ROLLOUT_OUTCOMES } from './rollout-events.js';
import { rolloutTarget } from './rollout-target.js';
import { RolloutRecorder, type RolloutLifecycle, type RolloutSummary } from './rollout-recorder.js';
import type { SummaryMetricsSource } from './summary-metrics.js';
import { emptySet, versionSets, type VersionCounts } from './version-sets.js';

/** Kubernetes' default progressDeadlineSeconds. */
export const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

/** Knobs of the rolling-update controller (a Deployment spec plus when the new template lands). */
export interface RollingUpdateOptions {
  /** Controller name. */
  readonly name: string;
  /** Service to update. */
  readonly service: string;
  /** Version to roll out (the new pod template). */
  readonly version: string;
  /** spec.replicas; default: the service's total spec replicas when the rollout starts. */
  readonly replicas?: number;
  /** strategy.rollingUpdate.maxSurge; default "25%". */
  readonly maxSurge?: IntOrPercent;
  /** strategy.rollingUpdate.maxUnavailable; default "25%". */
  readonly maxUnavailable?: IntOrPercent;
  /** Seconds an instance must be ready before it counts as available; default 0. */
  readonly minReadySeconds?: number;
  /** Seconds without progress before the rollout is reported stuck; default 600. */
  readonly progressDeadlineSeconds?: number;
  /** When the new version is applied (the `kubectl apply`); default 0. */
  readonly startAt?: Micros;
  /** The loop's sync period: the longest this controller sleeps between reconciles. */
  readonly syncPeriod: Micros;
}

/**
 * Rolls a service from its current versions to `version` the way the
 * Kubernetes Deployment controller does (rolloutRolling): each reconcile
 * either grows the new version within replicas + maxSurge, or, when it cannot
 * grow, shrinks old versions (unhealthy instances first, oldest version
 * first) while available instances stay at or above replicas −
 * maxUnavailable. It tracks the Progressing condition and logs
 * ProgressDeadlineExceeded once when no progress was made for
 * progressDeadlineSeconds; like Kubernetes it keeps trying after that.
 * Emits 'scale-version' actions only.
 */
export class RollingUpdateController implements Controller, SummaryMetricsSource {
  readonly name: string;
  private deployment: DeploymentSpec | undefined;
  private condition: ProgressingCondition | undefined;
  private lastStatus: DeploymentStatusCounts | undefined;
  private done = false;
  private deadlineExceeded = false;
  private lastHold: string | undefined;
  private readonly recorder: RolloutRecorder;

  constructor(private readonly options: RollingUpdateOptions) {
    this.name = options.name;
    // Malformed surge or unavailability is a terminal spec error: fail at construction, not mid-run.
    resolveFenceposts(options.maxSurge ?? '25%', options.maxUnavailable ?? '25%', 100);
    this.recorder = new RolloutRecorder(options.version);
  }

  reconcile(observed: ObservedState): ReconcileResult {
    const o = this.options;
    const now = observed.now;
    const target = rolloutTarget(observed, o.service, o.startAt ?? 0, `rollout to ${o.version}`);
    if ('hold' in target) return target.hold;
    const service = target.service;
    const decisions: { outcome: string; reason: string }[] = [];
    const sets = versionSets(service, now, o.minReadySeconds ?? 0);
    const newSet = sets.get(o.version) ?? emptySet(o.version);
    const oldSets = [...sets.values()].filter((s) => s.name !== o.version);
    if (this.deployment === undefined) {
      const replicas = o.replicas ?? [...sets.values()].reduce((n, s) => n + s.replicas, 0);
      this.deployment = applyDeploymentDefaults({
        replicas,
        strategy: 'RollingUpdate',
        ...(o.maxSurge !== undefined ? { maxSurge: o.maxSurge } : {}),
        ...(o.maxUnavailable !== undefined ? { maxUnavailable: o.maxUnavailable } : {}),
      });
      this.recorder.started(now);
      const d = this.deployment;
      decisions.push({
        outcome: ROLLOUT_OUTCOMES.started,
        reason: `rolling ${o.service} to ${o.version}: ${d.replicas} replicas, maxSurge ${deploymentMaxSurge(d)}, maxUnavailable ${deploymentMaxUnavailable(d)}`,
      });
    }
    const deployment = this.deployment;
    if (this.recorder.observe(service, now)) decisions.push({ outcome: ROLLOUT_OUTCOMES.exposed, reason: `${o.version} serves requests` });

    const status = statusOf(newSet, oldSets);
    const complete = deploymentComplete(deployment.replicas, 1, { ...status, observedGeneration: 1 });
    this.trackProgress(status, complete, now, decisions);
    if (complete) {
      if (!this.done) {
        this.done = true;
        this.recorder.completed(now);
        decisions.push({ outcome: ROLLOUT_OUTCOMES.completed, reason: `${o.version}: ${deployment.replicas}/${deployment.replicas} updated and available` });
      }
      return { actions: [], decisions };
    }

    // One direction per reconcile, as rolloutRolling: scale up, else scale down.
    const allSets = [newSet, ...oldSets];
    const up = reconcileNewReplicaSet(deployment, allSets, newSet);
    const steps: readonly ScaleAction[] = up ? [up] : reconcileOldReplicaSets(deployment, allSets, oldSets, newSet).actions;
    const actions = collapse(steps).map((s) => this.scaleVersion(s, deployment, status));
    if (actions.length === 0) {
      // A hold is logged when its reason changes, not every sync period.
      const reason = `${o.version} ${newSet.availableReplicas}/${deployment.replicas} available, ${status.availableReplicas} available in all (min ${deploymentMinAvailable(deployment)}): waiting for instances`;
      if (reason !== this.lastHold) decisions.push({ outcome: 'hold', reason });
      this.lastHold = reason;
    } else {
      this.lastHold = undefined;
    }
    // Wake just past the deadline (the check is strict), as requeueStuckDeployment does.
    const deadlineSeconds = o.progressDeadlineSeconds ?? DEFAULT_PROGRESS_DEADLINE_SECONDS;
    const deadline = this.condition && !this.deadlineExceeded ? this.condition.lastUpdateTime + deadlineSeconds * SECOND + 1 : undefined;
    return { actions, decisions, requeueAfter: requeueWithin(now, o.syncPeriod, [deadline]) };
  }

  /** The rollout's lifecycle so far. */
  lifecycle(): RolloutLifecycle {
    return this.recorder.lifecycle();
  }

  /** The Progressing condition as last computed (absent before the rollout starts). */
  progressing(): ProgressingCondition | undefined {
    return this.condition;
  }

  /** The rollout's summary metrics so far, typed (see RolloutSummary and judgeRollout). */
  rolloutSummary(): RolloutSummary {
    return this.recorder.summary();
  }

  /** Rollout metrics, plus rollout_deadline_exceeded (1 once the progress deadline passed). */
  summaryMetrics(): Readonly<Record<string, number | null>> {
    return { ...this.recorder.summary(), rollout_deadline_exceeded: this.deadlineExceeded ? 1 : 0 };
  }

  /** Kubernetes' syncRolloutStatus condition logic: complete, else progressing, else timed out. */
  private trackProgress(status: DeploymentStatusCounts, complete: boolean, now: Micros, decisions: { outcome: string; reason: string }[]): void {
    const previous = this.lastStatus;
    this.lastStatus = status;
    if (previous === undefined || this.condition === undefined) {
      this.condition = { reason: complete ? NEW_RS_AVAILABLE_REASON : 'NewReplicaSetCreated', lastUpdateTime: now };
      return;
    }
    if (complete) {
      if (this.condition.reason !== NEW_RS_AVAILABLE_REASON) this.condition = { reason: NEW_RS_AVAILABLE_REASON, lastUpdateTime: now };
      return;
    }
    if (deploymentProgressing(previous, status)) {
      this.condition = { reason: 'ReplicaSetUpdated', lastUpdateTime: now };
      return;
    }
    const deadline = this.options.progressDeadlineSeconds ?? DEFAULT_PROGRESS_DEADLINE_SECONDS;
    if (deploymentTimedOut(deadline, this.condition, now) && this.condition.reason !== TIMED_OUT_REASON) {
      this.condition = { reason: TIMED_OUT_REASON, lastUpdateTime: now };
      this.deadlineExceeded = true;
      decisions.push({
        outcome: ROLLOUT_OUTCOMES.deadlineExceeded,
        reason: `${this.options.service} rollout to ${this.options.version} made no progress for ${deadline}s (${status.updatedReplicas} updated, ${status.availableReplicas} available)`,
      });
    }
  }

  private scaleVersion(step: ScaleAction, deployment: DeploymentSpec, status: DeploymentStatusCounts): Action {
    const o = this.options;
    const why =
      step.replicaSet === o.version
        ? `surge ${o.version} ${step.from} → ${step.to} (at most ${deployment.replicas} + ${deploymentMaxSurge(deployment)} instances)`
        : `scale down old ${step.replicaSet} ${step.from} → ${step.to} (${status.availableReplicas} available, keeping ≥ ${deploymentMinAvailable(deployment)})`;
    return { kind: 'scale-version', service: o.service, version: step.replicaSet, replicas: step.to, reason: `rolling update to ${o.version}: ${why}` };
  }
}

/** The Deployment status counters over the new and old sets. */
function statusOf(newSet: VersionCounts, oldSets: readonly VersionCounts[]): DeploymentStatusCounts {
  const all = [newSet, ...oldSets];
  const sum = (f: (s: VersionCounts) => number) => all.reduce((n, s) => n + f(s), 0);
  return {
    replicas: sum((s) => s.currentReplicas ?? s.replicas),
    updatedReplicas: newSet.currentReplicas ?? newSet.replicas,
    readyReplicas: sum((s) => s.readyReplicas),
    availableReplicas: sum((s) => s.availableReplicas),
  };
}

/** One action per ReplicaSet: cleanup then scale-down of the same set becomes one step to the final count. */
function collapse(steps: readonly ScaleAction[]): ScaleAction[] {
  const out: ScaleAction[] = [];
  for (const s of steps) {
    const i = out.findIndex((x) => x.replicaSet === s.replicaSet);
    if (i < 0) out.push(s);
    else out[i] = { ...out[i]!, to: s.to };
  }
  return out;
}
