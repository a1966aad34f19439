/**
 * Kubernetes Deployment rollout math and Argo Rollouts canary, blue-green and
 * analysis rules, pure and exact on upstream vectors (package subpath
 * `ctrlsim/rollout`).
 *
 * Units: replica counts and percentages are plain numbers (`IntOrPercent`
 * values as upstream: `3` or `"25%"`); every instant and duration is integer
 * microseconds (`Micros`). An Argo analysis metric is an `AnalysisMetricSpec`
 * (not to be confused with `ctrlsim/hpa`'s `MetricSpec`).
 */
export * from './abort.js';
export * from './analysis-metric.js';
export * from './analysis-phase.js';
export * from './basic-canary.js';
export * from './blue-green-promotion.js';
export * from './canary-limits.js';
export * from './canary-readiness.js';
export * from './canary-spec.js';
export * from './canary-step-outcome.js';
export * from './canary-steps.js';
export * from './deployment-limits.js';
export * from './deployment-progress.js';
export * from './deployment-spec.js';
export * from './errors.js';
export * from './fenceposts.js';
export * from './int-or-percent.js';
export * from './measurement-schedule.js';
export * from './measurement-tally.js';
export * from './metric-assessment.js';
export * from './pause-step.js';
export * from './proportional-scaling.js';
export * from './replica-set.js';
export * from './rolling-scale-down.js';
export * from './rolling-scale-up.js';
export * from './run-assessment.js';
export * from './scale-action.js';
export * from './scale-down-delay.js';
export * from './traffic-routed-canary.js';
export * from './weighted-split.js';
