import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '..', '..');
const CONFIG = join(REPO, '.dependency-cruiser.cjs');
const CRUISER = join(REPO, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const ROOTS = ['lib', 'sim', 'controllers', 'experiments', 'reports', 'bench', 'index.ts'];

interface Violation {
  readonly rule: string;
  readonly from: string;
  readonly to: string;
}

/** Runs the layer rules over `roots` inside `cwd`, as `npm run lint:layers` does. */
function cruise(cwd: string, roots: readonly string[]): { modules: number; violations: Violation[] } {
  const run = spawnSync(process.execPath, [CRUISER, '--config', CONFIG, '--output-type', 'json', ...roots], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.stdout.trim() === '') throw new Error(`dependency-cruiser printed nothing: ${run.stderr}`);
  const result = JSON.parse(run.stdout) as { summary: { totalCruised: number; violations: { rule: { name: string }; from: string; to: string }[] } };
  const violations = result.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
  return { modules: result.summary.totalCruised, violations };
}

describe('the layers', () => {
  it('hold across the whole product: no module imports a layer above its own, and no runtime import cycle exists', () => {
    const { modules, violations } = cruise(REPO, ROOTS);
    expect(violations).toEqual([]);
    // It really looked: every product module was cruised, not an empty set.
    expect(modules).toBeGreaterThan(300);
  }, 60_000);

  describe('each rule fails on a planted violation', () => {
    const tree = mkdtempSync(join(tmpdir(), 'ctrlsim-layers-'));
    afterAll(() => rmSync(tree, { recursive: true, force: true }));
    const files: Record<string, string> = {
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }),
      'lib/pure.ts': "import { world } from '../sim/world.js';\nexport const pure = world;\n",
      'lib/ok.ts': 'export const ok = 1;\n',
      'sim/metric-catalogue.ts': "import { ok } from '../lib/ok.js';\nexport const catalogue = ok;\n",
      'sim/engine/loop.ts': "import { world } from '../world.js';\nexport const loop = world;\n",
      'sim/world.ts':
        "import { autoscaler } from '../controllers/autoscaler.js';\nimport { port } from '../controllers/port/port.js';\nimport { ok } from '../lib/ok.js';\nexport const world = [autoscaler, port, ok];\n",
      'controllers/port/port.ts': "import { autoscaler } from '../autoscaler.js';\nexport const port = autoscaler;\n",
      'controllers/autoscaler.ts': "import { world } from '../sim/world.js';\nexport const autoscaler = world;\n",
      'reports/chart.ts':
        "import { world } from '../sim/world.js';\nimport { catalogue } from '../sim/metric-catalogue.js';\nexport const chart = [world, catalogue];\n",
      'experiments/run.ts':
        "import { helper } from '../test/helper.js';\nimport { bench } from '../bench/bench.js';\nimport { chart } from '../reports/chart.js';\nexport const run = [helper, bench, chart];\n",
      // An example may use the port like any user controller; the product may not import an example.
      'experiments/examples/byo/mine.ts': "import { port } from '../../../controllers/port/port.js';\nexport const mine = port;\n",
      'experiments/factory.ts': "import { mine } from './examples/byo/mine.js';\nexport const factory = mine;\n",
      'test/helper.ts': 'export const helper = 1;\n',
      'test/support/fixture.ts': 'export const fixture = 1;\n',
      'bench/bench.ts': "import { run } from '../experiments/run.js';\nexport const bench = run;\n",
      // A benchmark may use a shared fixture under test/support/, but not a test file.
      'bench/timed.ts':
        "import { fixture } from '../test/support/fixture.js';\nimport { helper } from '../test/helper.js';\nexport const timed = [fixture, helper];\n",
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(tree, path)), { recursive: true });
      writeFileSync(join(tree, path), text);
    }

    it('and reports exactly the planted edges, each under its own rule', () => {
      const { violations } = cruise(tree, ['lib', 'sim', 'controllers', 'experiments', 'reports', 'bench']);
      const planted = violations.filter((v) => v.rule !== 'no-runtime-cycles');
      expect(planted.sort((a, b) => `${a.rule} ${a.from}`.localeCompare(`${b.rule} ${b.from}`))).toEqual([
        { rule: 'benchmarks-are-not-product', from: 'experiments/run.ts', to: 'bench/bench.ts' },
        { rule: 'benchmarks-import-only-test-support', from: 'bench/timed.ts', to: 'test/helper.ts' },
        { rule: 'controllers-never-import-the-simulator', from: 'controllers/autoscaler.ts', to: 'sim/world.ts' },
        { rule: 'engine-depends-on-lib-only', from: 'sim/engine/loop.ts', to: 'sim/world.ts' },
        { rule: 'lib-is-self-contained', from: 'lib/pure.ts', to: 'sim/world.ts' },
        { rule: 'port-depends-on-lib-only', from: 'controllers/port/port.ts', to: 'controllers/autoscaler.ts' },
        { rule: 'product-never-imports-examples', from: 'experiments/factory.ts', to: 'experiments/examples/byo/mine.ts' },
        { rule: 'product-never-imports-tests', from: 'experiments/run.ts', to: 'test/helper.ts' },
        { rule: 'reports-only-render', from: 'reports/chart.ts', to: 'sim/world.ts' },
        { rule: 'world-never-imports-concrete-controllers', from: 'sim/world.ts', to: 'controllers/autoscaler.ts' },
      ]);
      // The planted tree also has runtime cycles (world ↔ autoscaler, run ↔ bench); the cycle rule sees them.
      const cycles = violations.filter((v) => v.rule === 'no-runtime-cycles').map((v) => `${v.from} → ${v.to}`);
      expect(cycles).toContain('controllers/autoscaler.ts → sim/world.ts');
      expect(cycles).toContain('bench/bench.ts → experiments/run.ts');
    }, 60_000);
  });
});
