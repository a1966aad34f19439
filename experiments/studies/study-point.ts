import type { KnobValue } from '../config/sweep-schema.js';
import { ConfigError } from '../schema/config-error.js';
import { PointError, pointDocument } from '../sweep/plan.js';
import type { StudyDocument } from './study-schema.js';
import { parseStudyDocument } from './study-schema.js';

/**
 * A study document at one sweep point: the raw document with each knob
 * (a dotted path such as `params.fencing`) set to its value, validated as a
 * study. The sweep runner's `parsePoint` for studies: an error keeps the
 * field's path, says which point caused it, and names the knob that set it
 * (where a file locates it).
 */
export function studyAtPoint(raw: unknown, knobs: readonly string[], values: readonly KnobValue[], point: number): StudyDocument {
  try {
    return parseStudyDocument(pointDocument(raw, knobs, values));
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const where = `in sweep point ${point}: ${knobs.map((k, i) => `${k}=${JSON.stringify(values[i])}`).join(', ')}`;
    const knob = knobs.find((k) => e.path === k || e.path.startsWith(`${k}.`) || e.path.startsWith(`${k}[`)) ?? knobs[0] ?? '';
    throw new PointError(knob, e.path, e.expected, e.received, e.hint ? `${e.hint}; ${where}` : where);
  }
}
