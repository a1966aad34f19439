import type { WorkflowMetrics, WorkflowScenario } from './workflow-scenario.js';
import { runWorkflowScenario } from './workflow-scenario.js';
import type { StudyDefinition } from './study-definition.js';
import type { StudyRow } from './study-result.js';

/** Knobs of the orchestration-vs-choreography study (durations in µs): the scenario's, unchanged. */
export type OrchestrationParams = WorkflowScenario;

/** The study's metrics, in summary column order. */
export const ORCHESTRATION_METRICS: readonly (keyof WorkflowMetrics)[] = [
  'traffic_shifted_s',
  'steps_done',
  'completed_s',
  'known_complete_s',
  'stall_detected_s',
  'steps_done_during_partition',
  'messages',
  'retries',
];

/** The times that are null when their event never happened within the horizon; the rest are always numbers. */
export const ORCHESTRATION_NULLABLE: readonly (keyof WorkflowMetrics)[] = ['traffic_shifted_s', 'completed_s', 'known_complete_s', 'stall_detected_s'];

/** What one run of the study gives. */
export interface OrchestrationStudyRun {
  /** Summary metrics. */
  readonly metrics: WorkflowMetrics;
  /** The workflow's timeline: t_s, event. */
  readonly rows: readonly StudyRow[];
  /** Trace fingerprint. */
  readonly fingerprint: string;
  /** Engine events processed. */
  readonly events: number;
}

/**
 * Orchestration vs choreography: one zone-failure workflow (provision
 * replacement capacity, shift traffic, deregister) driven by a central
 * orchestrator or by services reacting to events on a bus, optionally under
 * a partition. Measures recovery time, messages and visibility.
 */
export function runOrchestrationStudy(params: OrchestrationParams, seed: number): OrchestrationStudyRun {
  const out = runWorkflowScenario(params, seed);
  return { metrics: out.metrics, rows: out.timeline.map((e): StudyRow => ({ ...e })), fingerprint: out.fingerprint, events: out.events };
}

/** An orchestration run ends when its workflow does (45 events at the defaults, whatever the horizon); this bounds it generously. */
const EVENTS = 10_000;

/** The orchestration-vs-choreography study as the pipeline runs, costs and sweeps it. */
export const ORCHESTRATION_STUDY: StudyDefinition<OrchestrationParams> = {
  metrics: ORCHESTRATION_METRICS,
  nullable: ORCHESTRATION_NULLABLE,
  // What users wait for, until the whole workflow (deregistration included)
  // is done, and what the coordination costs. Not known_complete_s or
  // stall_detected_s: only an orchestrator can ever know either, so they
  // measure the mode rather than trade off against the others (and a stall
  // that never happens is good news, not a missing value).
  pareto: ['traffic_shifted_s', 'completed_s', 'messages'],
  estimateEvents: () => EVENTS,
  run(params, seed) {
    const { metrics, rows, fingerprint, events } = runOrchestrationStudy(params, seed);
    return { metrics, rows, fingerprint, processed: events };
  },
};
