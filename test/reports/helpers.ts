import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

/** Compiles a Vega-Lite spec and returns its warnings; throws on a compile error. */
export function compileWarnings(spec: TopLevelSpec): string[] {
  const warnings: string[] = [];
  const logger = {
    level() {
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
    warn(...args: unknown[]) {
      warnings.push(args.map(String).join(' '));
      return logger;
    },
    error(...args: unknown[]): never {
      throw new Error(args.map(String).join(' '));
    },
  };
  compile(spec, { logger });
  return warnings;
}

/** The JSON payload of `<script type="application/json" id="...">` in a report page. */
export function scriptJson(html: string, id: string): unknown {
  const m = new RegExp(`<script type="application/json" id="${id}">([\\s\\S]*?)</script>`).exec(html);
  if (!m) throw new Error(`no script #${id} in the page`);
  return JSON.parse(m[1]!) as unknown;
}

/** How many times `needle` occurs in `haystack`. */
export function occurrences(haystack: string, needle: string): number {
  let n = 0;
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** Where two long texts first differ, with some context, or undefined when equal (keeps failures readable). */
export function firstDifference(a: string, b: string): string | undefined {
  if (a === b) return undefined;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return `at ${i} of ${a.length}/${b.length}: ${JSON.stringify(a.slice(Math.max(0, i - 60), i + 60))} vs ${JSON.stringify(b.slice(Math.max(0, i - 60), i + 60))}`;
}
