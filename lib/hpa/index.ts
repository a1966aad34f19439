/**
 * Kubernetes HorizontalPodAutoscaler decision algorithms, pure and exact on
 * upstream vectors (package subpath `ctrlsim/hpa`).
 *
 * Units: fields that mirror the Kubernetes API keep its units and say so in
 * their names (`periodSeconds`, `stabilizationWindowSeconds`,
 * `downscaleStabilizationSeconds`); every instant (`now`, `timestamp`) and
 * every other duration is integer microseconds (`Micros`). Quantities are
 * plain numbers: CPU in millicores, utilization in percent, as upstream.
 */
export * from './tolerances.js';
export * from './controller-config.js';
export * from './pod.js';
export * from './pod-metric.js';
export * from './group-pods.js';
export * from './pod-requests.js';
export * from './usage-ratio.js';
export * from './replica-result.js';
export * from './conservative-fill.js';
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
