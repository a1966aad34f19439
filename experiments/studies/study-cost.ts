import { locatingErrors } from '../config/load.js';
import type { CostLimits, RunCost } from '../runner/cost.js';
import { checkRunCost } from '../runner/cost.js';
import type { LoadedStudy } from './run-study.js';
import { studyOf } from './study-kinds.js';
import type { StudyDocument } from './study-schema.js';

/**
 * Estimates a study run's cost from its parameters: its kind's upper
 * estimate of engine events (see each study's `estimateEvents`). Rows and
 * bytes are small beside events for every study and are not estimated.
 */
function estimateStudyCost(doc: StudyDocument): RunCost {
  return { events: Math.ceil(studyOf(doc).estimateEvents()), rows: 0, bytes: 0 };
}

/** Refuses a study document estimated past `limits` (a `ConfigError` on `params.horizon`, unlocated); returns the estimate. A study sweep checks each point with it. */
export function checkStudyDocumentCost(doc: StudyDocument, limits: CostLimits): RunCost {
  const cost = estimateStudyCost(doc);
  checkRunCost(cost, limits, 'params.horizon', 'this study');
  return cost;
}

/** Refuses a study estimated past `limits` before it runs (exit 2), located at its `params.horizon` line. */
export function checkStudyCost(loaded: LoadedStudy, limits: CostLimits): RunCost {
  const check = () => checkStudyDocumentCost(loaded.study, limits);
  return loaded.text !== undefined ? locatingErrors(loaded.text, loaded.file, check) : check();
}
