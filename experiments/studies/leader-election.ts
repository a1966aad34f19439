import type { LeaderElectionMetrics, LeaderElectionScenario } from './leader-election-scenario.js';
import { LEADER_ELECTION_DEFAULTS, runLeaderElectionScenario } from './leader-election-scenario.js';
import { SECOND, toSeconds } from '../../lib/time.js';
import type { StudyDefinition } from './study-definition.js';
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

/**
 * Engine events per virtual second at the defaults, measured (3 controller
 * and 3 store replicas, retry 2 s, sync 5 s → 5.9–6.1), times a margin of 3
 * so the estimate is an upper one.
 */
const EVENTS_PER_S = 6 * 3;

/** The leader-election study as the pipeline runs, costs and sweeps it. */
export const LEADER_ELECTION_STUDY: StudyDefinition<LeaderElectionParams> = {
  metrics: LEADER_ELECTION_METRICS,
  nullable: LEADER_ELECTION_NULLABLE,
  // Split brain, unavailability, and what split brain costs the controlled system.
  pareto: ['two_leader_s', 'no_leader_s', 'conflicting_actions'],
  /** The measured rate scaled by replicas × (store replicas + 1) and the faster of the retry and sync rates, over the horizon. */
  estimateEvents(p) {
    const d = LEADER_ELECTION_DEFAULTS;
    const scale =
      (p.controllerReplicas / d.controllerReplicas) *
      ((p.storeReplicas + 1) / (d.storeReplicas + 1)) *
      Math.max(1, d.retryPeriod / p.retryPeriod, d.syncPeriod / p.syncPeriod);
    return EVENTS_PER_S * scale * (p.horizon / SECOND);
  },
  run(params, seed) {
    const run = runLeaderElectionStudy(params, seed);
    // Stable: at one instant a leadership change stays before a tenure row, as each list keeps its own order.
    const events = [...run.leadership, ...run.tenures].sort((a, b) => Number(a['at_s']) - Number(b['at_s']));
    return { metrics: run.metrics, rows: run.rows, events, fingerprint: run.fingerprint, processed: run.events };
  },
};
