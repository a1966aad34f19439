import { fromSeconds } from '../../controllers/port/time.js';
import { dataProperty } from '../../sim/properties/data-property.js';
import { PropertyMonitor } from '../../sim/properties/monitor.js';
import type { PropertyViolation, RunMetricValues, RunProperty } from '../../sim/properties/property.js';
import type { StudyResult } from '../studies/study-result.js';
import type { StudyDocument } from '../studies/study-schema.js';
import { toPropertySpec } from './properties-schema.js';
import { ConfigError } from '../schema/config-error.js';

/**
 * Safety of redundant controllers: no action sent under a superseded
 * fencing token is ever applied (an action from a deposed leader). Reads
 * the leader-election study's actuator rows as they are logged.
 */
export const NO_DEPOSED_LEADER_ACTION: RunProperty = {
  name: 'no-deposed-leader-action',
  kind: 'safety',
  description: 'no action from a deposed leader (a fencing token older than the current tenure) is applied',
  onEvent(row) {
    if (row['outcome'] !== 'applied' || !(Number(row['token']) < Number(row['current_token']))) return undefined;
    return {
      property: this.name,
      kind: 'safety',
      at: fromSeconds(Number(row['at_s'])),
      explanation: `${String(row['replica'])}'s "${String(row['action'])}" sent at ${String(row['sent_at_s'])}s under token ${String(row['token'])} was applied at ${String(row['at_s'])}s, after token ${String(row['current_token'])} took over`,
    };
  },
};

/** The properties each study kind ships. */
export function studyFamilyProperties(doc: StudyDocument): RunProperty[] {
  return doc.study === 'leader-election' ? [NO_DEPOSED_LEADER_ACTION] : [];
}

/** Every property a study run is checked against: its kind's, then the file's `properties:` (budgets over the study's metrics). */
export function studyProperties(doc: StudyDocument): RunProperty[] {
  const entries = doc.properties ?? [];
  const named = entries.findIndex((p) => p.check !== undefined);
  if (named >= 0) throw new ConfigError(`properties[${named}].check`, 'nothing in a study file (named checks watch experiment controllers); use expect over the study metrics', JSON.stringify(entries[named]!.check));
  return [...studyFamilyProperties(doc), ...entries.map((p) => dataProperty(toPropertySpec(p)))];
}

/**
 * Checks a finished study run: its rows (the study's log, in time order)
 * go through the properties' event hook, its summary through their end
 * hook. Returns the violations, first first.
 */
export function checkStudy(doc: StudyDocument, result: StudyResult): PropertyViolation[] {
  const monitor = new PropertyMonitor(studyProperties(doc), { seed: result.seed, horizon: doc.params.horizon, faults: [] });
  for (const row of result.rows) monitor.events.write(row as Readonly<Record<string, string | number>>);
  const metrics: RunMetricValues = Object.fromEntries(Object.entries(result.summary).filter((e): e is [string, number | null] => typeof e[1] === 'number' || e[1] === null));
  return monitor.finish(metrics);
}
