import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateExperiment } from '../../experiments/config/load.js';

const base = {
  name: 'bad',
  horizon: '10m',
  services: [{ name: 'web', capacity: { rpsPerInstance: 100 }, load: [{ shape: 'constant', rps: 100 }] }],
  controllers: { autoscaler: { kind: 'target-utilization', service: 'web', target: 0.6, maxReplicas: 10 } },
};

function errorOf(doc: Record<string, unknown>): string {
  try {
    validateExperiment({ ...base, ...doc });
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

const step = (s: Record<string, unknown>) => errorOf({ scenario: [{ at: '1m', action: 'heal' }, s] });

describe('bad scenario input fails with one error naming the field', () => {
  it('a negative time', () => {
    expect(step({ at: '-5m', action: 'crash', service: 'web', count: 1 })).toBe(
      'scenario[1].at: expected a duration ≥ 0 like "30s" (durations cannot be negative), got "-5m" (a string)',
    );
  });

  it('a negative duration', () => {
    expect(step({ at: '5m', action: 'partition', between: [['autoscaler'], ['metrics']], for: '-1m' })).toBe(
      'scenario[1].for: expected a duration > 0 like "30s" (durations cannot be negative), got "-1m" (a string)',
    );
  });

  it('an unknown fault kind, with a suggestion', () => {
    expect(step({ at: '5m', action: 'partiton', between: [['a'], ['b']] })).toMatch(
      /^scenario\[1\]\.action: expected one of "partition", "repair", .*"clock-jump", got "partiton" \(a string\) \(did you mean "partition"\?\)$/,
    );
  });

  it('a partition naming an unknown host, listing the known ones', () => {
    expect(step({ at: '5m', action: 'partition', between: [['autoscaler'], ['metrcs']] })).toBe(
      'scenario[1].between[1][0]: expected a host or group: one of api, registry, lb, metrics, controller/autoscaler, zone-a, zone-b, zone-c, autoscaler, controllers, instances, got "metrcs"',
    );
  });

  it('an unknown zone or service', () => {
    expect(step({ at: '5m', action: 'zone-outage', zone: 'zone-z' })).toBe('scenario[1].zone: expected one of the zones zone-a, zone-b, zone-c, got "zone-z"');
    expect(step({ at: '5m', action: 'crash', service: 'api', fraction: 0.5 })).toBe('scenario[1].service: expected one of the services web, got "api"');
  });

  it('a fraction above 1, and fraction with count', () => {
    expect(step({ at: '5m', action: 'crash', fraction: 1.5 })).toBe('scenario[1].fraction: expected a number > 0 ≤ 1, got 1.5 (a number)');
    expect(step({ at: '5m', action: 'crash', fraction: 0.5, count: 2 })).toBe(
      'scenario[1].count: expected either fraction or count, not both, got 2 (a number)',
    );
  });

  it('a clock for an unknown host, and a link rule naming one', () => {
    expect(errorOf({ clocks: { nowhere: { offset: '2s' } } })).toMatch(/^clocks\.nowhere: expected a host or group: one of api, /);
    expect(errorOf({ network: { links: [{ from: ['lb'], to: ['zone-q'], loss: 0.1 }] } })).toMatch(/^network\.links\[0\]\.to\[0\]: expected a host or group/);
  });

  it('a malformed trace CSV row, with the file and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctrlsim-trace-'));
    const file = join(dir, 'day.csv');
    writeFileSync(file, 'timestamp,rps\n0,100\n60,120\n120,12O\n');
    const message = errorOf({ services: [{ ...base.services[0], load: [{ shape: 'trace', file }] }] });
    expect(message).toBe(
      `services[0].load[0].file (${file}:4): expected a row "<timestamp>,<rps>": a time in seconds (or an ISO 8601 date-time) increasing from row to row, and a number ≥ 0, got "120,12O"`,
    );
  });

  it('a missing trace file', () => {
    expect(errorOf({ services: [{ ...base.services[0], load: [{ shape: 'trace', file: 'no/such.csv' }] }] })).toBe(
      'services[0].load[0].file: expected a readable CSV trace file, got "no/such.csv" (no such file)',
    );
  });

  it('exits 2 from ctrlsim validate with that one line, led by the line and column of the bad host, and no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctrlsim-bad-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      'name: bad\nhorizon: 10m\nservices:\n  - name: web\n    capacity: { rpsPerInstance: 100 }\n    load: [{ shape: constant, rps: 100 }]\nscenario:\n  - { at: 1m, action: partition, between: [[lb], [registy]] }\n',
    );
    const r = spawnSync(process.execPath, ['dist/experiments/runner/cli.js', 'validate', file], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `ctrlsim: error: ${file}:8:51: scenario[0].between[1][0]: expected a host or group: one of api, registry, lb, metrics, zone-a, zone-b, zone-c, controllers, instances, got "registy"\n`,
    );
  });
});
