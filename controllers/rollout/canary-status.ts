/** What the canary controller reports about where its rollout is. */
import type { TrafficWeights } from '../../lib/rollout/canary-spec.js';

/** Where a canary rollout is. */
export type CanaryPhase = 'waiting' | 'progressing' | 'paused' | 'aborted' | 'completed';

/** A snapshot of the canary's status, for tests and reports. */
export interface CanaryStatusView {
  /** Where the rollout is. */
  readonly phase: CanaryPhase;
  /** status.currentStepIndex. */
  readonly stepIndex: number;
  /** The stable version ("" when there was none). */
  readonly stable: string;
  /** The weights last set (traffic routing only). */
  readonly weights?: TrafficWeights;
  /** Phase of the background AnalysisRun, if one runs. */
  readonly backgroundAnalysis?: string;
}
