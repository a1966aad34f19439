/** The steps of a canary as the controller runs them, and how its logs name them. */
import { toSeconds } from '../../lib/time.js';
import type { PauseStep, SetCanaryScaleStep, SetWeightStep } from '../../lib/rollout/canary-spec.js';
import type { ProbeMetric } from './analysis-probe.js';

/** An analysis step with its metrics inline (Argo names templates; ctrlsim inlines them). */
export interface AnalysisStepWithMetrics {
  /** Discriminant. */
  readonly kind: 'analysis';
  /** The metrics the step's AnalysisRun measures. */
  readonly metrics: readonly ProbeMetric[];
}

/** One canary step as the controller runs it. */
export type CanaryControllerStep = SetWeightStep | PauseStep | SetCanaryScaleStep | AnalysisStepWithMetrics;

/** A short description of a step for logs: "setWeight 20", "pause 2m0s", "pause (until resumed)", "analysis (error-rate)". */
export function describeStep(step: CanaryControllerStep | undefined): string {
  if (step === undefined) return '(none)';
  switch (step.kind) {
    case 'setWeight':
      return `setWeight ${step.weight}`;
    case 'pause':
      return step.duration === undefined ? 'pause (until resumed)' : `pause ${toSeconds(step.duration)}s`;
    case 'analysis':
      return `analysis (${step.metrics.map((m) => m.name).join(', ')})`;
    case 'setCanaryScale':
      return step.matchTrafficWeight
        ? 'setCanaryScale matchTrafficWeight'
        : step.replicas !== undefined
          ? `setCanaryScale ${step.replicas} replicas`
          : `setCanaryScale ${step.weight ?? 0}%`;
  }
}
