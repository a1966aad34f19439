import { validateExperiment } from '../config/load.js';
import { planStudySweep } from '../studies/study-sweep.js';
import { isStudyDocument, parseStudyDocument } from '../studies/study-schema.js';
import type { CostLimits } from '../runner/cost.js';
import type { SweepPlan } from './plan.js';
import { planSweep } from './plan.js';

/**
 * Plans the sweep of a document as written: a study file (a top-level
 * `study:` key) gets a study sweep over its kind's metrics, anything else is
 * an experiment. `file` is where it came from (bring-your-own controller
 * modules resolve against it). Throws `ConfigError` on a bad document or
 * sweep section.
 */
export function planDocument(raw: unknown, file: string): SweepPlan {
  if (isStudyDocument(raw)) return planStudySweep({ study: parseStudyDocument(raw), raw, file });
  return planSweep({ experiment: validateExperiment(raw), raw, file });
}

/**
 * Loads a sweep file, experiment or study, and plans its sweep. For an
 * experiment, its bring-your-own controller modules are loaded too, so a bad
 * module path is reported here as bad input rather than as a worker crash.
 * With `limits`, every point's estimated cost is checked against them.
 */
export async function loadSweepFile(file: string, limits?: CostLimits): Promise<SweepPlan> {
  const { isStudyFile } = await import('../runner/study-command.js');
  if (isStudyFile(file)) {
    const { loadStudyFile } = await import('../studies/run-study.js');
    return planStudySweep(loadStudyFile(file), limits);
  }
  const [{ loadExperimentFile, locatingErrorsAsync }, { loadControllerModules }] = await Promise.all([
    import('../config/load.js'),
    import('../runner/controller-factory.js'),
  ]);
  const loaded = loadExperimentFile(file);
  const plan = planSweep(loaded, limits);
  await locatingErrorsAsync(loaded.text, file, () => loadControllerModules(loaded.experiment, file));
  return plan;
}
