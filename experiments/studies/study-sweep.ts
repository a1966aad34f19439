import { locatingErrors } from '../config/load.js';
import type { CostLimits } from '../runner/cost.js';
import type { PointValues } from '../sweep/design.js';
import type { SweepPlan } from '../sweep/plan.js';
import { atKnob, checkPointCost, expandSweep } from '../sweep/plan.js';
import type { LoadedStudy } from './run-study.js';
import { checkStudyDocumentCost } from './study-cost.js';
import { STUDIES } from './study-kinds.js';
import { studyAtPoint } from './study-point.js';

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
  const { metrics, nullable, pareto } = STUDIES[study.study];
  const expand = () => expandSweep(raw, study.sweep, study.seed, check, metrics);
  return {
    name: study.name,
    description: '',
    study: study.study,
    title: `${study.study} study ${study.name}`,
    metricsLabel: `${study.study} study`,
    metrics,
    nullable,
    pareto,
    ...(text !== undefined ? locatingErrors(text, file, () => atKnob(text, file, expand)) : expand()),
  };
}
