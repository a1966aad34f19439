import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The package as a user imports it: through package.json's "exports", from
 * the built dist/ (npm test builds first). Each import runs in its own Node
 * process inside the repository, where the package can import itself by name.
 */
const REPO = resolve(import.meta.dirname, '..');
const SUBPATHS = ['hpa', 'policies', 'rollout', 'hashring', 'registry', 'controllers', 'sim', 'studies'] as const;

function node(script: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Every runtime name each entry point exports, namespaces flattened one level (`network.decide` counts as `decide`). */
function exportedNames(): Record<string, { own: string[]; flat: string[] }> {
  const run = node(`
    const out = {};
    for (const sub of ['', ${SUBPATHS.map((s) => `'/${s}'`).join(', ')}]) {
      const m = await import('ctrlsim' + sub);
      const flat = new Set(Object.keys(m));
      for (const v of Object.values(m)) if (v && typeof v === 'object' && Object.getPrototypeOf(v) === null) for (const k of Object.keys(v)) flat.add(k);
      out[sub || '.'] = { own: Object.keys(m).sort(), flat: [...flat].sort() };
    }
    console.log(JSON.stringify(out));`);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as Record<string, { own: string[]; flat: string[] }>;
}

const names = exportedNames();

describe('the package root', () => {
  it('fits on a screen: the port, loops and runtimes, the engine, time, and running an experiment', () => {
    expect(names['.']!.own).toEqual([
      'AsyncRealtimeLoop',
      'CLIENT_GO_BACKOFF',
      'ConfigError',
      'ControllerFailure',
      'ControllerLoop',
      'HOUR',
      'MICROSECOND',
      'MILLISECOND',
      'MINUTE',
      'RandomStream',
      'RealTimeRuntime',
      'SECOND',
      'Simulation',
      'TerminalError',
      'TransientError',
      'VirtualRuntime',
      'experimentJsonSchema',
      'formatDuration',
      'fromSeconds',
      'loadControllerModules',
      'loadExperimentFile',
      'parseDuration',
      'requeueWithin',
      'runExperiment',
      'runToDirectory',
      'toSeconds',
      'validateExperiment',
    ]);
  });
});

describe('the subpaths', () => {
  it.each(SUBPATHS)('ctrlsim/%s resolves through the package exports and exports something', (sub) => {
    expect(names[`/${sub}`]!.own.length).toBeGreaterThan(0);
  });

  it('export no internals: no event queue, event labels, counters, rounding or delivery decisions', () => {
    const internals = ['EventQueue', 'UNLABELLED', 'eventLabel', 'hashString', 'logGamma', 'ZERO_COUNTERS', 'PRIORITY', 'round', 'decide'];
    for (const [entry, { flat }] of Object.entries(names)) expect({ entry, leaked: flat.filter((n) => internals.includes(n)) }).toEqual({ entry, leaked: [] });
  });

  it('keep the pure algorithms off the root, one family per subpath', () => {
    expect(names['.']!.own).not.toContain('decideScale');
    expect(names['/hpa']!.own).toContain('decideScale');
    expect(names['/policies']!.own).toContain('TokenBucket');
    expect(names['/rollout']!.own).toContain('newReplicaSetReplicas');
    expect(names['/hashring']!.own).toEqual(expect.arrayContaining(['buildTable', 'xxh64', 'jumpConsistentHash']));
  });
});

describe("the README's library examples", () => {
  const readme = readFileSync(resolve(REPO, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Using ctrlsim as a library'), readme.indexOf('\n## ', readme.indexOf('## Using ctrlsim as a library') + 1));
  const examples = [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!);

  it('cover the root and every subpath', () => {
    const imported = examples.map((code) => /from '(ctrlsim[^']*)'/.exec(code)?.[1]);
    expect(imported).toEqual(['ctrlsim', ...SUBPATHS.map((s) => `ctrlsim/${s}`)]);
  });

  it.each(examples.map((code) => [/from '(ctrlsim[^']*)'/.exec(code)![1]!, code] as const))(
    '%s: runs as written and prints what the README says',
    (_entry, code) => {
      const expected = [...code.matchAll(/^\/\/ prints: (.*)$/gm)].map((m) => m[1]!);
      const run = node(code);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout.trimEnd().split('\n')).toEqual(expected);
    },
    120_000,
  );
});
