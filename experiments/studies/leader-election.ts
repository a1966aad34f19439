import type { LeaderElectionMetrics, LeaderElectionScenario } from './leader-election-scenario.js';
import { runLeaderElectionScenario } from './leader-election-scenario.js';
import { toSeconds } from '../../lib/time.js';
import type { StudyRow } from './study-result.js';

/** Knobs of the leader-election study (durations in µs): the scenario's, unchanged. */
export type LeaderElectionParams = LeaderElectionScenario;

/** The study's metrics, in summary column order. */
export const LEADER_ELECTION_METRICS: readonly (keyof LeaderElectionMetrics)[] = [
  'two_leader_s',
  'no_leader_s',
  'max_leaders',
  'acquisitions',
  'failovers',
  'failover_s',
  'actions_sent',
  'deposed_actions_sent',
  'actions_applied',
  'actions_rejected',
  'deposed_actions_applied',
  'conflicting_actions',
  'store_requests',
  'messages',
];

/** The metrics that are null when their event never happened (no failover); the rest are always numbers. */
export const LEADER_ELECTION_NULLABLE: readonly (keyof LeaderElectionMetrics)[] = ['failover_s'];

/** What one run of the study gives. */
export interface LeaderElectionStudyRun {
  /** Summary metrics. */
  readonly metrics: LeaderElectionMetrics;
  /** One row per actuator decision: when, who sent it under which token, the current token, the outcome, the action. */
  readonly rows: readonly StudyRow[];
  /** One row per change of who acts as leader (at_s, identity, leading), for property checks; not written to rows.csv. */
  readonly leadership: readonly StudyRow[];
  /** One row per tenure of the lease (at_s: its acquisition, holder, token, renewed_at_s: its holder's last successful renewal, true time), for property checks; not written to rows.csv. */
  readonly tenures: readonly StudyRow[];
  /** Trace fingerprint. */
  readonly fingerprint: string;
  /** Engine events processed. */
  readonly events: number;
}

/**
 * Redundant controllers with leader election: controller replicas across
 * zones elect a leader with client-go's semantics over a replicated lease
 * store; the leader's autoscaler acts through a (possibly fenced) actuator;
 * the leader's zone is partitioned. Measures split brain.
 */
export function runLeaderElectionStudy(params: LeaderElectionParams, seed: number): LeaderElectionStudyRun {
  const out = runLeaderElectionScenario(params, seed);
  const rows = out.actuations.map(
    (a): StudyRow => ({
      at_s: toSeconds(a.at),
      sent_at_s: toSeconds(a.sent.sentAt),
      replica: a.sent.replica,
      token: a.sent.token,
      current_token: a.currentToken,
      outcome: a.outcome,
      action: a.sent.action.kind === 'scale' ? `scale ${a.sent.action.service} to ${a.sent.action.replicas}` : a.sent.action.kind,
    }),
  );
  const leadership = out.leadership.map((l): StudyRow => ({ type: 'leadership', at_s: toSeconds(l.at), identity: l.identity, leading: l.leading }));
  const tenures = out.tenures.map(
    (t): StudyRow => ({ type: 'tenure', at_s: toSeconds(t.acquiredAt), holder: t.holder, token: t.token, renewed_at_s: toSeconds(t.renewedAt) }),
  );
  return { metrics: out.metrics, rows, leadership, tenures, fingerprint: out.fingerprint, events: out.events };
}
