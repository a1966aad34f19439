import type { CostLimits } from '../runner/cost.js';
import { loadScenario, loadScenarioFile } from '../scenario/registry.js';
import type { SweepPlan } from './plan.js';

/**
 * Plans the sweep of a document as written, experiment or study (the
 * registry picks its kind). `file` is where it came from (bring-your-own
 * controller modules resolve against it). Throws `ConfigError` on a bad
 * document or sweep section.
 */
export function planDocument(raw: unknown, file: string): SweepPlan {
  return loadScenario({ raw, file }).planSweep();
}

/**
 * Loads a sweep file, experiment or study, and plans its sweep. What the
 * file names outside itself (an experiment's bring-your-own controller
 * modules) is loaded too, so a bad module path is reported here as bad input
 * rather than as a worker crash. With `limits`, every point's estimated cost
 * is checked against them.
 */
export async function loadSweepFile(file: string, limits?: CostLimits): Promise<SweepPlan> {
  const scenario = loadScenarioFile(file);
  const plan = scenario.planSweep(limits);
  await scenario.loadModules();
  return plan;
}
