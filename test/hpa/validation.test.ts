import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateBehavior, validateHpaSpec, type HpaSpec } from '../../lib/hpa/index.js';

interface ValidationCase {
  test: string;
  source: string;
  spec: HpaSpec;
  expectedErrors: { field: string; contains: string }[];
}

const { cases } = JSON.parse(readFileSync(new URL('../fixtures/hpa/validation.json', import.meta.url), 'utf8')) as { cases: ValidationCase[] };

describe('spec validation', () => {
  it.each(cases.map((c) => [c.test, c] as const))('%s', (_name, c) => {
    const errors = validateHpaSpec(c.spec);
    expect(errors.map((e) => e.field)).toEqual(c.expectedErrors.map((e) => e.field));
    c.expectedErrors.forEach((want, i) => expect(errors[i]?.message).toContain(want.contains));
  });

  it('names the field, the expected form and the value with its type', () => {
    const [err] = validateBehavior({ scaleUp: { policies: [{ type: 'Percent', value: 0, periodSeconds: 15 }] } });
    expect(err).toEqual({
      field: 'spec.behavior.scaleUp.policies[0].value',
      expected: 'an integer greater than zero',
      received: 0,
      message: 'spec.behavior.scaleUp.policies[0].value: must be an integer greater than zero; got 0 (number)',
    });
  });

  it('accepts minReplicas 0 with an External metric when scale-to-zero is enabled', () => {
    const spec: HpaSpec = {
      minReplicas: 0,
      maxReplicas: 3,
      metrics: [{ type: 'External', metricName: 'queue', target: { type: 'AverageValue', averageValue: 5000 } }],
    };
    expect(validateHpaSpec(spec, { allowScaleToZero: true })).toEqual([]);
    expect(
      validateHpaSpec(
        { ...spec, metrics: [{ type: 'Resource', resource: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } }] },
        { allowScaleToZero: true },
      ).map((e) => e.field),
    ).toEqual(['spec.metrics']);
  });
});
