import type { PropertyViolation } from '../../sim/properties/property.js';
import type { Experiment } from '../config/experiment-schema.js';
import { loadModuleProperties } from '../properties/module-properties.js';
import { experimentMonitor, propertiesPanel, runMetrics } from '../properties/run-properties.js';
import type { RunOutcome, RunSinks } from './run-experiment.js';
import type { RunObserver } from './write-run.js';

/** The property checks of one experiment run, ready to hand to `runToDirectory` (as `observer`) or to `runExperiment` (as `sinks`). */
export interface ExperimentChecks {
  /** For `runToDirectory`: checks the rows and draws the properties panel on the report. */
  readonly observer: RunObserver;
  /** For `runExperiment` when nothing is written. */
  readonly sinks: RunSinks;
  /** Every violation of the finished run, first first (runs the end-of-run checks once). */
  violations(outcome: RunOutcome): readonly PropertyViolation[];
}

/**
 * Builds the checks of a run of `exp` with `seed`: the built-in families'
 * properties, those the experiment's controller modules export, and the
 * file's `properties:`.
 */
export async function experimentChecks(exp: Experiment, file: string, seed: number): Promise<ExperimentChecks> {
  const monitor = experimentMonitor(exp, seed, await loadModuleProperties(exp, file));
  let done: readonly PropertyViolation[] | undefined;
  const violations = (outcome: RunOutcome): readonly PropertyViolation[] => (done ??= monitor.finish(runMetrics(outcome)));
  return {
    sinks: { timeseries: monitor.timeseries, events: monitor.events },
    observer: { timeseries: monitor.timeseries, events: monitor.events, finish: (outcome) => propertiesPanel(monitor.properties, violations(outcome)) },
    violations,
  };
}
