import { describe, expect, it } from 'vitest';
import { StridedRows } from '../../experiments/runner/run-experiment.js';

describe('rows kept for charts', () => {
  // Regression: striding the interleaved rows of two services by 2 kept only the first service.
  it('keep every service when the stride is a multiple of the number of services', () => {
    const sink = new StridedRows(100, 50); // stride 2
    for (let t = 0; t < 100; t++) for (const service of ['api', 'web']) sink.write({ time_s: t, service });
    const services = new Set(sink.rows.map((r) => r['service']));
    expect(services).toEqual(new Set(['api', 'web']));
    expect(sink.rows.filter((r) => r['service'] === 'web')).toHaveLength(50);
  });

  it('keep every row when the series is shorter than the limit', () => {
    const sink = new StridedRows(10, 2000);
    for (let t = 0; t < 10; t++) sink.write({ time_s: t, service: 'web' });
    expect(sink.rows).toHaveLength(10);
  });
});
