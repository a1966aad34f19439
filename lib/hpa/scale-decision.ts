/**
 * One HPA reconcile step as a pure function (upstream `reconcileAutoscaler`
 * minus the API calls): observed scale, metrics and history in; desired
 * replicas, conditions, reasons and the new history out.
 */
import type { Micros } from '../time.js';
import type { HpaControllerConfig } from './controller-config.js';
import { effectiveMetrics, effectiveMinReplicas, type HpaSpec } from './hpa-spec.js';
import type { MetricsObservation } from './metric-spec.js';
import { combineMetricEvaluations, evaluateMetric, type MetricEvaluation } from './metric-proposals.js';
import { resolveTolerances } from './tolerances.js';
import { recordInitialRecommendation, storeScaleEvent, type HpaHistory } from './scale-history.js';
import { normalizeLegacy } from './legacy-normalization.js';
import { normalizeWithBehavior } from './behavior-normalization.js';
import { resolveBehavior } from './behavior-defaults.js';
import { REASON_MESSAGES, setCondition, type HpaCondition, type ScalingActiveReason } from './conditions.js';
import type { NormalizationResult } from './normalization-result.js';
import { checkArray, checkDuration, checkInstant, checkNonNegative, checkObject, checkReplicas } from './argument-checks.js';

/** Inputs of one reconcile step. */
export interface ScaleDecisionInput {
  /** The HPA spec. */
  readonly spec: HpaSpec;
  /** `spec.replicas` of the scale target: the replica count the HPA reasons about. */
  readonly specReplicas: number;
  /** `status.replicas` of the scale target: pods that exist (used by per-pod Object/External targets). */
  readonly statusReplicas: number;
  /** What the metrics APIs and the pod lister return this sync. */
  readonly observation: MetricsObservation;
  /** History kept from previous syncs. */
  readonly history: HpaHistory;
  /** Controller-wide settings. */
  readonly config: HpaControllerConfig;
  /** Current instant. */
  readonly now: Micros;
}

/**
 * Why the step did what it did:
 * - `ScalingDisabled`: the target has 0 replicas and minReplicas > 0, the HPA stays out of it.
 * - `AboveMaxReplicas` / `BelowMinReplicas`: current count outside [min, max]; fixed without metrics.
 * - `MetricsFailed`: no usable decision from metrics; nothing changes.
 * - `Normalized`: metrics were evaluated and normalized; see `normalization`.
 */
export type ScaleDecisionPath = 'ScalingDisabled' | 'AboveMaxReplicas' | 'BelowMinReplicas' | 'MetricsFailed' | 'Normalized';

/** Output of one reconcile step. */
export interface ScaleDecision {
  /** Replicas the target should have after this step (equals `specReplicas` when not rescaling). */
  readonly desiredReplicas: number;
  /** True when the scale subresource should be updated. */
  readonly rescale: boolean;
  /** Which branch decided. */
  readonly path: ScaleDecisionPath;
  /** Upstream's rescale reason text (event message), empty when not rescaling. */
  readonly rescaleReason: string;
  /** Status conditions after this step, upstream order and reasons. */
  readonly conditions: readonly HpaCondition[];
  /** Per-metric evaluations, when metrics were evaluated. */
  readonly evaluations: readonly MetricEvaluation[];
  /** Max over metrics before normalization, when metrics were evaluated. */
  readonly metricDesiredReplicas?: number;
  /** Details of stabilization and limits, on the `Normalized` path. */
  readonly normalization?: NormalizationResult;
  /** Error to report (metrics failed, or some metrics failed while scaling went on). */
  readonly error?: string;
  /** History to keep for the next step. */
  readonly history: HpaHistory;
}

/**
 * Rejects inputs of the wrong shape before any arithmetic. Ranges the API
 * server enforces on the spec (maxReplicas >= minReplicas, metric targets)
 * are `validateHpaSpec`'s job: upstream's controller runs on whatever passed
 * the API, and its own tests feed it minReplicas 0 without a gate.
 */
function checkDecisionInput(input: ScaleDecisionInput): void {
  const fn = 'decideScale';
  checkObject(fn, 'input', input, 'spec, specReplicas, statusReplicas, observation, history, config, now');
  const { spec, history, config } = input;
  checkObject(fn, 'spec', spec, 'minReplicas?, maxReplicas, metrics, behavior?');
  if (spec.minReplicas !== undefined) checkReplicas(fn, 'spec.minReplicas', spec.minReplicas);
  checkReplicas(fn, 'spec.maxReplicas', spec.maxReplicas);
  checkArray(fn, 'spec.metrics', spec.metrics);
  if (spec.behavior !== undefined) checkObject(fn, 'spec.behavior', spec.behavior, 'scaleUp?, scaleDown?');
  checkReplicas(fn, 'specReplicas', input.specReplicas);
  checkReplicas(fn, 'statusReplicas', input.statusReplicas);
  checkObject(fn, 'observation', input.observation, 'pods, resourceMetrics?, podsMetrics?, objectMetrics?, externalMetrics?');
  checkArray(fn, 'observation.pods', input.observation.pods);
  checkObject(fn, 'history', history, 'recommendations, scaleUpEvents, scaleDownEvents');
  if (history.recommendations !== undefined) checkArray(fn, 'history.recommendations', history.recommendations);
  checkArray(fn, 'history.scaleUpEvents', history.scaleUpEvents);
  checkArray(fn, 'history.scaleDownEvents', history.scaleDownEvents);
  checkObject(fn, 'config', config, 'tolerance, cpuInitializationPeriod, delayOfInitialReadinessStatus, downscaleStabilizationWindow, ...');
  checkNonNegative(fn, 'config.tolerance', config.tolerance);
  checkDuration(fn, 'config.cpuInitializationPeriod', config.cpuInitializationPeriod);
  checkDuration(fn, 'config.delayOfInitialReadinessStatus', config.delayOfInitialReadinessStatus);
  checkDuration(fn, 'config.downscaleStabilizationWindow', config.downscaleStabilizationWindow);
  checkNonNegative(fn, 'config.scaleUpLimitFactor', config.scaleUpLimitFactor);
  checkNonNegative(fn, 'config.scaleUpLimitMinimum', config.scaleUpLimitMinimum);
  checkInstant(fn, 'now', input.now);
}

function cond(type: HpaCondition['type'], status: boolean, reason: HpaCondition['reason'], message: string): HpaCondition {
  return { type, status, reason, message };
}

/**
 * Runs one reconcile step. Order as upstream: seed recommendations on first
 * sight; disabled when the target is at zero and minReplicas > 0; jump into
 * [min, max] without metrics when outside; else evaluate metrics, take the max,
 * and normalize with the legacy or the `behavior` path. A rescale is recorded in
 * the scale-event history (only with `behavior`).
 */
export function decideScale(input: ScaleDecisionInput): ScaleDecision {
  checkDecisionInput(input);
  const { spec, specReplicas: current, config, now } = input;
  let history: HpaHistory = {
    ...input.history,
    recommendations: recordInitialRecommendation({ recommendations: input.history.recommendations, currentReplicas: current, now }),
  };
  let conditions: readonly HpaCondition[] = [cond('AbleToScale', true, 'SucceededGetScale', "the HPA controller was able to get the target's current scale")];
  const minReplicas = effectiveMinReplicas(spec);

  const finish = (
    desired: number,
    path: ScaleDecisionPath,
    rescaleReason: string,
    extra: Partial<Pick<ScaleDecision, 'evaluations' | 'metricDesiredReplicas' | 'normalization' | 'error'>>,
  ): ScaleDecision => {
    const rescale = desired !== current && path !== 'ScalingDisabled' && path !== 'MetricsFailed';
    if (rescale) {
      conditions = setCondition(
        conditions,
        cond('AbleToScale', true, 'SucceededRescale', `the HPA controller was able to update the target scale to ${desired}`),
      );
      history = storeScaleEvent({ history, behavior: spec.behavior, prevReplicas: current, newReplicas: desired, now });
    }
    return {
      desiredReplicas: rescale ? desired : current,
      rescale,
      path,
      rescaleReason: rescale ? rescaleReason : '',
      conditions,
      evaluations: extra.evaluations ?? [],
      ...(extra.metricDesiredReplicas !== undefined ? { metricDesiredReplicas: extra.metricDesiredReplicas } : {}),
      ...(extra.normalization !== undefined ? { normalization: extra.normalization } : {}),
      ...(extra.error !== undefined ? { error: extra.error } : {}),
      history,
    };
  };

  if (current === 0 && minReplicas !== 0) {
    conditions = setCondition(conditions, cond('ScalingActive', false, 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero'));
    return finish(0, 'ScalingDisabled', '', {});
  }
  if (current > spec.maxReplicas) {
    return finish(spec.maxReplicas, 'AboveMaxReplicas', 'Current number of replicas above Spec.MaxReplicas', {});
  }
  if (current < minReplicas) {
    return finish(minReplicas, 'BelowMinReplicas', 'Current number of replicas below Spec.MinReplicas', {});
  }

  const tolerances = resolveTolerances(spec.behavior, config.tolerance);
  const evaluations = effectiveMetrics(spec).map((m) =>
    evaluateMetric({ spec: m, specReplicas: current, statusReplicas: input.statusReplicas, observation: input.observation, tolerances, timing: config, now }),
  );
  const metrics = combineMetricEvaluations(evaluations, current);
  if (!metrics.ok) {
    conditions = setCondition(conditions, cond('ScalingActive', false, metrics.reason, `the HPA was unable to compute the replica count: ${metrics.error}`));
    return finish(current, 'MetricsFailed', '', { evaluations, error: metrics.error });
  }
  conditions = setCondition(
    conditions,
    cond(
      'ScalingActive',
      true,
      'ValidMetricFound' satisfies ScalingActiveReason,
      `the HPA was able to successfully calculate a replica count from ${metrics.metricName}`,
    ),
  );

  const metricDesired = Math.max(0, metrics.replicas);
  let rescaleReason = '';
  if (metricDesired > current) rescaleReason = `${metrics.metricName} above target`;
  if (metricDesired < current) rescaleReason = 'All metrics below target';

  const recommendations = history.recommendations ?? [];
  const normalization =
    spec.behavior === undefined
      ? normalizeLegacy({
          currentReplicas: current,
          prenormalizedDesiredReplicas: metricDesired,
          minReplicas,
          maxReplicas: spec.maxReplicas,
          recommendations,
          downscaleStabilizationWindow: config.downscaleStabilizationWindow,
          scaleUpLimitFactor: config.scaleUpLimitFactor,
          scaleUpLimitMinimum: config.scaleUpLimitMinimum,
          now,
        })
      : normalizeWithBehavior({
          currentReplicas: current,
          prenormalizedDesiredReplicas: metricDesired,
          minReplicas,
          maxReplicas: spec.maxReplicas,
          behavior: resolveBehavior(spec.behavior, config.downscaleStabilizationWindow),
          history,
          now,
        });
  history = { ...history, recommendations: normalization.recommendations };
  conditions = setCondition(conditions, cond('AbleToScale', true, normalization.stabilization, REASON_MESSAGES[normalization.stabilization]));
  conditions = setCondition(conditions, cond('ScalingLimited', normalization.limited, normalization.limit, REASON_MESSAGES[normalization.limit]));
  return finish(normalization.desiredReplicas, 'Normalized', rescaleReason, {
    evaluations,
    metricDesiredReplicas: metricDesired,
    normalization,
    ...(metrics.partialError !== undefined ? { error: metrics.partialError } : {}),
  });
}
