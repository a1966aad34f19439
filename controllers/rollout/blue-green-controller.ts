/**
 * An Argo Rollouts blue-green strategy as a controller: the new version comes
 * up as preview beside the active one, receives no user traffic (unless
 * `previewTraffic` routes a share to it while pre-promotion analysis runs),
 * and takes all of it at once on promotion; the old version is scaled down
 * after a delay, so clients and caches pointing at it can drain.
 */

import type { Action, ReconcileResult } from '../port/actions.js';
import type { Controller } from '../port/controller.js';
import type { ObservedState, ServiceView } from '../port/observations.js';
import type { Micros } from '../../lib/time.js';
import { SECOND, toSeconds } from '../../lib/time.js';
import { blueGreenAutoPromotionAt, blueGreenNeedsPause, blueGreenPauseCompleted } from '../../lib/rollout/blue-green-promotion.js';
import { isCompletedPhase } from '../../lib/rollout/analysis-phase.js';
import type { PauseState } from '../../lib/rollout/pause-step.js';
import { scaleDownDelay } from '../../lib/rollout/scale-down-delay.js';
import { measureVersion, type ProbeMetric } from './analysis-probe.js';
import { AnalysisRun, describeMeasurement } from './analysis-run.js';
import { requeueWithin } from '../port/requeue.js';
import { sameWeights } from './traffic-weights.js';
import { ROLLOUT_OUTCOMES } from './rollout-events.js';
import { rolloutTarget } from './rollout-target.js';
import { RolloutRecorder, type RolloutLifecycle, type RolloutSummary } from './rollout-recorder.js';
import type { SummaryMetricsSource } from './summary-metrics.js';
import { emptySet, inferStableVersion, versionSets, type VersionCounts } from './version-sets.js';

/** Argo's default abortScaleDownDelaySeconds: how long an aborted preview keeps its instances. */
export const DEFAULT_BLUE_GREEN_ABORT_SCALE_DOWN_DELAY_SECONDS = 30;

/** Knobs of the blue-green controller: an Argo blueGreen strategy, plus when the new version lands. */
export interface BlueGreenOptions {
  /** Controller name. */
  readonly name: string;
  /** Service to roll out. */
  readonly service: string;
  /** Version to roll out (the preview). */
  readonly version: string;
  /** The version serving users now; default: the other version with the most replicas when the rollout starts. */
  readonly activeVersion?: string;
  /** spec.replicas; default: the service's total spec replicas when the rollout starts. */
  readonly replicas?: number;
  /** strategy.blueGreen.previewReplicaCount: preview size before promotion; default spec.replicas. */
  readonly previewReplicaCount?: number;
  /** strategy.blueGreen.autoPromotionEnabled; default true. */
  readonly autoPromotionEnabled?: boolean;
  /** strategy.blueGreen.autoPromotionSeconds: hold a ready preview this long before promoting; default 0. */
  readonly autoPromotionSeconds?: number;
  /** strategy.blueGreen.scaleDownDelaySeconds: how long the old active keeps its instances; default 30. */
  readonly scaleDownDelaySeconds?: number;
  /** strategy.blueGreen.abortScaleDownDelaySeconds: how long an aborted preview keeps its instances; 0 keeps them; default 30. */
  readonly abortScaleDownDelaySeconds?: number;
  /**
   * strategy.blueGreen.prePromotionAnalysis, with its metrics inline; measured
   * on the preview version. Without `previewTraffic` the preview serves no
   * requests, so request metrics such as error_rate have no data: each
   * measurement is an Error and the rollout aborts after more than
   * consecutiveErrorLimit of them in a row, as Argo does with no test traffic.
   */
  readonly prePromotionAnalysis?: readonly ProbeMetric[];
  /**
   * Percent of live traffic routed to the preview (with 'shift-traffic')
   * while pre-promotion analysis runs, as test traffic for it; the active
   * version keeps the rest, and gets it all back when the analysis ends,
   * aborts or the rollout promotes. These requests are real ones, so they
   * count as the new version's exposure. Not an Argo field (Argo leaves test
   * traffic to you). Default 0: no traffic, so no data for the analysis.
   */
  readonly previewTraffic?: number;
  /**
   * strategy.blueGreen.postPromotionAnalysis, with its metrics inline: run on
   * the new version once it takes the traffic; Failed or Error switches back
   * to the old version, which is kept until this analysis succeeds.
   */
  readonly postPromotionAnalysis?: readonly ProbeMetric[];
  /** Seconds an instance must be ready before it counts as available; default 0. */
  readonly minReadySeconds?: number;
  /** When the new version is applied; default 0. */
  readonly startAt?: Micros;
  /** With auto-promotion off, a simulated operator promotes this long after the pause began; absent: never. */
  readonly operatorPromoteAfter?: Micros;
  /** The loop's sync period: the longest this controller sleeps between reconciles. */
  readonly syncPeriod: Micros;
}

/** Where a blue-green rollout is: 'switched' means traffic moved and post-promotion analysis runs. */
export type BlueGreenPhase = 'waiting' | 'preview' | 'paused' | 'switched' | 'completed' | 'aborted';

type Decisions = { outcome: string; reason: string }[];

/**
 * Rolls `version` out blue-green. Until promotion all traffic stays on the
 * active version ('shift-traffic' pins it) while the preview is scaled to
 * previewReplicaCount. Once the preview is available: pre-promotion analysis
 * if configured, with `previewTraffic` percent of the traffic on the preview
 * while it runs (Failed or Error aborts, Inconclusive pauses), then the
 * BlueGreenPause when auto-promotion is off or delayed, then, with a reduced
 * preview, a scale-up to full size (scaleUpPreviewCheckPoint), and the
 * switch: all traffic to the new version at once. With post-promotion
 * analysis the rollout completes only once that succeeds, and a Failed or
 * Error verdict switches all traffic back to the old version, which is kept
 * until then. The old version is scaled to zero scaleDownDelaySeconds after
 * completion. An abort keeps (or puts) traffic on the old version and scales
 * the new one down after abortScaleDownDelaySeconds.
 */
export class BlueGreenController implements Controller, SummaryMetricsSource {
  readonly name: string;
  private started = false;
  private active = '';
  private replicas = 0;
  private pause: PauseState = { controllerPaused: false };
  private pauseAdded = false;
  private checkpoint = false;
  private analysis: AnalysisRun | undefined;
  private analysisPaused = false;
  private analysisAccepted = false;
  private switchedAt: Micros | undefined;
  private completedAt: Micros | undefined;
  private postRun: AnalysisRun | undefined;
  private oldActive: string | undefined;
  private abortedAt: Micros | undefined;
  private lastSentWeights: Readonly<Record<string, number>> | undefined;
  private requested: { promote?: boolean; abort?: string } = {};
  private lastHold: string | undefined;
  private readonly recorder: RolloutRecorder;

  constructor(private readonly options: BlueGreenOptions) {
    const p = options.previewTraffic;
    if (p !== undefined && !(p >= 0 && p < 100)) {
      throw new RangeError(`BlueGreenOptions.previewTraffic: expected a percent in [0, 100), got ${String(p)} (${typeof p})`);
    }
    this.name = options.name;
    this.recorder = new RolloutRecorder(options.version);
  }

  /** Promotes a paused rollout on the next reconcile (`kubectl argo rollouts promote`). */
  requestPromote(): void {
    this.requested.promote = true;
  }

  /** Aborts the rollout on the next reconcile. */
  requestAbort(reason = 'aborted by request'): void {
    this.requested.abort = reason;
  }

  /** Where the rollout is. */
  phase(): BlueGreenPhase {
    if (!this.started) return 'waiting';
    if (this.abortedAt !== undefined) return 'aborted';
    if (this.completedAt !== undefined) return 'completed';
    if (this.switchedAt !== undefined) return 'switched';
    return this.pause.pausedAt !== undefined ? 'paused' : 'preview';
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
    const target = rolloutTarget(observed, o.service, o.startAt ?? 0, `blue-green of ${o.version}`);
    if ('hold' in target) return target.hold;
    const service = target.service;
    const decisions: Decisions = [];
    const sets = versionSets(service, now, o.minReadySeconds ?? 0);
    if (!this.started) this.start(sets, now, decisions);
    if (this.recorder.observe(service, now)) decisions.push({ outcome: ROLLOUT_OUTCOMES.exposed, reason: `${o.version} serves requests` });
    this.takeRequests(now, decisions);
    if (this.abortedAt === undefined && this.switchedAt === undefined) this.progress(service, sets, now, decisions);
    if (this.abortedAt === undefined && this.switchedAt !== undefined && this.completedAt === undefined) this.verify(service, now, decisions);
    const actions = [...this.replicaActions(sets, now), ...this.trafficActions(service, sets)];
    if (actions.length === 0 && decisions.length === 0 && this.switchedAt === undefined && this.abortedAt === undefined) {
      // A hold is logged when its reason changes, not every sync period.
      const preview = sets.get(o.version) ?? emptySet(o.version);
      const reason = `${this.phase()}: preview ${o.version} ${preview.availableReplicas}/${this.previewTarget()} available`;
      if (reason !== this.lastHold) decisions.push({ outcome: 'hold', reason });
      this.lastHold = reason;
    } else {
      this.lastHold = undefined;
    }
    return { actions, decisions, requeueAfter: requeueWithin(now, o.syncPeriod, this.deadlines(now)) };
  }

  private start(sets: ReadonlyMap<string, VersionCounts>, now: Micros, decisions: Decisions): void {
    const o = this.options;
    this.started = true;
    this.active = o.activeVersion ?? inferStableVersion(sets, o.version) ?? '';
    this.replicas =
      o.replicas ??
      Math.max(
        1,
        [...sets.values()].reduce((n, s) => n + s.replicas, 0),
      );
    this.recorder.started(now);
    decisions.push({
      outcome: ROLLOUT_OUTCOMES.started,
      reason: `blue-green of ${o.version} beside ${this.active || 'nothing (first deploy)'}: preview ${this.previewTarget()} of ${this.replicas} replicas`,
    });
  }

  private previewTarget(): number {
    if (this.checkpoint || this.active === '') return this.replicas;
    return Math.min(this.replicas, this.options.previewReplicaCount ?? this.replicas);
  }

  private takeRequests(now: Micros, decisions: Decisions): void {
    const req = this.requested;
    this.requested = {};
    if (this.abortedAt !== undefined || this.completedAt !== undefined) return;
    if (req.abort !== undefined) {
      this.abort(now, req.abort, decisions);
      return;
    }
    const pausedAt = this.pause.pausedAt;
    if (pausedAt === undefined) return;
    const o = this.options;
    const operatorDue =
      o.autoPromotionEnabled === false || this.analysisPaused ? o.operatorPromoteAfter !== undefined && now >= pausedAt + o.operatorPromoteAfter : false;
    if (req.promote !== true && !operatorDue) return;
    this.pause = { controllerPaused: true };
    this.analysisPaused = false;
    decisions.push({
      outcome: 'resumed',
      reason: `${req.promote === true ? 'promoted by request' : 'operator promoted'} after ${toSeconds(now - pausedAt).toFixed(0)}s paused`,
    });
  }

  private progress(service: ServiceView, sets: ReadonlyMap<string, VersionCounts>, now: Micros, decisions: Decisions): void {
    const o = this.options;
    const preview = sets.get(o.version) ?? emptySet(o.version);
    const target = this.previewTarget();
    if (preview.replicas !== target || preview.availableReplicas < target) return;
    if (this.active === '') {
      this.switchTo(now, decisions);
      return;
    }
    if (!this.analysisPassed(service, now, decisions)) return;
    let pauseAddedNow = false;
    if (blueGreenNeedsPause({ ...this.promotionSettings(), controllerPaused: false }) && !this.pauseAdded && !this.checkpoint) {
      this.pause = { controllerPaused: true, pausedAt: now };
      this.pauseAdded = true;
      pauseAddedNow = true;
      const why = o.autoPromotionEnabled === false ? 'until promoted' : `for autoPromotionSeconds ${o.autoPromotionSeconds ?? 0}`;
      decisions.push({ outcome: 'paused', reason: `preview ${o.version} ready; holding ${why}` });
    }
    const completed = blueGreenPauseCompleted(
      {
        ...this.promotionSettings(),
        controllerPaused: this.pause.controllerPaused,
        ...(this.pause.pausedAt !== undefined ? { pausedAt: this.pause.pausedAt } : {}),
        pauseAddedNow,
        scaleUpPreviewCheckPoint: this.checkpoint,
      },
      now,
    );
    if (!completed) return;
    if (target < this.replicas) {
      this.checkpoint = true;
      decisions.push({ outcome: 'scale-up-preview', reason: `promoting: preview ${o.version} grows ${target} → ${this.replicas} before the switch` });
      return;
    }
    this.switchTo(now, decisions);
  }

  /** Runs pre-promotion analysis, if any; true once it has succeeded (or there is none). */
  private analysisPassed(service: ServiceView, now: Micros, decisions: Decisions): boolean {
    const metrics = this.options.prePromotionAnalysis;
    if (metrics === undefined || metrics.length === 0 || this.analysisAccepted) return true;
    if (this.analysisPaused) return false;
    if (this.analysis?.phase === 'Inconclusive') {
      // Promoted by hand after an inconclusive run: a human accepted the preview.
      this.analysisAccepted = true;
      this.pause = { controllerPaused: false };
      return true;
    }
    if (this.analysis === undefined) {
      this.analysis = new AnalysisRun('pre-promotion', metrics, now);
      decisions.push({ outcome: 'analysis-started', reason: `pre-promotion analysis of ${this.options.version}: ${metrics.map((m) => m.name).join(', ')}` });
    }
    const run = this.analysis;
    const { taken } = run.step(now, (m) => measureVersion(m, service, this.options.version, now));
    for (const t of taken) {
      const metric = metrics.find((m) => m.name === t.name)?.metric;
      decisions.push({ outcome: 'measurement', reason: `pre-promotion analysis of ${this.options.version}: ${describeMeasurement(t, metric)}` });
    }
    switch (run.phase) {
      case 'Successful':
        this.analysisAccepted = true;
        return true;
      case 'Failed':
      case 'Error':
        this.abort(now, `pre-promotion analysis ${run.phase}: ${run.message}`, decisions);
        return false;
      case 'Inconclusive':
        this.pause = { controllerPaused: true, pausedAt: now };
        this.analysisPaused = true;
        decisions.push({ outcome: 'paused', reason: `pre-promotion analysis Inconclusive: ${run.message}` });
        return false;
      default:
        return false;
    }
  }

  private switchTo(now: Micros, decisions: Decisions): void {
    const o = this.options;
    this.switchedAt = now;
    this.oldActive = this.active === '' ? undefined : this.active;
    this.active = o.version;
    this.pause = { controllerPaused: false };
    const post = o.postPromotionAnalysis;
    if (post === undefined || post.length === 0 || this.oldActive === undefined) {
      this.complete(now, `active switched to ${o.version}`, decisions);
      return;
    }
    this.postRun = new AnalysisRun('post-promotion', post, now);
    decisions.push({ outcome: 'promoted', reason: `active switched to ${o.version}; ${this.oldActive} kept until post-promotion analysis succeeds` });
  }

  private complete(now: Micros, what: string, decisions: Decisions): void {
    this.completedAt = now;
    this.recorder.completed(now);
    const later = this.oldActive ? `; ${this.oldActive} scales down after ${toSeconds(this.scaleDownDelay())}s` : '';
    decisions.push({ outcome: ROLLOUT_OUTCOMES.completed, reason: `${what}${later}` });
  }

  /** Runs post-promotion analysis on the new active version: success completes the rollout, failure switches back. */
  private verify(service: ServiceView, now: Micros, decisions: Decisions): void {
    const run = this.postRun;
    if (run === undefined) return;
    const version = this.options.version;
    const { taken } = run.step(now, (m) => measureVersion(m, service, version, now));
    for (const t of taken) {
      const metric = run.metrics.find((m) => m.name === t.name)?.metric;
      decisions.push({ outcome: 'measurement', reason: `post-promotion analysis of ${version}: ${describeMeasurement(t, metric)}` });
    }
    if (run.phase === 'Successful') this.complete(now, `post-promotion analysis of ${version} passed`, decisions);
    else if (run.phase === 'Failed' || run.phase === 'Error' || run.phase === 'Inconclusive') {
      this.abort(now, `post-promotion analysis ${run.phase}: ${run.message}`, decisions);
    }
  }

  private abort(now: Micros, reason: string, decisions: Decisions): void {
    if (this.switchedAt !== undefined && this.oldActive !== undefined) {
      // Switch back: the old version is still up, since scale-down waits for completion.
      this.active = this.oldActive;
      this.switchedAt = undefined;
    }
    this.abortedAt = now;
    this.pause = { controllerPaused: false };
    this.analysis?.terminate();
    this.postRun?.terminate();
    this.recorder.aborted(now, reason);
    decisions.push({ outcome: ROLLOUT_OUTCOMES.aborted, reason: `keeping ${this.active || 'nothing'} active: ${reason}` });
  }

  /** The auto-promotion settings as the promotion math reads them. */
  private promotionSettings(): { autoPromotionEnabled?: boolean; autoPromotionSeconds?: number } {
    const o = this.options;
    return {
      ...(o.autoPromotionEnabled !== undefined ? { autoPromotionEnabled: o.autoPromotionEnabled } : {}),
      ...(o.autoPromotionSeconds !== undefined ? { autoPromotionSeconds: o.autoPromotionSeconds } : {}),
    };
  }

  private scaleDownDelay(): Micros {
    const s = this.options.scaleDownDelaySeconds;
    return scaleDownDelay({ strategy: 'blueGreen', ...(s !== undefined ? { scaleDownDelaySeconds: s } : {}) });
  }

  /** When an aborted preview is scaled down; undefined for never. */
  private abortScaleDownAt(): Micros | undefined {
    const seconds = this.options.abortScaleDownDelaySeconds ?? DEFAULT_BLUE_GREEN_ABORT_SCALE_DOWN_DELAY_SECONDS;
    return seconds === 0 || this.abortedAt === undefined ? undefined : this.abortedAt + seconds * SECOND;
  }

  private replicaActions(sets: ReadonlyMap<string, VersionCounts>, now: Micros): Action[] {
    const o = this.options;
    const targets = new Map<string, number>();
    if (this.switchedAt !== undefined) {
      targets.set(o.version, this.replicas);
      const old = this.oldActive;
      if (old !== undefined && this.completedAt !== undefined && now >= this.completedAt + this.scaleDownDelay()) targets.set(old, 0);
    } else if (this.abortedAt !== undefined) {
      if (this.active !== '') targets.set(this.active, this.replicas);
      const downAt = this.abortScaleDownAt();
      if (downAt !== undefined && now >= downAt) targets.set(o.version, 0);
    } else {
      targets.set(o.version, this.previewTarget());
      if (this.active !== '') targets.set(this.active, this.replicas);
    }
    const actions: Action[] = [];
    for (const [version, want] of targets) {
      const have = (sets.get(version) ?? emptySet(version)).replicas;
      if (want === have) continue;
      const role = version === o.version ? (this.switchedAt !== undefined ? 'active' : 'preview') : version === this.oldActive ? 'old active' : 'active';
      actions.push({
        kind: 'scale-version',
        service: o.service,
        version,
        replicas: want,
        reason: `blue-green ${o.version} (${this.phase()}): ${role} ${version} ${have} → ${want}`,
      });
    }
    return actions;
  }

  /**
   * The preview's share of traffic now: previewTraffic while pre-promotion
   * analysis runs on an available preview and the rollout is neither
   * switched nor aborted; else 0.
   */
  private previewWeight(sets: ReadonlyMap<string, VersionCounts>): number {
    const p = this.options.previewTraffic ?? 0;
    if (p <= 0 || this.switchedAt !== undefined || this.abortedAt !== undefined || this.analysisAccepted) return 0;
    const run = this.analysis;
    if (run === undefined || isCompletedPhase(run.phase)) return 0;
    // Like a canary's weight, never more than the pods can take: none available, none routed.
    return (sets.get(this.options.version)?.availableReplicas ?? 0) > 0 ? p : 0;
  }

  private trafficActions(service: ServiceView, sets: ReadonlyMap<string, VersionCounts>): Action[] {
    const o = this.options;
    let weights: Record<string, number>;
    if (this.switchedAt !== undefined) weights = this.oldActive ? { [o.version]: 100, [this.oldActive]: 0 } : { [o.version]: 100 };
    else if (this.active === '') return [];
    else {
      const preview = this.previewWeight(sets);
      weights = { [this.active]: 100 - preview, [o.version]: preview };
    }
    const seen = service.trafficWeights ?? this.lastSentWeights;
    if (seen !== undefined && sameWeights(seen, weights)) return [];
    this.lastSentWeights = weights;
    const split = Object.entries(weights)
      .map(([v, w]) => `${v} ${w}%`)
      .join(', ');
    return [{ kind: 'shift-traffic', service: o.service, weights, reason: `blue-green ${o.version} (${this.phase()}): ${split}` }];
  }

  private deadlines(now: Micros): (Micros | undefined)[] {
    const o = this.options;
    const out: (Micros | undefined)[] = [this.analysis?.nextAt(now)];
    if (this.pause.pausedAt !== undefined) {
      out.push(blueGreenAutoPromotionAt({ ...this.promotionSettings(), controllerPaused: true, pausedAt: this.pause.pausedAt }));
      if (o.operatorPromoteAfter !== undefined) out.push(this.pause.pausedAt + o.operatorPromoteAfter);
    }
    out.push(this.postRun?.nextAt(now));
    if (this.completedAt !== undefined && this.oldActive !== undefined) out.push(this.completedAt + this.scaleDownDelay());
    out.push(this.abortScaleDownAt());
    return out;
  }
}
