import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  assessMetricStatus,
  assessRun,
  DEFAULT_ERROR_RETRY_INTERVAL,
  emptyMetricResult,
  isRunTerminating,
  isWorsePhase,
  metricLimitBreach,
  metricsDue,
  nextMeasurementTime,
  recordMeasurement,
  trailingErrors,
  worstPhase,
  type AnalysisPhase,
  type Measurement,
  type MetricResult,
  type AnalysisMetricSpec,
  type RunSummary,
} from '../../lib/rollout/index.js';
import { SECOND, type Micros } from '../../lib/time.js';

function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/rollout/${name}`, import.meta.url), 'utf8')) as T;
}

/** Fixture times are seconds relative to NOW. */
const NOW: Micros = 10_000 * SECOND;
const at = (offsetSeconds: number): Micros => NOW + offsetSeconds * SECOND;

interface MetricJson {
  name: string;
  count?: number;
  intervalSeconds?: number;
  initialDelaySeconds?: number;
  failureLimit?: number;
  inconclusiveLimit?: number;
  consecutiveErrorLimit?: number;
  dryRun?: boolean;
}
interface MeasurementJson {
  phase: AnalysisPhase;
  startedAt?: number;
  finishedAt?: number;
  resumeAt?: number;
  message?: string;
}
interface ResultJson {
  name?: string;
  phase: AnalysisPhase;
  count?: number;
  successful?: number;
  failed?: number;
  inconclusive?: number;
  error?: number;
  consecutiveError?: number;
  message?: string;
  measurements?: MeasurementJson[];
}
interface Upstream {
  test: string;
  case: string;
}

interface AnalysisFixture {
  assessMetricStatus: (Upstream & { metric: MetricJson; result: ResultJson; terminating: boolean; expected: AnalysisPhase })[];
  metricLimitBreach: (Upstream & { metric: MetricJson; result: ResultJson; expected: { phase: AnalysisPhase; message: string } })[];
  assessRun: (Upstream & {
    metrics: MetricJson[];
    results: ResultJson[];
    terminate: boolean;
    apply?: { metric: string; replacesLast: boolean; measurement: MeasurementJson };
    expected: {
      phase: AnalysisPhase;
      message?: string;
      dryRunSummary?: RunSummary;
      metricPhases?: Record<string, AnalysisPhase>;
      metricMessages?: Record<string, string>;
    };
  })[];
  isWorse: { test: string; current: AnalysisPhase; next: AnalysisPhase; expected: boolean }[];
  worst: { test: string; left: AnalysisPhase; right: AnalysisPhase; expected: AnalysisPhase }[];
  isTerminating: (Upstream & { dryRun: string[]; results: Record<string, AnalysisPhase>; terminate: boolean; expected: boolean })[];
  recordMeasurement: (Upstream & { result: ResultJson; measurement: MeasurementJson; expected: { consecutiveError: number; error: number; count: number } })[];
  consecutiveErrors: (Upstream & { phases: AnalysisPhase[]; expected: number })[];
  metricsDue: (Upstream & {
    metrics: MetricJson[];
    results: ResultJson[];
    terminate: boolean;
    startedAt: number | null;
    expected: { metric: string; resume: boolean }[];
  })[];
  nextReconcileTime: (Upstream & { metrics: MetricJson[]; results: ResultJson[]; startedAt: number | null; expected: number | null })[];
}

const analysis = fixture<AnalysisFixture>('argo-analysis.json');

function metricOf(m: MetricJson): AnalysisMetricSpec {
  const spec: { -readonly [K in keyof AnalysisMetricSpec]: AnalysisMetricSpec[K] } = { name: m.name };
  if (m.count !== undefined) spec.count = m.count;
  if (m.intervalSeconds !== undefined) spec.interval = m.intervalSeconds * SECOND;
  if (m.initialDelaySeconds !== undefined) spec.initialDelay = m.initialDelaySeconds * SECOND;
  if (m.failureLimit !== undefined) spec.failureLimit = m.failureLimit;
  if (m.inconclusiveLimit !== undefined) spec.inconclusiveLimit = m.inconclusiveLimit;
  if (m.consecutiveErrorLimit !== undefined) spec.consecutiveErrorLimit = m.consecutiveErrorLimit;
  if (m.dryRun !== undefined) spec.dryRun = m.dryRun;
  return spec;
}

function measurementOf(m: MeasurementJson): Measurement {
  return {
    phase: m.phase,
    ...(m.startedAt === undefined ? {} : { startedAt: at(m.startedAt) }),
    ...(m.finishedAt === undefined ? {} : { finishedAt: at(m.finishedAt) }),
    ...(m.resumeAt === undefined ? {} : { resumeAt: at(m.resumeAt) }),
    ...(m.message === undefined ? {} : { message: m.message }),
  };
}

function resultOf(r: ResultJson): MetricResult {
  return {
    ...emptyMetricResult(r.name ?? ''),
    phase: r.phase,
    count: r.count ?? 0,
    successful: r.successful ?? 0,
    failed: r.failed ?? 0,
    inconclusive: r.inconclusive ?? 0,
    error: r.error ?? 0,
    consecutiveError: r.consecutiveError ?? 0,
    measurements: (r.measurements ?? []).map(measurementOf),
    ...(r.message === undefined ? {} : { message: r.message }),
  };
}

describe('Argo metric assessment (upstream vectors)', () => {
  it.each(analysis.assessMetricStatus)('$test: $case is $expected', (c) => {
    expect(assessMetricStatus(metricOf(c.metric), resultOf(c.result), c.terminating)).toBe(c.expected);
  });

  it.each(analysis.metricLimitBreach)('$test: $case', (c) => {
    expect(metricLimitBreach(metricOf(c.metric), resultOf(c.result))).toEqual(c.expected);
  });

  it.each(analysis.recordMeasurement)('$test: $case', (c) => {
    const result = recordMeasurement(resultOf(c.result), measurementOf(c.measurement));
    expect({ consecutiveError: result.consecutiveError, error: result.error, count: result.count }).toEqual(c.expected);
  });

  it.each(analysis.consecutiveErrors)('$test: $case', (c) => {
    expect(trailingErrors(c.phases.map((phase) => ({ phase })))).toBe(c.expected);
  });
});

describe('Argo run assessment (upstream vectors)', () => {
  it.each(analysis.assessRun)('$test: $case', (c) => {
    const metrics = c.metrics.map(metricOf);
    let results = c.results.map(resultOf);
    if (c.apply !== undefined) {
      const { metric, replacesLast, measurement } = c.apply;
      const existing = results.find((r) => r.name === metric);
      const updated = recordMeasurement(existing ?? emptyMetricResult(metric), measurementOf(measurement), replacesLast);
      results = existing === undefined ? [...results, updated] : results.map((r) => (r.name === metric ? updated : r));
    }
    const outcome = assessRun(metrics, results, c.terminate);
    expect(outcome.phase).toBe(c.expected.phase);
    if (c.expected.message !== undefined) expect(outcome.message).toBe(c.expected.message);
    if (c.expected.dryRunSummary !== undefined) expect(outcome.dryRunSummary).toEqual(c.expected.dryRunSummary);
    for (const [name, phase] of Object.entries(c.expected.metricPhases ?? {})) {
      expect(outcome.results.find((r) => r.name === name)?.phase).toBe(phase);
    }
    for (const [name, message] of Object.entries(c.expected.metricMessages ?? {})) {
      expect(outcome.results.find((r) => r.name === name)?.message).toBe(message);
    }
  });

  it.each(analysis.isWorse)('$test: $next is worse than $current: $expected', (c) => {
    expect(isWorsePhase(c.current, c.next)).toBe(c.expected);
  });

  it.each(analysis.worst)('$test: worst of $left and $right is $expected', (c) => {
    expect(worstPhase(c.left, c.right)).toBe(c.expected);
  });

  it.each(analysis.isTerminating)('$test: $case', (c) => {
    const names = Object.keys(c.results);
    const metrics = names.map((name) => ({ name, dryRun: c.dryRun.includes(name) }));
    const results = names.map((name) => ({ ...emptyMetricResult(name), phase: c.results[name]! }));
    expect(isRunTerminating(c.terminate, metrics, results)).toBe(c.expected);
  });
});

describe('Argo measurement schedule (upstream vectors)', () => {
  it.each(analysis.metricsDue)('$test: $case', (c) => {
    const run = {
      metrics: c.metrics.map(metricOf),
      results: c.results.map(resultOf),
      terminate: c.terminate,
      ...(c.startedAt === null ? {} : { startedAt: at(c.startedAt) }),
    };
    const due = metricsDue(run, NOW).map((t) => ({ metric: t.metric.name, resume: t.resume !== undefined }));
    expect(due).toEqual(c.expected);
  });

  it.each(analysis.nextReconcileTime)('$test: $case', (c) => {
    const run = {
      metrics: c.metrics.map(metricOf),
      results: c.results.map(resultOf),
      terminate: false,
      ...(c.startedAt === null ? {} : { startedAt: at(c.startedAt) }),
    };
    expect(nextMeasurementTime(run, NOW)).toBe(c.expected === null ? undefined : at(c.expected));
  });
});

describe('Argo analysis (behaviour)', () => {
  const metric: AnalysisMetricSpec = { name: 'error-rate', interval: 30 * SECOND, count: 5, failureLimit: 1 };

  function measure(result: MetricResult, phase: AnalysisPhase): MetricResult {
    return recordMeasurement(result, { phase, startedAt: NOW, finishedAt: NOW });
  }

  it('tolerates failures up to failureLimit and fails the metric on the next one', () => {
    let result = measure(emptyMetricResult('error-rate'), 'Failed');
    expect(assessMetricStatus(metric, result, false)).toBe('Running');
    result = measure(result, 'Failed');
    expect(assessMetricStatus(metric, result, false)).toBe('Failed');
  });

  it('succeeds once count measurements are in, even with failures under the limit', () => {
    let result = emptyMetricResult('error-rate');
    for (const phase of ['Successful', 'Failed', 'Successful', 'Successful', 'Successful'] as const) result = measure(result, phase);
    expect(assessMetricStatus(metric, result, false)).toBe('Successful');
  });

  it('does not count errors toward count, and errors the metric after more than 4 in a row', () => {
    let result = emptyMetricResult('error-rate');
    for (let i = 0; i < 4; i++) result = measure(result, 'Error');
    expect([result.count, assessMetricStatus(metric, result, false)]).toEqual([0, 'Running']);
    result = measure(result, 'Error');
    expect(assessMetricStatus(metric, result, false)).toBe('Error');
  });

  it('resets the consecutive-error streak on any completed non-error measurement', () => {
    let result = emptyMetricResult('error-rate');
    for (let i = 0; i < 4; i++) result = measure(result, 'Error');
    result = measure(result, 'Inconclusive');
    expect(result.consecutiveError).toBe(0);
  });

  it('reports Error over Inconclusive over Failed when several limits break at once', () => {
    const result = { ...emptyMetricResult('m'), failed: 1, inconclusive: 1, consecutiveError: 5, measurements: [{ phase: 'Error' as const }] };
    expect(metricLimitBreach({ name: 'm' }, result)?.phase).toBe('Error');
    expect(metricLimitBreach({ name: 'm', consecutiveErrorLimit: 9 }, result)?.phase).toBe('Inconclusive');
  });

  it('ranks a Failed metric worse than an Errored one when combining a run', () => {
    const metrics = [{ name: 'a' }, { name: 'b' }];
    const results = [
      { ...emptyMetricResult('a'), phase: 'Error' as const },
      { ...emptyMetricResult('b'), phase: 'Failed' as const },
    ];
    expect(assessRun(metrics, results, false).phase).toBe('Failed');
  });

  it('measures again strictly after the interval, and retries an error after 10 s whatever the interval', () => {
    const done = measure(emptyMetricResult('error-rate'), 'Successful');
    const run = { metrics: [metric], results: [done], terminate: false };
    expect(metricsDue(run, NOW + 30 * SECOND)).toEqual([]);
    expect(metricsDue(run, NOW + 30 * SECOND + 1)).toHaveLength(1);
    const errored = { ...run, results: [measure(emptyMetricResult('error-rate'), 'Error')] };
    expect(nextMeasurementTime(errored, NOW)).toBe(NOW + DEFAULT_ERROR_RETRY_INTERVAL);
  });
});
