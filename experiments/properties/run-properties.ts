import { toSeconds } from '../../lib/time.js';
import { dataProperty } from '../../sim/properties/data-property.js';
import { PropertyMonitor } from '../../sim/properties/monitor.js';
import type { PropertyViolation, RunMetricValues, RunProperty } from '../../sim/properties/property.js';
import type { Experiment } from '../config/experiment-schema.js';
import type { ControllerPanel, PanelRow } from '../../reports/run-report.js';
import { familyProperties, namedCheck } from './family-properties.js';
import { faultWindows } from './fault-windows.js';
import type { ModuleProperties } from './module-properties.js';
import { toPropertySpec } from './properties-schema.js';

/** Every property a run of `exp` is checked against: the built-in families', the modules' exports, then the file's `properties:`. */
function experimentProperties(exp: Experiment, modules: ModuleProperties = new Map()): RunProperty[] {
  return [
    ...familyProperties(exp),
    ...[...modules.values()].flat(),
    ...exp.properties.map((p) => (p.check !== undefined ? namedCheck(p.check, p.name, p.controller!, exp) : dataProperty(toPropertySpec(p)))),
  ];
}

/** A monitor of `exp`'s properties for one run with `seed`: pass its sinks to the run, then `finish` it with `runMetrics(outcome)`. */
export function experimentMonitor(exp: Experiment, seed: number, modules?: ModuleProperties): PropertyMonitor {
  return new PropertyMonitor(experimentProperties(exp, modules), { seed, horizon: exp.horizon, faults: faultWindows(exp.scenario, exp.horizon) });
}

/** A finished run's metrics as properties read them: the summary, then service and controller metrics. */
export function runMetrics(outcome: { readonly summary: object; readonly extraMetrics: RunMetricValues }): RunMetricValues {
  return { ...(outcome.summary as RunMetricValues), ...outcome.extraMetrics };
}

/**
 * The run report's properties panel: one lane per property, "holds" from the
 * start and "VIOLATED" from its first violation on (hover for the
 * explanation in the note). None when the run checked no property.
 */
export function propertiesPanel(properties: readonly RunProperty[], violations: readonly PropertyViolation[]): ControllerPanel[] {
  if (properties.length === 0) return [];
  const rows: PanelRow[] = [];
  for (const p of properties) {
    rows.push({ time_s: 0, series: p.name, value: 'holds' });
    const v = violations.find((x) => x.property === p.name);
    if (v) rows.push({ time_s: toSeconds(v.at), series: p.name, value: 'VIOLATED' });
  }
  const failed = violations.map((v) => `${v.property} at ${toSeconds(v.at)}s: ${v.explanation}`).join('; ');
  return [
    { controller: 'properties', title: 'properties', note: violations.length ? `Violated: ${failed}` : `All ${properties.length} properties held.`, rows },
  ];
}
