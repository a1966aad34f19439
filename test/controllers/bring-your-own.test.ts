import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExperimentFile, validateExperiment } from '../../experiments/config/load.js';
import { loadControllerModules } from '../../experiments/runner/controller-factory.js';
import { runExperiment } from '../../experiments/runner/run-experiment.js';
import type { Row } from '../../sim/index.js';

function actionsOf(run: (events: { write(r: Row): void }) => void): Row[] {
  const rows: Row[] = [];
  run({ write: (r) => rows.push(r) });
  return rows.filter((r) => r['type'] === 'action');
}

describe('bring-your-own controllers', () => {
  it('run a TypeScript module named by an experiment, with its options', async () => {
    const loaded = loadExperimentFile('experiments/examples/byo/queue-depth.yaml');
    const modules = await loadControllerModules(loaded.experiment, loaded.file);
    const actions = actionsOf((events) => runExperiment(loaded.experiment, 42, { events }, modules));
    expect(actions.length).toBeGreaterThan(0);
    expect(actions[0]!['reason']).toMatch(/at 60\/replica/);
  });

  it('run a plain JavaScript module', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctrlsim-byo-'));
    writeFileSync(
      join(dir, 'fixed.mjs'),
      `export default (o, ctx) => ({ name: ctx.name, reconcile: (s) => (s.services.get(ctx.service).desiredReplicas === o.replicas ? { actions: [] } : { actions: [{ kind: 'scale', service: ctx.service, replicas: o.replicas, reason: 'fixed size' }] }) });`,
    );
    const exp = validateExperiment({
      name: 'js',
      horizon: '5m',
      services: [{ name: 'web', capacity: { rpsPerInstance: 10 }, load: [{ shape: 'constant', rps: 5 }] }],
      controllers: { fixed: { kind: 'module', service: 'web', module: './fixed.mjs', options: { replicas: 7 } } },
    });
    const modules = await loadControllerModules(exp, join(dir, 'exp.yaml'));
    const actions = actionsOf((events) => runExperiment(exp, 1, { events }, modules));
    expect(actions.map((a) => a['to'])).toEqual([7]);
  });

  it('reject a module path that does not exist, naming the field', async () => {
    const exp = validateExperiment({
      name: 'missing',
      horizon: '5m',
      services: [{ name: 'web', capacity: { rpsPerInstance: 10 }, load: [{ shape: 'constant', rps: 5 }] }],
      controllers: { mine: { kind: 'module', service: 'web', module: './nope.ts' } },
    });
    await expect(loadControllerModules(exp, '/tmp/exp.yaml')).rejects.toThrow(/^controllers\.mine\.module: expected a path to an existing module/);
  });
});
