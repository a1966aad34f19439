import type { SweepPlan } from '../sweep/plan.js';
import { expandSweep } from '../sweep/plan.js';
import { LEADER_ELECTION_METRICS } from './leader-election.js';
import { MULTI_REGION_METRICS } from './multi-region.js';
import { ORCHESTRATION_METRICS } from './orchestration.js';
import type { LoadedStudy } from './run-study.js';
import { studyAtPoint } from './study-point.js';
import type { StudyKind } from './study-schema.js';

/** The metrics a study sweep records per run, by study kind: the study's summary columns after name and seed. */
export const STUDY_METRICS: Readonly<Record<StudyKind, readonly string[]>> = {
  'leader-election': LEADER_ELECTION_METRICS,
  'multi-region': MULTI_REGION_METRICS,
  orchestration: ORCHESTRATION_METRICS,
};

/**
 * The Pareto objectives of a study sweep, by kind, all minimized on
 * per-point means:
 * - leader-election: two_leader_s (split brain), no_leader_s (unavailability)
 *   and conflicting_actions (what split brain costs the controlled system);
 * - multi-region: overcommit_instance_s (safety), unmet_instance_s (demand
 *   left unserved) and decision_latency_ms (responsiveness);
 * - orchestration: none. Its time metrics use −1 for "never" (a
 *   choreography never knows the workflow is complete), so minimizing them
 *   would reward the failure; its points.csv leaves `pareto` empty.
 */
export const STUDY_PARETO: Readonly<Record<StudyKind, readonly string[]>> = {
  'leader-election': ['two_leader_s', 'no_leader_s', 'conflicting_actions'],
  'multi-region': ['overcommit_instance_s', 'unmet_instance_s', 'decision_latency_ms'],
  orchestration: [],
};

/**
 * Expands and checks a study file's sweep section: knobs are `params.<knob>`
 * paths, and every point is validated as a study (an error names the field
 * and the point). Throws `ConfigError` when there is no sweep section.
 */
export function planStudySweep(loaded: LoadedStudy): SweepPlan {
  const { study, raw } = loaded;
  return {
    name: study.name,
    description: '',
    study: study.study,
    metrics: STUDY_METRICS[study.study],
    pareto: STUDY_PARETO[study.study],
    ...expandSweep(raw, study.sweep, study.seed, studyAtPoint),
  };
}
