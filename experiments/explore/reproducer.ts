import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { stringify } from 'yaml';
import { toSeconds } from '../../lib/time.js';
import type { PropertyViolation } from '../../sim/properties/property.js';

/**
 * A document with every `kind: module` controller's `module` path rewritten
 * to resolve from `toFile`'s directory as it did from `fromFile`'s, so a
 * reproducer written elsewhere still finds its controller.
 */
export function relocate(doc: Record<string, unknown>, fromFile: string, toFile: string): Record<string, unknown> {
  const controllers = doc['controllers'];
  if (typeof controllers !== 'object' || controllers === null) return doc;
  const moved: Record<string, unknown> = {};
  for (const [name, c] of Object.entries(controllers as Record<string, Record<string, unknown>>)) {
    if (c?.['kind'] === 'module' && typeof c['module'] === 'string') {
      let rel = relative(dirname(resolve(toFile)), resolve(dirname(resolve(fromFile)), c['module']))
        .split('\\')
        .join('/');
      if (!rel.startsWith('.')) rel = `./${rel}`;
      moved[name] = { ...c, module: rel };
    } else moved[name] = c;
  }
  return { ...doc, controllers: moved };
}

/** What a saved reproducer is expected to do, pinned beside it as `<file>.expected.json` (a regression golden). */
export interface ReproducerExpectation {
  /** The property it violates. */
  readonly property: string;
  /** Its kind. */
  readonly kind: string;
  /** The seed it runs with (also in the file). */
  readonly seed: number;
  /** When the violation happens, seconds of virtual time. */
  readonly at_s: number;
  /** `violated` while the defect lives; after a fix, re-bless to `holds`. */
  readonly expect: 'violated' | 'holds';
}

/**
 * Writes a reproducer: the document as YAML under a comment saying what it
 * shows and how to run it, so `ctrlsim run <file>` exits 1 with the
 * property. Creates the directory if needed.
 */
export function writeReproducer(file: string, doc: Record<string, unknown>, violation: PropertyViolation, seed: number, note: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const header = [
    `# Found by ctrlsim explore: violates ${violation.property} (${violation.kind}) at ${toSeconds(violation.at)}s (seed ${seed}).`,
    `# ${violation.explanation}`,
    `# ${note}`,
    `# Reproduce: ctrlsim run <this file>   (exits 1 naming the property)`,
  ].map((l) => l.replace(/\n/g, ' '));
  writeFileSync(file, `${header.join('\n')}\n${stringify(doc, { lineWidth: 0 })}`);
}

/** Writes the regression golden beside a reproducer. */
export function writeExpectation(file: string, e: ReproducerExpectation): void {
  writeFileSync(`${file}.expected.json`, JSON.stringify(e, null, 2) + '\n');
}
