/**
 * What a rollout did, recorded as it goes: when it started, when the new
 * version first served requests, when it completed or was aborted, and how
 * many requests the new version served. A controller feeds it each
 * reconcile; nothing here reads a clock.
 */

import type { ServiceView } from '../port/observations.js';
import type { Micros } from '../../lib/time.js';
import { SECOND } from '../../lib/time.js';
import { versionRequestRate } from './version-sets.js';

/** A rollout's lifecycle instants; each is absent until it happens. */
export interface RolloutLifecycle {
  /** The rollout began (the new version was asked for). */
  readonly startedAt?: Micros;
  /** The new version first served requests. */
  readonly firstExposedAt?: Micros;
  /** The new version took all traffic at full size (promotion, switch, or a complete Deployment). */
  readonly completedAt?: Micros;
  /** The rollout was aborted and rolled back. */
  readonly abortedAt?: Micros;
  /** Why it was aborted. */
  readonly abortReason?: string;
}

/** A rollout's summary metrics, with null for what did not happen. */
export interface RolloutSummary {
  /** 1 if the rollout completed, else 0. */
  readonly rollout_completed: number;
  /** 1 if the rollout was aborted, else 0. */
  readonly rollout_aborted: number;
  /** Seconds from the start to completion. */
  readonly time_to_full_rollout_s: number | null;
  /** Seconds from the new version's first request (else the start) to the abort. */
  readonly time_to_detect_s: number | null;
  /**
   * Requests the new version served over the run, estimated from observed
   * request rates: for a bad version, its exposure before (and in spite of)
   * any rollback.
   */
  readonly new_version_requests: number;
}

/** Records one rollout of `version`. */
export class RolloutRecorder {
  private life: { -readonly [K in keyof RolloutLifecycle]: RolloutLifecycle[K] } = {};
  private requests = 0;
  private lastAt: Micros | undefined;
  private lastRate = 0;

  constructor(
    /** The version being rolled out. */
    readonly version: string,
  ) {}

  /** The rollout began at `now` (ignored after the first call). */
  started(now: Micros): void {
    this.life.startedAt ??= now;
  }

  /** The rollout completed at `now` (ignored after the first call). */
  completed(now: Micros): void {
    this.life.completedAt ??= now;
  }

  /** The rollout was aborted at `now` for `reason` (ignored after the first call). */
  aborted(now: Micros, reason: string): void {
    if (this.life.abortedAt !== undefined) return;
    this.life.abortedAt = now;
    this.life.abortReason = reason;
  }

  /**
   * Folds in an observation at `now`: the requests served since the last one
   * at the rate seen then (a left Riemann sum), and the first exposure.
   * Returns true when this observation is the new version's first exposure
   * after the start, so the caller can log it.
   */
  observe(service: ServiceView, now: Micros): boolean {
    if (this.lastAt !== undefined && now > this.lastAt) this.requests += (this.lastRate * (now - this.lastAt)) / SECOND;
    const rate = versionRequestRate(service, this.version) ?? 0;
    this.lastAt = now;
    this.lastRate = rate;
    const served = rate > 0 && service.instances.some((i) => i.version === this.version && i.state === 'ready');
    if (!served || this.life.startedAt === undefined || this.life.firstExposedAt !== undefined) return false;
    this.life.firstExposedAt = now;
    return true;
  }

  /** The lifecycle so far. */
  lifecycle(): RolloutLifecycle {
    return { ...this.life };
  }

  /** The summary metrics so far (requests counted up to the last observation). */
  summary(): RolloutSummary {
    return summarizeLifecycle(this.life, this.requests);
  }
}

/** The summary metrics of a lifecycle and a request count. */
export function summarizeLifecycle(life: RolloutLifecycle, newVersionRequests: number): RolloutSummary {
  const { startedAt, completedAt, abortedAt, firstExposedAt } = life;
  return {
    rollout_completed: completedAt !== undefined ? 1 : 0,
    rollout_aborted: abortedAt !== undefined ? 1 : 0,
    time_to_full_rollout_s: completedAt !== undefined && startedAt !== undefined ? (completedAt - startedAt) / SECOND : null,
    time_to_detect_s: abortedAt !== undefined ? (abortedAt - (firstExposedAt ?? startedAt ?? abortedAt)) / SECOND : null,
    new_version_requests: Math.round(newVersionRequests),
  };
}

/** A rollout summary judged against the truth about the new version. */
export interface RolloutVerdict {
  /** Requests a bad version served (0 for a good one). */
  readonly bad_version_exposure: number;
  /** Seconds from a bad version's first request to its rollback (null for a good one, or one never rolled back). */
  readonly time_to_detect_s: number | null;
  /** 1 when a good version was rolled back (a false rollback), else 0. */
  readonly false_rollback: number;
  /** 1 when a bad version completed its rollout (a miss), else 0. */
  readonly missed_bad_version: number;
}

/**
 * Judges a rollout once the experiment says whether the new version was bad:
 * exposure and detection time only mean something for a bad version, a
 * rollback of a good one is a false rollback, and a bad one that completed
 * was missed. Summed over seeds these give the false-rollback rate and the
 * miss rate of an analysis configuration.
 */
export function judgeRollout(summary: RolloutSummary, newVersionIsBad: boolean): RolloutVerdict {
  return {
    bad_version_exposure: newVersionIsBad ? summary.new_version_requests : 0,
    time_to_detect_s: newVersionIsBad ? summary.time_to_detect_s : null,
    false_rollback: !newVersionIsBad && summary.rollout_aborted === 1 ? 1 : 0,
    missed_bad_version: newVersionIsBad && summary.rollout_completed === 1 ? 1 : 0,
  };
}
