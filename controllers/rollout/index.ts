// Rollout controllers: rolling update, canary and blue-green over the
// rollout math in controllers/rollout, and their metrics. Re-exports only.
export * from './analysis-probe.js';
export * from './analysis-run.js';
export * from './blue-green-controller.js';
export * from './canary-controller.js';
export type { BackgroundAnalysis, CanaryControllerOptions } from './canary-options.js';
export type { CanaryPhase, CanaryStatusView } from './canary-status.js';
export type { AnalysisStepWithMetrics, CanaryControllerStep } from './canary-controller-steps.js';
export { describeStep } from './canary-controller-steps.js';
export * from './canary-traffic.js';
export * from './rolling-update-controller.js';
export * from './rollout-events.js';
export * from './rollout-recorder.js';
export * from './summary-metrics.js';
export * from './traffic-weights.js';
export * from './version-sets.js';
