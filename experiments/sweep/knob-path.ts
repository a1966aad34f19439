import { ConfigError, closest } from '../schema/config-error.js';
import type { KnobValue } from '../config/sweep-schema.js';

/** One step of a knob path: an object key or an array index. */
export type PathStep = string | number;

/** Top-level keys a knob may not set: the sweep itself, and the seed (seeds are the sweep's `seeds`, the same at every point). */
const RESERVED = new Set(['sweep', 'seed', '$schema']);

/** Where a knob's errors point: `sweep.knobs["controllers.autoscaler.target"]`. */
export function knobErrorPath(path: string): string {
  return `sweep.knobs[${JSON.stringify(path)}]`;
}

/**
 * Splits a knob path written as in error messages, `a.b[0].c`, into steps.
 * Throws `ConfigError` naming the knob when it is malformed.
 */
export function parseKnobPath(path: string): PathStep[] {
  const steps: PathStep[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]/y;
  let pos = 0;
  while (pos < path.length) {
    if (steps.length > 0 && path[pos] === '.') pos++;
    re.lastIndex = pos;
    const m = re.exec(path);
    if (!m) break;
    steps.push(m[1] !== undefined ? m[1] : Number(m[2]));
    pos = re.lastIndex;
  }
  if (pos !== path.length || steps.length === 0 || typeof steps[0] !== 'string') {
    throw new ConfigError(
      knobErrorPath(path),
      'a dotted path into the experiment, like controllers.autoscaler.target or services[0].capacity.rpsPerInstance',
      'a malformed path',
    );
  }
  if (RESERVED.has(steps[0])) {
    throw new ConfigError(knobErrorPath(path), "a path outside sweep, seed and $schema (every point runs the sweep's seeds)", JSON.stringify(steps[0]));
  }
  return steps;
}

function render(steps: readonly PathStep[]): string {
  return steps.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('') || '(top level)';
}

/**
 * Checks that every step but the last names something that exists in the
 * document (a typo there would otherwise silently create a new section); the
 * last step may be absent, since it can be a field left at its default, and
 * re-parsing the experiment catches a misspelt one.
 */
export function checkKnobPath(doc: unknown, path: string, steps: readonly PathStep[]): void {
  let node = doc;
  for (const [i, step] of steps.entries()) {
    const last = i === steps.length - 1;
    const where = render(steps.slice(0, i));
    if (typeof step === 'number') {
      if (!Array.isArray(node)) throw new ConfigError(knobErrorPath(path), 'a path to a field of the experiment', `[${step}], but ${where} is not a list`);
      if (step >= node.length)
        throw new ConfigError(
          knobErrorPath(path),
          'a path to a field of the experiment',
          `[${step}], but ${where} has ${node.length} item${node.length === 1 ? '' : 's'}`,
        );
      node = node[step];
      continue;
    }
    if (typeof node !== 'object' || node === null || Array.isArray(node)) {
      throw new ConfigError(knobErrorPath(path), 'a path to a field of the experiment', `${JSON.stringify(step)}, but ${where} is not an object`);
    }
    const obj = node as Record<string, unknown>;
    if (!last && !(step in obj)) {
      const guess = closest(step, Object.keys(obj));
      throw new ConfigError(
        knobErrorPath(path),
        'a path to a field written in the experiment (write out the section to sweep it)',
        `${JSON.stringify(step)}, which is not a key of ${where}`,
        guess ? `did you mean ${guess}?` : undefined,
      );
    }
    node = obj[step];
  }
}

/** A deep copy of a JSON-like document with the given knob values set (the input is not modified). */
export function applyKnobs(doc: unknown, assignments: ReadonlyArray<readonly [readonly PathStep[], KnobValue]>): unknown {
  const copy = structuredClone(doc);
  for (const [steps, value] of assignments) {
    let node = copy as Record<string | number, unknown>;
    for (const step of steps.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
    node[steps[steps.length - 1]!] = value;
  }
  return copy;
}
