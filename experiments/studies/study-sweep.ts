import { locatingErrors } from '../config/load.js';
import type { CostLimits } from '../runner/cost.js';
import type { PointValues } from '../sweep/design.js';
import type { SweepPlan } from '../sweep/plan.js';
import { atKnob, checkPointCost, expandSweep } from '../sweep/plan.js';
import { LEADER_ELECTION_METRICS, LEADER_ELECTION_NULLABLE } from './leader-election.js';
import { MULTI_REGION_METRICS, MULTI_REGION_NULLABLE } from './multi-region.js';
import { ORCHESTRATION_METRICS, ORCHESTRATION_NULLABLE } from './orchestration.js';
import type { LoadedStudy } from './run-study.js';
import { checkStudyDocumentCost } from './study-cost.js';
import { studyAtPoint } from './study-point.js';
import type { StudyKind } from './study-schema.js';

/** The metrics a study sweep records per run, by study kind: the study's summary columns after name and seed. */
export const STUDY_METRICS: Readonly<Record<StudyKind, readonly string[]>> = {
  'leader-election': LEADER_ELECTION_METRICS,
  'multi-region': MULTI_REGION_METRICS,
  orchestration: ORCHESTRATION_METRICS,
};

/**
 * The metrics of each study kind that a run reports as null when their event
 * never happened (a failover, a completion, a grant). A sweep leaves those
 * runs out of the point's mean and interval and writes `<metric>_n` beside
 * them in points.csv.
 */
export const STUDY_NULLABLE: Readonly<Record<StudyKind, readonly string[]>> = {
  'leader-election': LEADER_ELECTION_NULLABLE,
  'multi-region': MULTI_REGION_NULLABLE,
  orchestration: ORCHESTRATION_NULLABLE,
};

/**
 * The Pareto objectives of a study sweep, by kind, all minimized on
 * per-point means (over the seeds with a value, for a nullable metric):
 * - leader-election: two_leader_s (split brain), no_leader_s (unavailability)
 *   and conflicting_actions (what split brain costs the controlled system);
 * - multi-region: overcommit_instance_s (safety), unmet_instance_s (demand
 *   left unserved) and decision_latency_ms (responsiveness);
 * - orchestration: traffic_shifted_s (what users wait for), completed_s
 *   (until the whole workflow, deregistration included, is done) and
 *   messages (what the coordination costs). Not known_complete_s or
 *   stall_detected_s: only an orchestrator can ever know either, so they
 *   measure the mode rather than trade off against the others (and a stall
 *   that never happens is good news, not a missing value).
 * A point whose objective is null in every seed ("never", say the workflow
 * never completed) has no mean and is never on the frontier.
 */
export const STUDY_PARETO: Readonly<Record<StudyKind, readonly string[]>> = {
  'leader-election': ['two_leader_s', 'no_leader_s', 'conflicting_actions'],
  'multi-region': ['overcommit_instance_s', 'unmet_instance_s', 'decision_latency_ms'],
  orchestration: ['traffic_shifted_s', 'completed_s', 'messages'],
};

/**
 * Expands and checks a study file's sweep section: knobs are `params.<knob>`
 * paths, and every point is validated as a study (an error names the field
 * and the point) and, with `limits`, has its own cost estimated and checked,
 * as an experiment sweep's points are. Errors come back located at the knob
 * that set the point's value when the file's text is known. Throws
 * `ConfigError` when there is no sweep section.
 */
export function planStudySweep(loaded: LoadedStudy, limits?: CostLimits): SweepPlan {
  const { study, raw, file, text } = loaded;
  const check = (doc: unknown, knobs: readonly string[], values: PointValues, point: number) => {
    const s = studyAtPoint(doc, knobs, values, point);
    if (limits) checkPointCost(() => checkStudyDocumentCost(s, limits), knobs, values, point);
    return s;
  };
  const expand = () => expandSweep(raw, study.sweep, study.seed, check, STUDY_METRICS[study.study]);
  return {
    name: study.name,
    description: '',
    study: study.study,
    title: `${study.study} study ${study.name}`,
    metricsLabel: `${study.study} study`,
    metrics: STUDY_METRICS[study.study],
    nullable: STUDY_NULLABLE[study.study],
    pareto: STUDY_PARETO[study.study],
    ...(text !== undefined ? locatingErrors(text, file, () => atKnob(text, file, expand)) : expand()),
  };
}
