import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * The URL of the module `name` beside `here` (an `import.meta.url`), in the
 * same form as `here`: `worker.js` beside a compiled module, `worker.ts`
 * beside a TypeScript source. A worker thread thus always runs the same code
 * as the thread that starts it, never a stale build.
 */
export function siblingModule(here: string, name: string): URL {
  return new URL(`./${name}${extname(fileURLToPath(here))}`, here);
}

/**
 * Starts a worker thread on `entry`. A compiled `.js` entry starts directly;
 * a TypeScript `.ts` entry (ctrlsim run from source, as the tests and `tsx`
 * do) is loaded through tsx, the same loader that reads bring-your-own
 * controller modules, so no build is needed and none can be out of date.
 */
export function startWorker(entry: URL, options: WorkerOptions = {}): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
  const boot = `import(${JSON.stringify(tsxEsmApi())}).then((tsx) => tsx.tsImport(${JSON.stringify(entry.href)}, ${JSON.stringify(entry.href)}));`;
  return new Worker(boot, { ...options, eval: true });
}

/** The file URL of tsx's ESM API (`tsx/esm/api`), read from tsx's own package exports. */
function tsxEsmApi(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const exports = (JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports;
  const api = exports['./esm/api'];
  if (api === undefined) throw new Error(`tsx at ${dirname(manifest)} has no ./esm/api export`);
  return pathToFileURL(join(dirname(manifest), api.import.default)).href;
}
