/**
 * Rollout metrics read back from a run's event log (events.csv), for runs
 * whose controller objects are gone: the rollout controllers log their
 * lifecycle as decisions with the outcomes below.
 */

import type { Micros } from '../../lib/time.js';
import { SECOND } from '../../lib/time.js';
import { summarizeLifecycle, type RolloutLifecycle, type RolloutSummary } from './rollout-recorder.js';

/** Decision outcomes that mark a rollout's lifecycle in the event log. */
export const ROLLOUT_OUTCOMES = {
  /** The rollout began. */
  started: 'rollout-started',
  /** The new version first served requests. */
  exposed: 'rollout-exposed',
  /** The new version took all traffic at full size. */
  completed: 'rollout-completed',
  /** The rollout was aborted and is rolling back. */
  aborted: 'rollout-aborted',
  /** A Deployment made no progress within progressDeadlineSeconds. */
  deadlineExceeded: 'ProgressDeadlineExceeded',
} as const;

/** The columns of an event-log row this module reads (events.csv: time_s, controller, type, action, reason). */
export interface EventRow {
  /** Virtual time in seconds. */
  readonly time_s: number | string;
  /** Controller that logged the row. */
  readonly controller: string;
  /** "action", "rejected" or "decision". */
  readonly type: string;
  /** The action kind, or for a decision its outcome. */
  readonly action: string;
  /** Human-readable reason. */
  readonly reason?: string;
}

/**
 * The lifecycle of `controller`'s rollout as its decisions recorded it: the
 * first row of each lifecycle outcome wins.
 */
export function lifecycleFromEvents(rows: Iterable<EventRow>, controller: string): RolloutLifecycle {
  const life: { -readonly [K in keyof RolloutLifecycle]: RolloutLifecycle[K] } = {};
  for (const row of rows) {
    if (row.controller !== controller || row.type !== 'decision') continue;
    const at: Micros = Math.round(Number(row.time_s) * SECOND);
    switch (row.action) {
      case ROLLOUT_OUTCOMES.started:
        life.startedAt ??= at;
        break;
      case ROLLOUT_OUTCOMES.exposed:
        life.firstExposedAt ??= at;
        break;
      case ROLLOUT_OUTCOMES.completed:
        life.completedAt ??= at;
        break;
      case ROLLOUT_OUTCOMES.aborted:
        if (life.abortedAt === undefined) {
          life.abortedAt = at;
          life.abortReason = row.reason ?? '';
        }
        break;
    }
  }
  return life;
}

/**
 * `controller`'s rollout summary from the event log. The log carries no
 * request counts, so `newVersionRequests` comes from elsewhere (the
 * controller's recorder, or per-version series when the world writes them).
 */
export function summaryFromEvents(rows: Iterable<EventRow>, controller: string, newVersionRequests = 0): RolloutSummary {
  return summarizeLifecycle(lifecycleFromEvents(rows, controller), newVersionRequests);
}
