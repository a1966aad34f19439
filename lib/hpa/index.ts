/**
 * Kubernetes HorizontalPodAutoscaler decision algorithms, pure and exact on
 * upstream vectors (package subpath `ctrlsim/hpa`).
 *
 * Units: every instant (`now`, `timestamp`, `startTime`) and every duration
 * is integer microseconds (`Micros`), including the controller flags
 * (`cpuInitializationPeriod`, `delayOfInitialReadinessStatus`,
 * `downscaleStabilizationWindow`). The one exception is a field that mirrors
 * an autoscaling/v2 API field in seconds: it keeps the API's unit and name,
 * which ends in `Seconds` (`periodSeconds`, `stabilizationWindowSeconds`);
 * nothing else is in seconds. Quantities are integer milli-units (cpu "1.0" =
 * 1000), utilization is a percentage of the request, as upstream.
 *
 * Call style: a function of one or two parameters takes them positionally
 * (`isWithinTolerance(usageRatio, tolerances)`); a function of more takes one
 * object whose fields carry upstream's parameter names
 * (`scaleUpLimit({ currentReplicas, scaleUpEvents, scaleDownEvents, scalingRules, now })`).
 *
 * Every function here checks its arguments: a wrong type throws a TypeError
 * and a value out of range a RangeError, naming the function, the argument,
 * what it accepts and what it got. An invalid HPA *spec* is not an exception:
 * `validateHpaSpec` returns every finding, as the API server would.
 */
export * from './tolerances.js';
export * from './controller-config.js';
export * from './pod.js';
export * from './pod-metric.js';
export * from './group-pods.js';
export * from './pod-requests.js';
export * from './usage-ratio.js';
export * from './replica-result.js';
export * from './resource-replicas.js';
export * from './plain-metric-replicas.js';
export * from './object-external-replicas.js';
export * from './metric-spec.js';
export * from './metric-proposals.js';
export * from './behavior.js';
export * from './behavior-defaults.js';
export * from './scale-history.js';
export * from './conditions.js';
export * from './normalization-result.js';
export * from './legacy-normalization.js';
export * from './stabilization.js';
export * from './rate-limits.js';
export * from './behavior-normalization.js';
export * from './hpa-spec.js';
export * from './scale-decision.js';
export * from './validation.js';
