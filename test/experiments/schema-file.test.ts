import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { experimentJsonSchema } from '../../experiments/config/experiment-schema.js';

describe('the shipped JSON Schema', () => {
  it('is exactly what the schema definition generates', () => {
    const shipped = readFileSync('experiments/examples/ctrlsim.schema.json', 'utf8');
    expect(
      shipped,
      'experiments/examples/ctrlsim.schema.json is stale; regenerate it with: npm run build && node dist/experiments/runner/cli.js schema > experiments/examples/ctrlsim.schema.json',
    ).toBe(JSON.stringify(experimentJsonSchema(), null, 2) + '\n');
  });

  it('describes the sweep section, so editors complete knobs and designs', () => {
    const schema = JSON.parse(readFileSync('experiments/examples/ctrlsim.schema.json', 'utf8')) as {
      properties: { sweep: { properties: Record<string, unknown> } };
    };
    expect(Object.keys(schema.properties.sweep.properties)).toEqual(['design', 'points', 'seeds', 'knobs', 'adaptive']);
  });
});
