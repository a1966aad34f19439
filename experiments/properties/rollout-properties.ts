/**
 * The properties the rollout family (rolling-update, canary, blue-green)
 * ships. They read the decisions the rollout controllers log
 * (controllers/rollout/rollout-events.ts) and the service's
 * `served_by_version` column, so checking them changes no output.
 */
import type { Micros } from '../../lib/time.js';
import { MINUTE, SECOND } from '../../lib/time.js';
import type { PropertyContext, PropertyViolation, RunProperty } from '../../sim/properties/property.js';
import type { Row } from '../../sim/world/timeseries-sampler.js';
import type { Experiment } from '../config/experiment-schema.js';
import { healedBy, rowTime, secs } from './stretch.js';

type Spec = Experiment['controllers'][string];
type RolloutSpec = Extract<Spec, { kind: 'rolling-update' | 'canary' | 'blue-green' }>;
type Metric = {
  readonly name: string;
  readonly failureLimit: number;
  readonly dryRun: boolean;
  readonly initialDelay?: Micros | undefined;
  readonly interval?: Micros | undefined;
  readonly count?: number | undefined;
};

/** Argo Rollouts' default progressDeadlineSeconds: the allowance for scaling a canary or blue-green rollout's replica sets. */
const ROLLOUT_SCALING_ALLOWANCE: Micros = 10 * MINUTE;

/** Allowance, beyond two syncs and the service's drainTime, for requests queued on the failed version to finish. */
const QUEUED_REQUESTS_ALLOWANCE: Micros = 30 * SECOND;

/** Whether a controller spec is one of the rollout family. */
export function isRollout(spec: Spec): spec is RolloutSpec {
  return spec.kind === 'rolling-update' || spec.kind === 'canary' || spec.kind === 'blue-green';
}

/**
 * How long a rollout's new version may keep serving once its analysis
 * failed: a sync to notice, a sync for the API, the service's drainTime
 * for requests in flight, and `QUEUED_REQUESTS_ALLOWANCE` for queued ones.
 */
function abortDeadline(spec: RolloutSpec, exp: Experiment): Micros {
  const drain = exp.services.find((s) => s.name === spec.service)?.drainTime ?? 0;
  return 2 * spec.syncPeriod + drain + QUEUED_REQUESTS_ALLOWANCE;
}

/** The longest an analysis with these metrics runs: initialDelay + count × interval of its slowest metric; undefined when one runs until stopped. */
function analysisLength(metrics: readonly Metric[]): Micros | undefined {
  let longest = 0;
  for (const m of metrics) {
    if (m.interval !== undefined && !m.count) return undefined;
    longest = Math.max(longest, (m.initialDelay ?? 0) + (m.count || 1) * (m.interval ?? 0));
  }
  return longest;
}

/** Replicas of a maxSurge/maxUnavailable value over `replicas` (percentages rounded up for surge, down for unavailable, as Kubernetes does). */
function resolve(v: number | string, replicas: number, up: boolean): number {
  if (typeof v === 'number') return v;
  const exact = (Number.parseInt(v, 10) * replicas) / 100;
  return up ? Math.ceil(exact) : Math.floor(exact);
}

/**
 * How soon a rollout must complete or abort after it starts (or after the
 * faults active while it runs heal); undefined when it may wait forever (an
 * indefinite pause, or promotion left to nobody):
 * - rolling-update: progressDeadlineSeconds for every batch of maxSurge +
 *   maxUnavailable replicas (Kubernetes calls a batch stuck after that long);
 * - canary: its pauses and step analyses, plus `ROLLOUT_SCALING_ALLOWANCE`;
 * - blue-green: the promotion wait, both analyses and scaleDownDelaySeconds,
 *   plus `ROLLOUT_SCALING_ALLOWANCE`.
 */
function rolloutBound(spec: RolloutSpec, exp: Experiment): Micros | undefined {
  switch (spec.kind) {
    case 'rolling-update': {
      const replicas = spec.replicas ?? exp.services.find((s) => s.name === spec.service)?.initialReplicas ?? 1;
      const batch = Math.max(1, resolve(spec.maxSurge, replicas, true) + resolve(spec.maxUnavailable, replicas, false));
      return Math.max(1, Math.ceil(replicas / batch)) * spec.progressDeadlineSeconds * SECOND;
    }
    case 'canary': {
      let total = ROLLOUT_SCALING_ALLOWANCE;
      for (const step of spec.steps) {
        if (step.pause) {
          const wait = step.pause.duration ?? spec.operatorResumeAfter;
          if (wait === undefined) return undefined;
          total += wait;
        }
        if (step.analysis) {
          const length = analysisLength(step.analysis.metrics);
          if (length === undefined) return undefined;
          total += length;
        }
      }
      return total;
    }
    case 'blue-green': {
      const promote = spec.autoPromotionEnabled ? spec.autoPromotionSeconds * SECOND : spec.operatorPromoteAfter;
      if (promote === undefined) return undefined;
      const pre = spec.prePromotionAnalysis ? analysisLength(spec.prePromotionAnalysis.metrics) : 0;
      const post = spec.postPromotionAnalysis ? analysisLength(spec.postPromotionAnalysis.metrics) : 0;
      if (pre === undefined || post === undefined) return undefined;
      return promote + pre + post + spec.scaleDownDelaySeconds * SECOND + ROLLOUT_SCALING_ALLOWANCE;
    }
  }
}

/** Every analysis metric of a rollout, by the label its measurements carry ("background", "pre-promotion", "post-promotion", or a step's). */
function analysisMetrics(spec: RolloutSpec): Array<{ readonly label: string; readonly metric: Metric }> {
  const out: Array<{ label: string; metric: Metric }> = [];
  if (spec.kind === 'canary') {
    for (const m of spec.analysis?.metrics ?? []) out.push({ label: 'background', metric: m });
    for (const step of spec.steps) for (const m of step.analysis?.metrics ?? []) out.push({ label: '', metric: m });
  }
  if (spec.kind === 'blue-green') {
    for (const m of spec.prePromotionAnalysis?.metrics ?? []) out.push({ label: 'pre-promotion', metric: m });
    for (const m of spec.postPromotionAnalysis?.metrics ?? []) out.push({ label: 'post-promotion', metric: m });
  }
  return out;
}

/** Requests `version` served in a time-series row (its `served_by_version` cell, `v1:120;v2:30`). */
function servedBy(row: Row, version: string): number {
  for (const pair of String(row['served_by_version'] ?? '').split(';')) {
    const i = pair.lastIndexOf(':');
    if (i > 0 && pair.slice(0, i) === version) return Number(pair.slice(i + 1));
  }
  return 0;
}

/**
 * Safety: once a rollout's analysis failed (a metric's Failed measurements
 * exceeded its failureLimit within one analysis run, or the controller
 * aborted on an analysis verdict), the new version serves no request after
 * `deadline`: a sample window that starts past the deadline shows none
 * served by it. Measurements are counted here rather than trusted to the
 * controller, so a controller that ignores a failed analysis is caught.
 */
function abortsFailedVersion(controller: string, spec: RolloutSpec, deadline: Micros, sampleEvery: Micros): RunProperty {
  const name = `${controller}.stops-serving-failed-version`;
  const metrics = analysisMetrics(spec);
  const limitOf = (label: string, metric: string): number => {
    const m = metrics.find((x) => x.metric.name === metric && x.label !== '' && label.startsWith(x.label)) ?? metrics.find((x) => x.metric.name === metric);
    return !m || m.metric.dryRun ? Number.POSITIVE_INFINITY : m.metric.failureLimit;
  };
  const failed = new Map<string, number>();
  let failedAt: Micros | undefined;
  let why = '';
  return {
    name,
    kind: 'safety',
    description: `once ${controller}'s analysis of ${spec.version} failed, ${spec.version} serves no request more than ${secs(deadline)} later`,
    onEvent(row: Row) {
      if (row['controller'] !== controller || row['type'] !== 'decision') return undefined;
      const t = rowTime(row);
      const reason = String(row['reason'] ?? '');
      switch (row['action']) {
        case 'rollout-started':
          failed.clear();
          failedAt = undefined;
          return undefined;
        case 'analysis-started': {
          const label = reason.slice(0, reason.indexOf(':'));
          for (const k of [...failed.keys()]) if (k.startsWith(`${label}|`)) failed.delete(k);
          return undefined;
        }
        case 'measurement': {
          // "<label>: <metric>: <value> → <Phase>"
          const m = /^(.*?): ([^:]+): .*→ (\w+)$/.exec(reason);
          if (m?.[3] !== 'Failed') return undefined;
          const key = `${m[1]!}|${m[2]!}`;
          const n = (failed.get(key) ?? 0) + 1;
          failed.set(key, n);
          if (failedAt === undefined && n > limitOf(m[1]!, m[2]!)) {
            failedAt = t;
            why = `${m[1]!}: ${m[2]!} failed ${n} times, over its failureLimit ${limitOf(m[1]!, m[2]!)}`;
          }
          return undefined;
        }
        case 'rollout-aborted':
          if (failedAt === undefined && reason.includes('analysis')) {
            failedAt = t;
            why = reason;
          }
          return undefined;
        default:
          return undefined;
      }
    },
    onSample(row: Row) {
      if (failedAt === undefined || row['service'] !== spec.service) return undefined;
      const t = rowTime(row);
      if (t - sampleEvery < failedAt + deadline) return undefined;
      const served = servedBy(row, spec.version);
      if (!(served > 0)) return undefined;
      return {
        property: name,
        kind: 'safety',
        at: t,
        explanation: `${spec.version} served ${served} requests of ${spec.service} in the ${secs(sampleEvery)} to ${secs(t)}, more than ${secs(deadline)} after its analysis failed at ${secs(failedAt)} (${why})`,
      };
    },
  };
}

/**
 * Liveness: a rollout that started completes or aborts within `within` of
 * the later of its start and the healing of every fault active while it
 * runs. Checked on every row and at the end of the run.
 */
function rolloutSettles(controller: string, within: Micros): RunProperty {
  const name = `${controller}.rollout-settles`;
  let startedAt: Micros | undefined;
  const late = (t: Micros, ctx: PropertyContext): PropertyViolation | undefined => {
    if (startedAt === undefined) return undefined;
    const from = healedBy(ctx.faults, startedAt, t);
    const deadline = from + within;
    if (t <= deadline) return undefined;
    const since = startedAt;
    startedAt = undefined;
    return {
      property: name,
      kind: 'liveness',
      at: deadline,
      explanation: `${controller}'s rollout started at ${secs(since)} and had neither completed nor aborted ${secs(within)} after ${from === since ? 'it started' : `the faults healed (${secs(from)})`}`,
    };
  };
  return {
    name,
    kind: 'liveness',
    description: `${controller}'s rollout completes or aborts within ${secs(within)} after it starts or faults heal`,
    onEvent(row: Row, ctx) {
      const t = rowTime(row);
      if (row['controller'] !== controller || row['type'] !== 'decision') return late(t, ctx);
      if (row['action'] === 'rollout-started') {
        startedAt ??= t;
        return undefined;
      }
      if (row['action'] === 'rollout-completed' || row['action'] === 'rollout-aborted') {
        const v = late(t, ctx);
        startedAt = undefined;
        return v;
      }
      return late(t, ctx);
    },
    onSample(row: Row, ctx) {
      return late(rowTime(row), ctx);
    },
    finish(_metrics, ctx) {
      return late(ctx.horizon, ctx);
    },
  };
}

/** The rollout family's properties for one controller, in that order: safety (when it runs an analysis), then liveness (when it cannot wait forever). */
export function rolloutProperties(controller: string, spec: RolloutSpec, exp: Experiment): RunProperty[] {
  const out: RunProperty[] = [];
  if (analysisMetrics(spec).length > 0) out.push(abortsFailedVersion(controller, spec, abortDeadline(spec, exp), exp.sampleEvery));
  const bound = rolloutBound(spec, exp);
  if (bound !== undefined) out.push(rolloutSettles(controller, bound));
  return out;
}
