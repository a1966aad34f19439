/**
 * Where a field of a YAML or JSON document was written: maps a ConfigError's
 * field path (`services[0].cache.capacity`, `controllers.my.router.service`)
 * back to a line and column of the text, so an error in a long file points
 * at the line to fix.
 */

import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node } from 'yaml';

/** A 1-based line and column. */
export interface SourcePosition {
  /** Line, from 1. */
  readonly line: number;
  /** Column, from 1. */
  readonly col: number;
}

/** One step of a field path: a map key (which may itself contain dots) or a list index. */
type Step = { readonly key: string } | { readonly index: number };

/**
 * Splits a field path into steps. Dots separate keys, `[3]` is an index and
 * `["a.b"]` a quoted key; a map key containing dots is kept in pieces here
 * and re-joined against the document's keys while walking.
 */
export function pathSteps(path: string): Step[] {
  const steps: Step[] = [];
  const re = /\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|([^.[\]]+)/g;
  for (let m = re.exec(path); m; m = re.exec(path)) {
    if (m[1] !== undefined) steps.push({ index: Number(m[1]) });
    else if (m[2] !== undefined) steps.push({ key: JSON.parse(m[2]) as string });
    else steps.push({ key: m[3]! });
  }
  return steps;
}

/**
 * The position of the field `path` in `text`: the key of a map entry, or
 * the item of a list. A field that is absent (a required key left out)
 * resolves to its nearest written ancestor. Undefined when the text does not
 * parse or the path names nothing written at all.
 */
export function locateField(text: string, path: string): SourcePosition | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0 || !doc.contents) return undefined;
  const steps = pathSteps(path);
  let node: unknown = doc.contents;
  let offset: number | undefined = rangeStart(doc.contents);
  for (let i = 0; i < steps.length; ) {
    const step = steps[i]!;
    if ('index' in step) {
      if (!isSeq(node)) break;
      const item = node.items[step.index];
      if (item === undefined) break;
      node = item;
      offset = rangeStart(item);
      i++;
      continue;
    }
    if (!isMap(node)) break;
    // The longest run of key steps that names a written key wins ("a.b" before "a").
    let matched = false;
    for (let j = steps.length; j > i; j--) {
      const run = steps.slice(i, j);
      if (!run.every((s) => 'key' in s)) continue;
      const key = run.map((s) => (s as { key: string }).key).join('.');
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
      if (pair === undefined) continue;
      offset = rangeStart(pair.key) ?? rangeStart(pair.value);
      node = pair.value;
      i = j;
      matched = true;
      break;
    }
    if (!matched) break;
  }
  if (offset === undefined) return undefined;
  const pos = lineCounter.linePos(offset);
  return { line: pos.line, col: pos.col };
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}
