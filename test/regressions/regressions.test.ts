/**
 * Shrunk failures that `ctrlsim explore --save-failures test/regressions/`
 * saved: each `<name>.yaml` is a plain experiment or study file, and
 * `<name>.yaml.expected.json` pins what it does (the property, when it is
 * violated, or `"expect": "holds"` once the defect is fixed). To re-bless
 * after an intended change, edit the expectation or re-run explore.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toSeconds } from '../../lib/time.js';
import type { ReproducerExpectation } from '../../experiments/explore/reproducer.js';
import { replayReproducer } from '../../experiments/explore/replay-reproducer.js';

const DIR = 'test/regressions';
const files = readdirSync(DIR)
  .filter((f) => /\.(ya?ml|json)$/.test(f) && !f.endsWith('.expected.json'))
  .sort();

describe('saved explore reproducers', () => {
  it('are there', () => expect(files.length).toBeGreaterThan(0));

  it.each(files)('%s does what its golden says', async (file) => {
    const golden = JSON.parse(readFileSync(join(DIR, `${file}.expected.json`), 'utf8')) as ReproducerExpectation;
    const violation = (await replayReproducer(join(DIR, file))).find((v) => v.property === golden.property);
    if (golden.expect === 'holds') expect(violation).toBeUndefined();
    else
      expect(violation && { property: violation.property, kind: violation.kind, at_s: toSeconds(violation.at) }).toEqual({
        property: golden.property,
        kind: golden.kind,
        at_s: golden.at_s,
      });
  });
});
