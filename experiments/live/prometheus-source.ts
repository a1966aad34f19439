import { TerminalError, TransientError } from '../../controllers/port/errors.js';
import type { MetricSample } from '../../controllers/port/observations.js';
import type { Micros } from '../../lib/time.js';
import type { LiveSpec } from '../config/live-schema.js';
import { LIVE_METRICS } from '../config/live-schema.js';

/** One series of an instant-query result: its labels, the sample's time (s since epoch) and value. */
export interface PromSeries {
  /** Label set of the series. */
  readonly labels: Readonly<Record<string, string>>;
  /** Evaluation timestamp, seconds since the epoch. */
  readonly at: number;
  /** The value (NaN and ±Inf kept as Prometheus sent them). */
  readonly value: number;
}

/** A service's metrics as one observation delivers them. */
export interface ServiceMetrics {
  /** Service-level samples by metric name. */
  readonly metrics: Record<string, MetricSample>;
  /** Per-instance samples by instance id then metric name. */
  readonly instanceMetrics: Record<string, Record<string, MetricSample>>;
}

type PrometheusSpec = Extract<LiveSpec['observe'], { kind: 'prometheus' }>;

/**
 * Observations from the Prometheus HTTP API: each configured PromQL
 * expression is one instant query (`GET /api/v1/query`), and its result is
 * mapped onto the names controllers read (`rps`, `cpu_utilization`,
 * `latency_ms`, `error_rate`). A series carrying the instance label
 * (`instanceLabel`, default `pod`) becomes a per-instance metric of that
 * instance; a series without it, a service metric.
 *
 * Failures carry the port's tiers: an unreachable server, a 5xx or a 429 is
 * a `TransientError`; a 4xx (a malformed query, 401, 403) or an error body
 * from the query engine is a `TerminalError`, since asking again will not
 * fix it. Timeouts are the caller's (the loop aborts `signal`).
 */
export class PrometheusSource {
  constructor(
    private readonly spec: PrometheusSpec,
    /** The fetch to use (the platform's; tests may inject one). */
    private readonly fetcher: typeof fetch = fetch,
  ) {}

  /** Runs one instant query and returns its series (a scalar result is one series without labels). */
  async query(expr: string, signal?: AbortSignal): Promise<PromSeries[]> {
    const url = `${this.spec.url.replace(/\/$/, '')}/api/v1/query?query=${encodeURIComponent(expr)}`;
    let res: Response;
    try {
      res = await this.fetcher(url, signal ? { signal } : {});
    } catch (e) {
      throw new TransientError(`prometheus at ${this.spec.url} unreachable: ${(e as Error).message}`);
    }
    const text = await res.text().catch((e: Error) => {
      throw new TransientError(`prometheus answer cut short: ${e.message}`);
    });
    if (res.status >= 500 || res.status === 429)
      throw new TransientError(`prometheus answered ${res.status} to ${JSON.stringify(expr)}: ${text.slice(0, 200)}`);
    let body: { status?: string; error?: string; data?: { resultType?: string; result?: unknown } };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new TerminalError(`prometheus answered ${res.status} with a body that is not JSON: ${text.slice(0, 200)}`);
    }
    if (res.status >= 400 || body.status !== 'success')
      throw new TerminalError(`prometheus refused ${JSON.stringify(expr)} (${res.status}): ${body.error ?? text.slice(0, 200)}`);
    return seriesOf(body.data?.resultType, body.data?.result);
  }

  /** Queries every configured metric of `service` and maps the results; `now` stamps the samples. */
  async observe(service: string, now: Micros, signal?: AbortSignal): Promise<ServiceMetrics> {
    const queries: Partial<Record<(typeof LIVE_METRICS)[number], string>> = this.spec.queries[service] ?? {};
    const metrics: Record<string, MetricSample> = {};
    const instanceMetrics: Record<string, Record<string, MetricSample>> = {};
    // The queries go out together; results are mapped in the fixed metric order.
    const asked = LIVE_METRICS.flatMap((name) => (queries[name] === undefined ? [] : [[name, queries[name]!] as const]));
    const answers = await Promise.all(asked.map(([, expr]) => this.query(expr, signal)));
    for (const [k, [name]] of asked.entries()) {
      for (const s of answers[k]!) {
        if (!Number.isFinite(s.value)) continue;
        // Prometheus stamps an instant query with its evaluation time; the loop's `now` is the same instant on the loop's clock.
        const sample: MetricSample = { name, value: s.value, measuredAt: now };
        const instance = s.labels[this.spec.instanceLabel];
        if (instance === undefined) metrics[name] = sample;
        else (instanceMetrics[instance] ??= {})[name] = sample;
      }
    }
    return { metrics, instanceMetrics };
  }
}

/** Reads an instant query's result into series; anything else is a `TerminalError`. */
function seriesOf(type: string | undefined, result: unknown): PromSeries[] {
  if (type === 'scalar') {
    const [at, v] = result as [number, string];
    return [{ labels: {}, at, value: Number(v) }];
  }
  if (type !== 'vector' || !Array.isArray(result))
    throw new TerminalError(`prometheus returned a ${type ?? 'missing'} result; an instant query must give a vector or a scalar`);
  return (result as Array<{ metric: Record<string, string>; value: [number, string] }>).map((r) => ({
    labels: r.metric,
    at: r.value[0],
    value: Number(r.value[1]),
  }));
}
