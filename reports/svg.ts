import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { compile } from 'vega-lite';

/**
 * A Vega loader that refuses every fetch and records the refused URLs: report
 * specs carry their data inline, so a URL in one (say from a tampered
 * .vl.json) must not make Node reach the network or the file system.
 */
function offlineLoader(refused: string[]) {
  const refuse = (uri: string) => {
    refused.push(uri);
    return Promise.reject(new Error(`ctrlsim SVG rendering is offline; refusing to load ${uri}`));
  };
  return { load: refuse, sanitize: refuse, http: refuse, file: refuse };
}

/**
 * Renders a Vega-Lite spec to a static SVG document in Node with Vega's
 * headless renderer, for documents and pull requests. Text widths are
 * estimated (no canvas package), so the same spec always gives the same
 * bytes. Specs must carry their data inline (values or datasets): a spec that
 * needs a URL, or that Vega reports any error for, rejects instead of
 * rendering an empty chart.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const errors: string[] = [];
  const refused: string[] = [];
  const logger = collectingLogger(errors);
  const compiled = compile(spec, { logger }).spec;
  // Vega's typings want a full Loader; ours implements the calls a View makes and refuses them all.
  const loader = offlineLoader(refused) as unknown as vega.Loader;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader, logger, logLevel: vega.Warn });
  try {
    const svg = await view.toSVG();
    // Vega only logs a failed load (as a warning) and draws an empty chart; a report chart must not be silently empty.
    if (refused.length > 0) throw new Error(`ctrlsim SVG rendering is offline; refusing to load ${refused[0]}`);
    if (errors.length > 0) throw new Error(`cannot render the chart: ${errors[0]}`);
    // Vega numbers clip paths from a process-wide counter; renumber them so the same spec gives the same bytes.
    const ids = new Map<string, string>();
    return svg.replace(/\bclip(\d+)\b/g, (id) => {
      let mapped = ids.get(id);
      if (mapped === undefined) ids.set(id, (mapped = `clip${ids.size + 1}`));
      return mapped;
    });
  } finally {
    view.finalize();
  }
}

/**
 * Writes `<id>.svg` into `dir` for each spec, one after another (so memory
 * holds one rendered chart at a time); returns the file names written.
 */
export async function writeSvgFiles(dir: string, specs: Readonly<Record<string, TopLevelSpec>>): Promise<string[]> {
  const written: string[] = [];
  for (const [id, spec] of Object.entries(specs)) {
    const file = `${id}.svg`;
    await writeFile(join(dir, file), (await renderSvg(spec)) + '\n');
    written.push(file);
  }
  return written;
}

/** A Vega and Vega-Lite logger that drops warnings (they describe harmless defaults) and collects errors. */
function collectingLogger(errors: string[]) {
  let level = vega.Warn;
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
    warn() {
      return logger;
    },
    error(...args: readonly unknown[]) {
      errors.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
      return logger;
    },
  };
  return logger;
}
