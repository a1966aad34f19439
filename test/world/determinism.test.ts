import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MINUTE, SECOND } from '../../lib/time.js';
import { runLikeTheCli } from '../experiments/run-like-cli.js';
import { ArrivalProcess } from '../../sim/world/arrival-process.js';
import type { LoadSourceSpec } from '../../sim/world/load-source.js';
import type { ScenarioStep } from '../../sim/world/scenario-step.js';
import type { WorldSpec } from '../../sim/world/world-spec.js';
import { run, spec } from './helpers.js';

const SCENARIO: ScenarioStep[] = [
  { at: 2 * MINUTE, action: 'crash', service: 'web', fraction: 0.3 },
  { at: 3 * MINUTE, action: 'partition', between: [['registry'], ['lb']], for: MINUTE },
  { at: 4 * MINUTE, action: 'degrade', service: 'web', zone: 'zone-a', fraction: 0.5, slowdown: 3, for: 2 * MINUTE },
];

function requestWorld(
  load: LoadSourceSpec[] = [{ shape: 'constant', rps: 300, noise: { kind: 'mmpp', factor: 3, quiet: MINUTE, burst: 10 * SECOND } }],
): WorldSpec {
  return spec(
    { horizon: 8 * MINUTE, fidelity: 'request', scenario: SCENARIO },
    { initialReplicas: 8, balancer: 'random', load, churn: { mtbf: { kind: 'exponential', mean: 20 * MINUTE }, restartDelay: 5 * SECOND } },
  );
}

function digest(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((f) => [
        f,
        createHash('sha256')
          .update(readFileSync(join(dir, f)))
          .digest('hex'),
      ]),
  );
}

describe('determinism', () => {
  afterEach(() => vi.restoreAllMocks());

  it('gives identical rows, events and fingerprint when a faulty request-level world runs twice', () => {
    const a = run(requestWorld(), { autoscaler: true });
    const b = run(requestWorld(), { autoscaler: true });
    expect(b.rows).toEqual(a.rows);
    expect(b.events).toEqual(a.events);
    expect(b.world.sim.fingerprint).toBe(a.world.sim.fingerprint);
    expect(a.events.some((e) => e['controller'] === 'churn')).toBe(true);
  });

  it('gives byte-identical run directories in this process and in a child process through the CLI', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'ctrlsim-world-det-'));
    const file = join(tmp, 'faulty.yaml');
    writeFileSync(
      file,
      [
        'name: faulty',
        'seed: 3',
        'horizon: 6m',
        'fidelity: request',
        'services:',
        '  - name: web',
        '    initialReplicas: 6',
        '    capacity: { rpsPerInstance: 100, serviceTime: { kind: exponential, mean: 50ms } }',
        '    balancer: least-outstanding',
        '    churn: { mtbf: { kind: exponential, mean: 30m }, restartDelay: 5s }',
        '    load: [{ shape: constant, rps: 250, noise: { kind: mmpp, factor: 2, quiet: 1m, burst: 10s } }]',
        'controllers:',
        '  autoscaler: { kind: target-utilization, service: web, target: 0.6, maxReplicas: 20 }',
        'scenario:',
        '  - { at: 1m, action: partition, between: [[autoscaler], [metrics]], for: 1m }',
        '  - { at: 2m, action: crash, zone: zone-b, fraction: 0.5 }',
        '  - { at: 3m, action: degrade, service: web, count: 1, slowdown: 4, for: 1m }',
        '',
      ].join('\n'),
    );
    await runLikeTheCli(file, join(tmp, 'here'));
    const r = spawnSync(process.execPath, ['dist/experiments/runner/cli.js', 'run', file, '--out', join(tmp, 'child')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(digest(join(tmp, 'child'))).toEqual(digest(join(tmp, 'here')));
  });

  it("leaves the first load source's arrivals, the crashes and the start-ups unchanged when a second load source is added", () => {
    const arrivals = new Map<string, number[]>();
    const onFire = (ArrivalProcess.prototype as unknown as { onFire(): void }).onFire;
    vi.spyOn(ArrivalProcess.prototype as unknown as { onFire(): void }, 'onFire').mockImplementation(function (this: unknown) {
      const self = this as { label: { target: string }; sim: { now: number } };
      const list = arrivals.get(self.label.target) ?? [];
      list.push(self.sim.now);
      arrivals.set(self.label.target, list);
      onFire.call(this);
    });
    const first: LoadSourceSpec = {
      shape: 'ramp',
      from: 100,
      to: 300,
      start: 0,
      duration: 5 * MINUTE,
      noise: { kind: 'mmpp', factor: 2, quiet: MINUTE, burst: 10 * SECOND },
    };
    const one = run(requestWorld([first]));
    const alone = arrivals.get('load/web/0')!;
    arrivals.clear();
    const two = run(requestWorld([first, { shape: 'constant', rps: 150, noise: { kind: 'poisson' } }]));
    expect(arrivals.get('load/web/0')).toEqual(alone);
    expect(arrivals.get('load/web/1')!.length).toBeGreaterThan(1000);
    const faults = (o: typeof one) => o.events.filter((e) => e['type'] === 'fault');
    expect(faults(two)).toEqual(faults(one));
    const readyTimes = (o: typeof one) => o.world.cluster.live('web').map((i) => [i.id, i.readyAt]);
    expect(readyTimes(two)).toEqual(readyTimes(one));
  });
});
