import { describe, expect, it } from 'vitest';
import { TerminalError, TransientError } from '../../controllers/port/errors.js';
import { PrometheusSource } from '../../experiments/live/prometheus-source.js';

const SPEC = {
  kind: 'prometheus' as const,
  url: 'http://prom:9090/',
  instanceLabel: 'pod',
  queries: { web: { rps: 'sum(rate(x[1m]))', cpu_utilization: 'sum by (pod) (rate(busy[1m]))' } },
};

/** A fetch that answers each query from a table, recording the URLs asked. */
function fetcher(answer: (query: string) => { status: number; body: unknown } | Error) {
  const asked: string[] = [];
  const f = (async (url: string) => {
    asked.push(url);
    const q = new URL(url).searchParams.get('query')!;
    const a = answer(q);
    if (a instanceof Error) throw a;
    return new Response(typeof a.body === 'string' ? a.body : JSON.stringify(a.body), { status: a.status });
  }) as unknown as typeof fetch;
  return { f, asked };
}

const vector = (...series: Array<[Record<string, string>, string]>) => ({
  status: 'success',
  data: { resultType: 'vector', result: series.map(([metric, v]) => ({ metric, value: [1700000000.5, v] })) },
});

describe('observations from the Prometheus HTTP API', () => {
  it('maps a series without the instance label to a service metric and labelled ones to instances', async () => {
    const { f, asked } = fetcher((q) => ({
      status: 200,
      body: q.startsWith('sum by') ? vector([{ pod: 'web-0' }, '0.5'], [{ pod: 'web-1' }, '0.7']) : vector([{}, '42']),
    }));
    const m = await new PrometheusSource(SPEC, f).observe('web', 9_000_000);
    expect(m.metrics).toEqual({ rps: { name: 'rps', value: 42, measuredAt: 9_000_000 } });
    expect(m.instanceMetrics).toEqual({
      'web-0': { cpu_utilization: { name: 'cpu_utilization', value: 0.5, measuredAt: 9_000_000 } },
      'web-1': { cpu_utilization: { name: 'cpu_utilization', value: 0.7, measuredAt: 9_000_000 } },
    });
    expect(asked.every((u) => u.startsWith('http://prom:9090/api/v1/query?query='))).toBe(true);
  });

  it('drops NaN results (a rate over an empty window), so controllers see a missing metric, not a number', async () => {
    const { f } = fetcher(() => ({ status: 200, body: vector([{}, 'NaN']) }));
    expect((await new PrometheusSource(SPEC, f).observe('web', 0)).metrics).toEqual({});
  });

  it('treats an unreachable server, a 5xx and a 429 as transient', async () => {
    await expect(new PrometheusSource(SPEC, fetcher(() => new TypeError('fetch failed')).f).query('up')).rejects.toThrow(TransientError);
    await expect(new PrometheusSource(SPEC, fetcher(() => ({ status: 503, body: 'overloaded' })).f).query('up')).rejects.toThrow(TransientError);
    await expect(new PrometheusSource(SPEC, fetcher(() => ({ status: 429, body: 'slow down' })).f).query('up')).rejects.toThrow(TransientError);
  });

  it('treats a malformed query and a forbidden answer as terminal, quoting the query', async () => {
    const bad = fetcher(() => ({ status: 400, body: { status: 'error', errorType: 'bad_data', error: 'parse error at char 5' } }));
    await expect(new PrometheusSource(SPEC, bad.f).query('sum(')).rejects.toThrow(/refused "sum\(" \(400\): parse error at char 5/);
    await expect(new PrometheusSource(SPEC, fetcher(() => ({ status: 403, body: 'forbidden' })).f).query('up')).rejects.toThrow(TerminalError);
  });

  it('refuses a range result, which an instant query never gives', async () => {
    const { f } = fetcher(() => ({ status: 200, body: { status: 'success', data: { resultType: 'matrix', result: [] } } }));
    await expect(new PrometheusSource(SPEC, f).query('x[1m]')).rejects.toThrow(/matrix result/);
  });
});
