/**
 * Evaluating every entry of `spec.metrics` and combining the proposals
 * (upstream `computeReplicasForMetric(s)`).
 */
import type { Micros } from '../time.js';
import type { ScalingActiveReason } from './conditions.js';
import type { ReadinessTiming } from './group-pods.js';
import { objectMetricKey, type MetricSpec, type MetricsObservation } from './metric-spec.js';
import { resourceUtilizationReplicas } from './resource-replicas.js';
import { podsMetricReplicas, rawResourceReplicas } from './plain-metric-replicas.js';
import { averageValueTargetReplicas, sumExternalSeries, valueTargetReplicas } from './object-external-replicas.js';
import type { ReplicaCalcResult } from './replica-result.js';
import type { Tolerances } from './tolerances.js';
import { checkArray, checkInstant, checkObject, checkReadinessTiming, checkReplicas, checkTolerances } from './argument-checks.js';

/** Inputs of `evaluateMetric` (upstream `computeReplicasForMetric`'s parameters, with what its clients return). */
export interface EvaluateMetricInput {
  /** The entry of `spec.metrics` to evaluate (upstream names it `spec`). */
  readonly spec: MetricSpec;
  /** `spec.replicas` of the scale target. */
  readonly specReplicas: number;
  /** `status.replicas` of the scale target (pods that exist). */
  readonly statusReplicas: number;
  /** What the metrics APIs and the pod lister return this sync. */
  readonly observation: MetricsObservation;
  /** Tolerance band for this HPA. */
  readonly tolerances: Tolerances;
  /** Readiness timing from the controller config. */
  readonly timing: ReadinessTiming;
  /** Current instant. */
  readonly now: Micros;
}

/** Outcome for one metric: the proposal, or the condition reason of its failure. */
export type MetricEvaluation =
  | { readonly ok: true; readonly proposal: Extract<ReplicaCalcResult, { ok: true }>; readonly metricName: string }
  | { readonly ok: false; readonly reason: ScalingActiveReason; readonly error: string };

function failureReason(spec: MetricSpec): ScalingActiveReason {
  switch (spec.type) {
    case 'Resource':
      return 'FailedGetResourceMetric';
    case 'ContainerResource':
      return 'FailedGetContainerResourceMetric';
    case 'Pods':
      return 'FailedGetPodsMetric';
    case 'Object':
      return 'FailedGetObjectMetric';
    case 'External':
      return 'FailedGetExternalMetric';
  }
}

function describe(spec: MetricSpec): string {
  switch (spec.type) {
    case 'Resource':
      return spec.target.type === 'Utilization' ? `${spec.resource} resource utilization (percentage of request)` : `${spec.resource} resource`;
    case 'ContainerResource':
      return spec.target.type === 'Utilization' ? `${spec.resource} container resource utilization (percentage of request)` : `${spec.resource} resource`;
    case 'Pods':
      return `pods metric ${spec.metricName}`;
    case 'Object':
      return `${spec.describedObject} metric ${spec.metricName}`;
    case 'External':
      return `external metric ${spec.metricName}`;
  }
}

const KNOWN_SOURCE_TYPES: ReadonlySet<string> = new Set(['Resource', 'ContainerResource', 'Pods', 'Object', 'External']);

/** Evaluates one metric spec against the observation; an unknown `type` fails with `InvalidMetricSourceType`. */
export function evaluateMetric(input: EvaluateMetricInput): MetricEvaluation {
  const fn = 'evaluateMetric';
  checkObject(fn, 'input', input, 'spec, specReplicas, statusReplicas, observation, tolerances, timing, now');
  const { spec, observation: obs, tolerances, timing, now } = input;
  checkObject(fn, 'spec', spec, 'type, target, ...');
  checkReplicas(fn, 'specReplicas', input.specReplicas);
  checkReplicas(fn, 'statusReplicas', input.statusReplicas);
  checkObject(fn, 'observation', obs, 'pods, resourceMetrics?, podsMetrics?, objectMetrics?, externalMetrics?');
  checkArray(fn, 'observation.pods', obs.pods);
  checkTolerances(fn, 'tolerances', tolerances);
  checkReadinessTiming(fn, 'timing', timing);
  checkInstant(fn, 'now', now);
  const sizes = { specReplicas: input.specReplicas, statusReplicas: input.statusReplicas };
  let result: ReplicaCalcResult;
  if (!KNOWN_SOURCE_TYPES.has(spec.type)) {
    // The API server rejects unknown types; a raw object from a scenario file may still carry one.
    return { ok: false, reason: 'InvalidMetricSourceType', error: `unknown metric source type "${String(spec.type)}"` };
  }
  switch (spec.type) {
    case 'Resource':
    case 'ContainerResource': {
      const samples = obs.resourceMetrics?.[spec.resource] ?? [];
      const container = spec.type === 'ContainerResource' ? spec.container : undefined;
      const common = { currentReplicas: sizes.specReplicas, resource: spec.resource, tolerances, pods: obs.pods, samples, timing, now };
      result =
        spec.target.type === 'Utilization'
          ? resourceUtilizationReplicas({ ...common, targetUtilization: spec.target.averageUtilization, ...(container !== undefined ? { container } : {}) })
          : rawResourceReplicas({ ...common, targetAverage: spec.target.averageValue, ...(container !== undefined ? { container } : {}) });
      break;
    }
    case 'Pods':
      result = podsMetricReplicas({
        currentReplicas: sizes.specReplicas,
        targetAverage: spec.target.averageValue,
        metricName: spec.metricName,
        tolerances,
        pods: obs.pods,
        samples: obs.podsMetrics?.[spec.metricName] ?? [],
        timing,
        now,
      });
      break;
    case 'Object': {
      const usage = obs.objectMetrics?.[objectMetricKey(spec.describedObject, spec.metricName)];
      if (usage === undefined) {
        result = { ok: false, error: `unable to get metric ${spec.metricName}: on ${spec.describedObject}` };
      } else if (spec.target.type === 'Value') {
        result = valueTargetReplicas({ currentReplicas: sizes.specReplicas, usage, target: spec.target.value, tolerances, pods: obs.pods });
      } else {
        result = averageValueTargetReplicas({ statusReplicas: sizes.statusReplicas, usage, targetPerPod: spec.target.averageValue, tolerances });
      }
      break;
    }
    case 'External': {
      const series = obs.externalMetrics?.[spec.metricName];
      if (series === undefined || series.length === 0) {
        result = { ok: false, error: `unable to get external metric ${spec.metricName}: no metrics returned from external metrics API` };
      } else if (spec.target.type === 'Value') {
        result = valueTargetReplicas({
          currentReplicas: sizes.specReplicas,
          usage: sumExternalSeries(series),
          target: spec.target.value,
          tolerances,
          pods: obs.pods,
        });
      } else {
        result = averageValueTargetReplicas({
          statusReplicas: sizes.statusReplicas,
          usage: sumExternalSeries(series),
          targetPerPod: spec.target.averageValue,
          tolerances,
        });
      }
      break;
    }
  }
  if (!result.ok) return { ok: false, reason: failureReason(spec), error: result.error };
  return { ok: true, proposal: result, metricName: describe(spec) };
}

/** Combined outcome over all metrics. */
export type MetricsDecision =
  | {
      readonly ok: true;
      /** Max over the valid proposals. */
      readonly replicas: number;
      /** Description of the metric that won, for the rescale reason. */
      readonly metricName: string;
      /** Per-metric evaluations, in spec order. */
      readonly evaluations: readonly MetricEvaluation[];
      /** First error when some (not all) metrics failed but scaling goes on. */
      readonly partialError?: string;
    }
  | {
      readonly ok: false;
      /** ScalingActive reason of the first failed metric. */
      readonly reason: ScalingActiveReason;
      /** Error text. */
      readonly error: string;
      /** Per-metric evaluations, in spec order. */
      readonly evaluations: readonly MetricEvaluation[];
    };

/**
 * Takes the largest proposal. If every metric failed, or some failed and the
 * valid ones would scale below `specReplicas`, no decision is made: a broken
 * metric may only block a scale-down, never a scale-up.
 */
export function combineMetricEvaluations(evaluations: readonly MetricEvaluation[], specReplicas: number): MetricsDecision {
  checkArray('combineMetricEvaluations', 'evaluations', evaluations);
  checkReplicas('combineMetricEvaluations', 'specReplicas', specReplicas);
  let replicas = 0;
  let metricName = '';
  let invalid = 0;
  let firstFailure: Extract<MetricEvaluation, { ok: false }> | undefined;
  for (const e of evaluations) {
    if (!e.ok) {
      if (firstFailure === undefined) firstFailure = e;
      invalid++;
      continue;
    }
    if (replicas === 0 || e.proposal.replicas > replicas) {
      replicas = e.proposal.replicas;
      metricName = e.metricName;
    }
  }
  if (firstFailure !== undefined && (invalid >= evaluations.length || replicas < specReplicas)) {
    return {
      ok: false,
      reason: firstFailure.reason,
      error: `invalid metrics (${invalid} invalid out of ${evaluations.length}), first error is: ${firstFailure.error}`,
      evaluations,
    };
  }
  return {
    ok: true,
    replicas,
    metricName,
    evaluations,
    ...(firstFailure !== undefined
      ? { partialError: `invalid metrics (${invalid} invalid out of ${evaluations.length}), first error is: ${firstFailure.error}` }
      : {}),
  };
}
