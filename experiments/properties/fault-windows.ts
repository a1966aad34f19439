import type { Micros } from '../../lib/time.js';
import type { FaultWindow } from '../../sim/properties/property.js';
import type { Experiment } from '../config/experiment-schema.js';

type Step = Experiment['scenario'][number];

/** Verbs that undo a lasting fault, by the verb they undo. */
const UNDONE_BY: Readonly<Record<string, readonly string[]>> = {
  partition: ['repair', 'heal'],
  hold: ['release', 'heal'],
  'zone-outage': ['zone-recover'],
  degrade: ['restore'],
  hang: ['restore'],
  deploy: ['rollback'],
  crash: ['restart'],
};

/** Verbs that end at once (their effect is an event, not a state). */
const INSTANT = new Set(['crash', 'drain', 'clock-jump', 'repair', 'release', 'heal', 'zone-recover', 'restore', 'rollback', 'restart']);

/**
 * The fault windows of a scenario: a step with `for` lasts that long; a
 * lasting verb without it lasts until the first later step that undoes that
 * kind of fault (any target), or the horizon; crashes, drains, clock jumps
 * and the undo verbs themselves are instants. Sorted by start. A
 * conservative reading (a fault lasts at least as long as it does), so
 * liveness bounds are never counted from before a fault really healed.
 */
export function faultWindows(scenario: readonly Step[], horizon: Micros): FaultWindow[] {
  const out: FaultWindow[] = [];
  for (const step of scenario) {
    const lasting = 'for' in step ? step.for : undefined;
    if (lasting !== undefined) {
      out.push({ start: step.at, end: Math.min(horizon, step.at + lasting) });
      continue;
    }
    if (step.action === 'crash' || INSTANT.has(step.action)) {
      out.push({ start: step.at, end: step.at });
      continue;
    }
    const undo = UNDONE_BY[step.action] ?? [];
    const later = scenario.filter((s) => s.at >= step.at && undo.includes(s.action)).map((s) => s.at);
    out.push({ start: step.at, end: later.length ? Math.min(...later) : horizon });
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}
