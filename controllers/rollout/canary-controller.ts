/**
 * An Argo Rollouts canary as a controller: steps, background and step
 * analysis, abort and rollback, over the upstream-exact math in
 * controllers/rollout. The Rollout's status (step index, pause, abort,
 * analysis runs, weights) is this controller's own state, as it is the
 * Argo controller's to write. Its options are in canary-options.ts, its
 * steps in canary-steps.ts, its status view in canary-status.ts, how big
 * each version should be in canary-sizing.ts.
 */

import type { Action, ReconcileResult } from '../port/actions.js';
import type { Controller } from '../port/controller.js';
import type { ObservedState, ServiceView } from '../port/observations.js';
import type { Micros } from '../../lib/time.js';
import { toSeconds } from '../../lib/time.js';
import { abortScaleDownDelay } from '../../lib/rollout/abort.js';
import { canaryMaxSurge, canaryMaxUnavailable } from '../../lib/rollout/canary-limits.js';
import { atDesiredCanaryReplicaCounts } from '../../lib/rollout/canary-readiness.js';
import type { CanaryRollout, CanarySpec, TrafficWeights } from '../../lib/rollout/canary-spec.js';
import { maxTrafficWeight } from '../../lib/rollout/canary-spec.js';
import { canaryStepOutcome } from '../../lib/rollout/canary-step-outcome.js';
import { beforeStartingStep, currentCanaryStep } from '../../lib/rollout/canary-steps.js';
import { canaryPauseEndsAt, type PauseState } from '../../lib/rollout/pause-step.js';
import { measureVersion } from './analysis-probe.js';
import { AnalysisRun, describeMeasurement } from './analysis-run.js';
import type { CanaryControllerOptions } from './canary-options.js';
import { canarySpec } from './canary-options.js';
import type { CanaryPhase, CanaryStatusView } from './canary-status.js';
import type { CanaryControllerStep } from './canary-controller-steps.js';
import { describeStep } from './canary-controller-steps.js';
import type { CanarySets } from './canary-sizing.js';
import { canaryReplicaTargets, canarySets, oldStableDelay } from './canary-sizing.js';
import { desiredCanaryWeight } from './canary-traffic.js';
import { requeueWithin } from '../port/requeue.js';
import { sameWeights } from './traffic-weights.js';
import { ROLLOUT_OUTCOMES } from './rollout-events.js';
import { rolloutTarget } from './rollout-target.js';
import { RolloutRecorder, type RolloutLifecycle, type RolloutSummary } from './rollout-recorder.js';
import type { SummaryMetricsSource } from './summary-metrics.js';
import { emptySet, inferStableVersion, versionSets, type VersionCounts } from './version-sets.js';

type Decisions = { outcome: string; reason: string }[];

/**
 * Rolls `version` out as an Argo canary. Each reconcile: take manual or
 * simulated-operator requests; run background analysis (Failed or Error
 * aborts, Inconclusive pauses); walk the steps as far as they complete
 * (setWeight once replicas are in place and the router shows the weight,
 * pause until its duration passes or someone resumes, analysis until its run
 * succeeds, pausing on Inconclusive and aborting on Failed or Error); after
 * the last step, promote once the canary is at full size. Then size the
 * canary and stable versions ('scale-version': basic split within maxSurge
 * and maxUnavailable, or traffic-routed sizing), and with traffic routing set
 * the weights ('shift-traffic') as Argo's reconcileTrafficRouting would.
 * An abort sends all traffic to stable at once and scales the canary down
 * (after abortScaleDownDelaySeconds with traffic routing).
 */
export class CanaryController implements Controller, SummaryMetricsSource {
  readonly name: string;
  private spec: CanarySpec | undefined;
  private stable = '';
  private oldStable: string | undefined;
  private stepIndex = 0;
  private aborted = false;
  private abortedAt: Micros | undefined;
  private promoteFull = false;
  private promotedAt: Micros | undefined;
  private pause: PauseState = { controllerPaused: false };
  private pauseReason: 'CanaryPauseStep' | 'InconclusiveAnalysis' | undefined;
  private stepRun: { readonly index: number; readonly run: AnalysisRun } | undefined;
  private backgroundRun: AnalysisRun | undefined;
  private weights: TrafficWeights | undefined;
  private lastSentWeights: Readonly<Record<string, number>> | undefined;
  private requested: { resume?: boolean; abort?: string; promoteFull?: boolean } = {};
  private lastHold: string | undefined;
  private readonly recorder: RolloutRecorder;

  constructor(private readonly options: CanaryControllerOptions) {
    this.name = options.name;
    this.recorder = new RolloutRecorder(options.version);
    // Malformed surge or unavailability is a terminal spec error: fail at construction, not mid-run.
    const probe = canarySpec(this.options, 100);
    canaryMaxSurge(probe);
    canaryMaxUnavailable(probe);
  }

  /** Resumes a paused rollout on the next reconcile (`kubectl argo rollouts promote`). */
  requestResume(): void {
    this.requested.resume = true;
  }

  /** Aborts the rollout on the next reconcile (`kubectl argo rollouts abort`). */
  requestAbort(reason = 'aborted by request'): void {
    this.requested.abort = reason;
  }

  /** Skips the remaining steps and analysis on the next reconcile (`promote --full`). */
  requestPromoteFull(): void {
    this.requested.promoteFull = true;
  }

  /** The canary's status now. */
  status(): CanaryStatusView {
    const phase: CanaryPhase =
      this.spec === undefined
        ? 'waiting'
        : this.aborted
          ? 'aborted'
          : this.promotedAt !== undefined
            ? 'completed'
            : this.pause.pausedAt !== undefined
              ? 'paused'
              : 'progressing';
    return {
      phase,
      stepIndex: this.stepIndex,
      stable: this.stable,
      ...(this.weights ? { weights: this.weights } : {}),
      ...(this.backgroundRun ? { backgroundAnalysis: this.backgroundRun.phase } : {}),
    };
  }

  /** The rollout's lifecycle so far. */
  lifecycle(): RolloutLifecycle {
    return this.recorder.lifecycle();
  }

  /** The rollout's summary metrics so far, typed (see RolloutSummary and judgeRollout). */
  rolloutSummary(): RolloutSummary {
    return this.recorder.summary();
  }

  /** Rollout metrics (see RolloutSummary). */
  summaryMetrics(): Readonly<Record<string, number | null>> {
    return { ...this.recorder.summary() };
  }

  reconcile(observed: ObservedState): ReconcileResult {
    const o = this.options;
    const now = observed.now;
    const target = rolloutTarget(observed, o.service, o.startAt ?? 0, `canary of ${o.version}`);
    if ('hold' in target) return target.hold;
    const service = target.service;
    const decisions: Decisions = [];
    const sets = versionSets(service, now, o.minReadySeconds ?? 0);
    if (this.spec === undefined) this.start(sets, now, decisions);
    if (this.recorder.observe(service, now)) decisions.push({ outcome: ROLLOUT_OUTCOMES.exposed, reason: `${o.version} serves requests` });
    this.takeRequests(now, decisions);
    if (!this.aborted && this.promotedAt === undefined) {
      this.runBackgroundAnalysis(service, now, decisions);
      if (!this.aborted) this.walkSteps(service, sets, now, decisions);
    }
    const actions = [...this.replicaActions(sets, now), ...this.trafficActions(service, sets)];
    if (actions.length === 0 && decisions.length === 0 && !this.settled(sets)) {
      // A hold is logged when its reason changes, not every sync period.
      const reason = this.describeWait(sets);
      if (reason !== this.lastHold) decisions.push({ outcome: 'hold', reason });
      this.lastHold = reason;
    } else {
      this.lastHold = undefined;
    }
    return { actions, decisions, requeueAfter: requeueWithin(now, o.syncPeriod, this.deadlines(now)) };
  }

  private start(sets: ReadonlyMap<string, VersionCounts>, now: Micros, decisions: Decisions): void {
    const o = this.options;
    const total = [...sets.values()].reduce((n, s) => n + s.replicas, 0);
    this.spec = canarySpec(o, o.replicas ?? Math.max(1, total));
    this.stable = o.stableVersion ?? inferStableVersion(sets, o.version) ?? '';
    this.recorder.started(now);
    const from = this.stable === '' ? 'no stable version (first deploy: straight to 100%)' : `stable ${this.stable}`;
    decisions.push({
      outcome: ROLLOUT_OUTCOMES.started,
      reason: `canary of ${o.version} over ${from}, ${this.spec.replicas} replicas, ${o.steps.length} steps`,
    });
  }

  private rollout(): CanaryRollout {
    return {
      spec: this.spec!,
      status: {
        currentStepIndex: this.stepIndex,
        abort: this.aborted,
        promoteFull: this.promoteFull,
        stableHash: this.stable,
        currentHash: this.options.version,
      },
    };
  }

  /** The canary, stable and other sets as the math wants them. */
  private split(sets: ReadonlyMap<string, VersionCounts>): CanarySets {
    return canarySets(sets, this.options.version, this.stable);
  }

  private atDesired(sets: ReadonlyMap<string, VersionCounts>): boolean {
    const { canary, stable, others } = this.split(sets);
    return atDesiredCanaryReplicaCounts(this.rollout(), canary, stable, others, this.weights);
  }

  private takeRequests(now: Micros, decisions: Decisions): void {
    const o = this.options;
    const req = this.requested;
    this.requested = {};
    if (this.aborted || this.promotedAt !== undefined) return;
    if (req.abort !== undefined) {
      this.abort(now, req.abort, decisions);
      return;
    }
    if (req.promoteFull === true && !this.promoteFull) {
      this.promoteFull = true;
      this.clearPause();
      this.stepRun?.run.terminate();
      this.stepRun = undefined;
      decisions.push({ outcome: 'promote-full', reason: `skipping the remaining steps of ${o.version}` });
    }
    const pausedAt = this.pause.pausedAt;
    if (pausedAt === undefined) return;
    const { step } = currentCanaryStep(this.rollout());
    const waitsForOperator = this.pauseReason === 'InconclusiveAnalysis' || (step?.kind === 'pause' && step.duration === undefined);
    const operatorDue = o.operatorResumeAfter !== undefined && waitsForOperator && now >= pausedAt + o.operatorResumeAfter;
    if (req.resume !== true && !operatorDue) return;
    // A resume removes the pause condition; controllerPause stays, which is how a pause step knows it was resumed.
    this.pause = { controllerPaused: true };
    decisions.push({
      outcome: 'resumed',
      reason: `${req.resume === true ? 'resumed by request' : 'operator resumed'} after ${toSeconds(now - pausedAt).toFixed(0)}s paused`,
    });
    if (this.pauseReason === 'InconclusiveAnalysis' && this.backgroundRun?.phase === 'Inconclusive') {
      // The inconclusive background run is done with; a fresh one watches the rest of the rollout.
      this.backgroundRun = undefined;
      this.pauseReason = undefined;
      this.pause = { controllerPaused: false };
    }
  }

  private runBackgroundAnalysis(service: ServiceView, now: Micros, decisions: Decisions): void {
    const analysis = this.options.analysis;
    if (analysis === undefined || this.promoteFull || beforeStartingStep(this.rollout())) return;
    if (this.backgroundRun === undefined) {
      this.backgroundRun = new AnalysisRun('background', analysis.metrics, now);
      decisions.push({
        outcome: 'analysis-started',
        reason: `background analysis of ${this.options.version}: ${analysis.metrics.map((m) => m.name).join(', ')}`,
      });
    }
    const run = this.backgroundRun;
    this.measure(run, service, now, decisions);
    if (run.phase === 'Failed' || run.phase === 'Error') {
      this.abort(now, `background analysis ${run.phase}: ${run.message}`, decisions);
    } else if (run.phase === 'Inconclusive' && this.pauseReason !== 'InconclusiveAnalysis') {
      this.pause = { controllerPaused: true, pausedAt: now };
      this.pauseReason = 'InconclusiveAnalysis';
      decisions.push({ outcome: 'paused', reason: `background analysis Inconclusive: ${run.message}` });
    }
  }

  private measure(run: AnalysisRun, service: ServiceView, now: Micros, decisions: Decisions): void {
    const version = this.options.version;
    const { taken } = run.step(now, (m) => measureVersion(m, service, version, now));
    for (const t of taken) {
      const metric = run.metrics.find((m) => m.name === t.name)?.metric;
      decisions.push({ outcome: 'measurement', reason: `${run.label} analysis of ${version}: ${describeMeasurement(t, metric)}` });
    }
  }

  private walkSteps(service: ServiceView, sets: ReadonlyMap<string, VersionCounts>, now: Micros, decisions: Decisions): void {
    const o = this.options;
    for (let guard = 0; guard <= o.steps.length + 1; guard++) {
      if (this.promoteFull) {
        if (this.atDesired(sets)) this.promote(now, decisions);
        return;
      }
      const index = this.stepIndex;
      const step = o.steps[index];
      if (this.pauseReason === 'InconclusiveAnalysis') {
        if (this.pause.pausedAt !== undefined) return;
        // Resumed after an inconclusive analysis step: the step counts as passed.
        this.advance(index, step, 'resumed after an inconclusive analysis', decisions);
        continue;
      }
      const atDesired = this.atDesired(sets);
      let analysisPhase;
      let analysisMessage;
      if (step?.kind === 'analysis') {
        if (this.stepRun?.index !== index) {
          this.stepRun = { index, run: new AnalysisRun(`step ${index + 1}`, step.metrics, now) };
          decisions.push({ outcome: 'analysis-started', reason: `step ${index + 1} analysis of ${o.version}: ${step.metrics.map((m) => m.name).join(', ')}` });
        }
        this.measure(this.stepRun.run, service, now, decisions);
        analysisPhase = this.stepRun.run.phase;
        analysisMessage = this.stepRun.run.message;
      }
      const outcome = canaryStepOutcome(
        this.rollout(),
        {
          atDesiredReplicaCounts: atDesired,
          ...this.weightCheck(service, sets, atDesired),
          pause: this.pause,
          ...(analysisPhase !== undefined ? { analysisPhase } : {}),
          ...(analysisMessage !== undefined ? { analysisMessage } : {}),
        },
        now,
      );
      switch (outcome.kind) {
        case 'advance':
          this.advance(index, step, 'done', decisions);
          continue;
        case 'pause':
          if (this.pause.pausedAt === undefined) {
            this.pause = { controllerPaused: true, pausedAt: now };
            this.pauseReason = outcome.reason;
            const why = outcome.reason === 'InconclusiveAnalysis' ? `analysis Inconclusive: ${analysisMessage ?? ''}` : describeStep(step);
            decisions.push({ outcome: 'paused', reason: `step ${index + 1}/${o.steps.length}: ${why}` });
          }
          return;
        case 'abort':
          this.abort(now, `step ${index + 1} analysis ${analysisPhase ?? ''}: ${outcome.message}`, decisions);
          return;
        case 'wait':
          return;
        case 'done':
          if (atDesired) this.promote(now, decisions);
          return;
      }
    }
  }

  /** Argo's weight verification, when the world reports weights: the router shows what this step wants. */
  private weightCheck(service: ServiceView, sets: ReadonlyMap<string, VersionCounts>, atDesired: boolean): { weightVerified?: boolean } {
    if (!this.options.trafficRouting || service.trafficWeights === undefined || this.stable === '') return {};
    const want = this.desiredWeight(sets, atDesired);
    return { weightVerified: (service.trafficWeights[this.options.version] ?? 0) === want };
  }

  private desiredWeight(sets: ReadonlyMap<string, VersionCounts>, atDesired: boolean): number {
    const { canary, stable } = this.split(sets);
    return desiredCanaryWeight({
      rollout: this.rollout(),
      canaryAvailable: canary.availableReplicas,
      stableAvailable: stable?.availableReplicas ?? 0,
      atDesiredReplicaCounts: atDesired,
      ...(this.weights ? { currentWeights: this.weights } : {}),
    });
  }

  private advance(index: number, step: CanaryControllerStep | undefined, how: string, decisions: Decisions): void {
    decisions.push({ outcome: 'step-completed', reason: `step ${index + 1}/${this.options.steps.length} ${describeStep(step)}: ${how}` });
    this.stepIndex = index + 1;
    this.clearPause();
    if (this.stepRun) {
      this.stepRun.run.terminate();
      this.stepRun = undefined;
    }
  }

  private clearPause(): void {
    this.pause = { controllerPaused: false };
    this.pauseReason = undefined;
  }

  private abort(now: Micros, reason: string, decisions: Decisions): void {
    this.aborted = true;
    this.abortedAt = now;
    this.clearPause();
    this.stepRun?.run.terminate();
    this.backgroundRun?.terminate();
    this.recorder.aborted(now, reason);
    decisions.push({ outcome: ROLLOUT_OUTCOMES.aborted, reason: `rolling ${this.options.service} back to ${this.stable || 'nothing'}: ${reason}` });
  }

  private promote(now: Micros, decisions: Decisions): void {
    const o = this.options;
    this.oldStable = this.stable === '' || this.stable === o.version ? undefined : this.stable;
    this.stable = o.version;
    this.promotedAt = now;
    this.clearPause();
    this.backgroundRun?.terminate();
    this.recorder.completed(now);
    decisions.push({
      outcome: ROLLOUT_OUTCOMES.completed,
      reason: `${o.version} promoted to stable${this.oldStable ? `; ${this.oldStable} scales down after ${toSeconds(oldStableDelay(this.options))}s` : ''}`,
    });
  }

  private replicaActions(sets: ReadonlyMap<string, VersionCounts>, now: Micros): Action[] {
    const o = this.options;
    const state = { rollout: this.rollout(), weights: this.weights, promotedAt: this.promotedAt, oldStable: this.oldStable, abortedAt: this.abortedAt };
    const targets = canaryReplicaTargets(o, state, this.split(sets), now);
    const actions: Action[] = [];
    for (const [version, want] of targets) {
      const have = (sets.get(version) ?? emptySet(version)).replicas;
      if (want === have) continue;
      actions.push({ kind: 'scale-version', service: o.service, version, replicas: want, reason: this.scaleReason(version, have, want) });
    }
    return actions;
  }

  private scaleReason(version: string, from: number, to: number): string {
    const o = this.options;
    const role = version === o.version ? 'canary' : version === this.stable ? 'stable' : 'old';
    const where = this.aborted
      ? 'aborted, rolling back'
      : this.promotedAt !== undefined
        ? 'promoted'
        : this.stepIndex >= o.steps.length
          ? 'all steps done'
          : `step ${this.stepIndex + 1}/${o.steps.length} ${describeStep(o.steps[this.stepIndex])}`;
    return `canary ${o.version} (${where}): ${role} ${version} ${from} → ${to}`;
  }

  private trafficActions(service: ServiceView, sets: ReadonlyMap<string, VersionCounts>): Action[] {
    const o = this.options;
    if (!o.trafficRouting) return [];
    let weights: Record<string, number>;
    if (this.promotedAt !== undefined) {
      weights = this.oldStable ? { [o.version]: 100, [this.oldStable]: 0 } : { [o.version]: 100 };
    } else if (this.stable === '') {
      weights = { [o.version]: 100 };
    } else {
      const w = this.desiredWeight(sets, this.atDesired(sets));
      const max = maxTrafficWeight(this.rollout().spec);
      this.weights = { canary: w, stable: max - w };
      // The world's router takes percentages; Argo's weights are out of maxTrafficWeight.
      weights = { [this.stable]: ((max - w) * 100) / max, [o.version]: (w * 100) / max };
    }
    const seen = service.trafficWeights ?? this.lastSentWeights;
    if (seen !== undefined && sameWeights(seen, weights)) return [];
    this.lastSentWeights = weights;
    const split = Object.entries(weights)
      .map(([v, w]) => `${v} ${w}%`)
      .join(', ');
    const why = this.aborted
      ? 'aborted: all traffic back to stable'
      : this.promotedAt !== undefined
        ? 'promoted'
        : this.stepIndex >= o.steps.length
          ? 'all steps done'
          : `step ${this.stepIndex + 1}/${o.steps.length}`;
    return [{ kind: 'shift-traffic', service: o.service, weights, reason: `canary ${o.version} (${why}): ${split}` }];
  }

  /** Nothing left to do: promoted or aborted, and every version at its final size. */
  private settled(sets: ReadonlyMap<string, VersionCounts>): boolean {
    if (this.promotedAt === undefined && !this.aborted) return false;
    const { canary, stable, others } = this.split(sets);
    if (this.promotedAt !== undefined) return others.every((s) => s.replicas === 0) && canary.replicas === this.spec!.replicas;
    return canary.replicas === 0 && (stable === undefined || stable.replicas === this.spec!.replicas);
  }

  private describeWait(sets: ReadonlyMap<string, VersionCounts>): string {
    const o = this.options;
    const { canary, stable } = this.split(sets);
    const at = this.aborted
      ? 'aborted, rolling back'
      : this.promotedAt !== undefined
        ? 'promoted'
        : this.stepIndex < o.steps.length
          ? `step ${this.stepIndex + 1}/${o.steps.length} ${describeStep(o.steps[this.stepIndex])}`
          : 'after the last step';
    const pods = `canary ${canary.availableReplicas}/${canary.replicas} available${stable && stable !== canary ? `, stable ${stable.availableReplicas}/${stable.replicas}` : ''}`;
    const traffic = this.weights
      ? `, weight ${this.weights.canary}${this.spec && maxTrafficWeight(this.spec) !== 100 ? `/${maxTrafficWeight(this.spec)}` : '%'}`
      : '';
    const paused = this.pause.pausedAt !== undefined ? `paused (${this.pauseReason ?? 'CanaryPauseStep'}); ` : '';
    return `${paused}${at}: ${pods}${traffic}`;
  }

  private deadlines(now: Micros): (Micros | undefined)[] {
    const o = this.options;
    const out: (Micros | undefined)[] = [];
    const step = o.steps[this.stepIndex];
    if (step?.kind === 'pause') out.push(canaryPauseEndsAt(step.duration, this.pause));
    if (this.pause.pausedAt !== undefined && o.operatorResumeAfter !== undefined) out.push(this.pause.pausedAt + o.operatorResumeAfter);
    out.push(this.backgroundRun?.nextAt(now), this.stepRun?.run.nextAt(now));
    if (this.aborted && o.trafficRouting) {
      const delay = abortScaleDownDelay(this.spec!);
      if (delay !== undefined) out.push(this.abortedAt! + delay);
    }
    if (this.promotedAt !== undefined && this.oldStable !== undefined) out.push(this.promotedAt + oldStableDelay(this.options));
    return out;
  }
}
