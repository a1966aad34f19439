import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateField, pathSteps } from '../../experiments/config/source-location.js';
import { loadStudyFile } from '../../experiments/studies/run-study.js';

const YAML = `name: demo
services:
  - name: web
    capacity: { rpsPerInstance: 100 }
  - name: api
    capacity:
      rpsPerInstance: -1
controllers:
  my.router:
    service: web
sweep:
  knobs:
    controllers.my.router.vnodes: { values: [10, 100] }
`;

describe('locating a field of an experiment file', () => {
  it('splits paths into keys, indices and quoted keys', () => {
    expect(pathSteps('services[1].capacity.rpsPerInstance')).toEqual([{ key: 'services' }, { index: 1 }, { key: 'capacity' }, { key: 'rpsPerInstance' }]);
    expect(pathSteps('sweep.knobs["a.b"].values')).toEqual([{ key: 'sweep' }, { key: 'knobs' }, { key: 'a.b' }, { key: 'values' }]);
  });

  it('points at the key of a map entry inside a list item', () => {
    expect(locateField(YAML, 'services[1].capacity.rpsPerInstance')).toEqual({ line: 7, col: 7 });
    expect(locateField(YAML, 'services[0].capacity.rpsPerInstance')).toEqual({ line: 4, col: 17 });
  });

  it('matches a key that contains dots, whether the path quotes it or not', () => {
    expect(locateField(YAML, 'controllers.my.router.service')).toEqual({ line: 10, col: 5 });
    expect(locateField(YAML, 'sweep.knobs["controllers.my.router.vnodes"]')).toEqual({ line: 13, col: 5 });
  });

  it('falls back to the nearest written ancestor of a field left out', () => {
    expect(locateField(YAML, 'services[0].capacity.serviceTime')).toEqual({ line: 4, col: 5 });
    expect(locateField(YAML, 'horizon')).toEqual({ line: 1, col: 1 });
  });

  it('reads JSON too, and gives up on text that does not parse', () => {
    expect(locateField('{\n  "name": "x",\n  "seed": -1\n}\n', 'seed')).toEqual({ line: 3, col: 3 });
    expect(locateField('a: [1, 2\nb: 3', 'b')).toBeUndefined();
  });
});

describe('located errors in study files', () => {
  it('lead with the file, line and column of the bad parameter', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ctrlsim-study-')), 'le.yaml');
    const text = readFileSync('experiments/examples/studies/leader-election.yaml', 'utf8').replace('  zones: 3\n', '  zones: -3\n');
    writeFileSync(file, text);
    const line = text.split('\n').indexOf('  zones: -3') + 1;
    expect(() => loadStudyFile(file)).toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${line}:3: params\\.zones: expected`));
  });
});
