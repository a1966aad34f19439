import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every TypeScript source under a folder, recursively, as paths relative to the repository. */
function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourcesUnder(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Source with comments removed, so prose that names a forbidden API does not count. */
const code = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

/**
 * The only places allowed to read the host's clock, timers or randomness,
 * and why. Everything else gets time from the virtual clock and randomness
 * from seeded streams, or outputs would differ between runs and machines.
 */
const WALL_CLOCK_ALLOWED: Readonly<Record<string, string>> = {
  'controllers/port/realtime-runtime.ts': 'the real-clock runtime adapter',
  'experiments/sweep/progress.ts': 'progress bar ETA on the terminal; never written to output files',
  'experiments/runner/run-progress.ts': 'single-run progress (events/s, ETA) on the terminal; never written to output files',
  'experiments/runner/host-clock.ts':
    'the host clock: monotonic time, timers and jitter for the live loop and its adapters, wall time for the manifest, and the deadline on importing a module (which decides only whether a run starts)',
};

const FORBIDDEN = /\b(?:Math\.random|Date\.now|new Date|performance\.now|setTimeout|setInterval|setImmediate|process\.hrtime)\b/;

const product = ['lib', 'sim', 'controllers', 'experiments', 'reports'].flatMap(sourcesUnder).sort();

describe('the product code', () => {
  it.each(product.filter((f) => !(f in WALL_CLOCK_ALLOWED)))('%s reads no host clock, timer or ambient randomness', (file) => {
    expect(code(readFileSync(file, 'utf8'))).not.toMatch(FORBIDDEN);
  });

  // Which layer may import which is enforced by dependency-cruiser: test/architecture/layers.test.ts.

  it.each(product.filter((f) => f.endsWith('/index.ts')))('%s only re-exports', (file) => {
    const lines = code(readFileSync(file, 'utf8'))
      .split('\n')
      .filter((l) => l.trim() !== '');
    for (const line of lines) expect(line).toMatch(/^export (?:\* (?:as \w+ )?from|type \* from|\{[^}]*\} from|type \{[^}]*\} from) '/);
  });

  it('has an allow-list that names only files that exist', () => {
    for (const f of Object.keys(WALL_CLOCK_ALLOWED)) expect(product).toContain(f);
  });
});
