import type { MultiRegionMetrics, MultiRegionScenario } from './multi-region-scenario.js';
import { runMultiRegionScenario } from './multi-region-scenario.js';
import type { StudyRow } from './study-result.js';

/** Knobs of the multi-region study (durations in µs): the scenario's, unchanged. */
export type MultiRegionParams = MultiRegionScenario;

/** The study's metrics, in summary column order. */
export const MULTI_REGION_METRICS: readonly (keyof MultiRegionMetrics)[] = [
  'overcommit_instance_s',
  'peak_overcommit',
  'conflicting_changes',
  'unmet_instance_s',
  'grants',
  'denials',
  'decision_latency_ms',
  'decision_latency_p95_ms',
  'retries_per_grant',
  'messages',
];

/** The metrics that are null when nothing was ever granted (`grants` 0); the rest are always numbers. */
export const MULTI_REGION_NULLABLE: readonly (keyof MultiRegionMetrics)[] = ['decision_latency_ms', 'decision_latency_p95_ms', 'retries_per_grant'];

/** What one run of the study gives. */
export interface MultiRegionStudyRun {
  /** Summary metrics. */
  readonly metrics: MultiRegionMetrics;
  /** The budget's use every 10 s: t_s, allocated, demand, budget. */
  readonly rows: readonly StudyRow[];
  /** Trace fingerprint. */
  readonly fingerprint: string;
  /** Engine events processed. */
  readonly events: number;
}

/**
 * Multi-region coordination: per-region controllers share a global capacity
 * budget through one strategy (independent, coordinator, OCC). Measures
 * budget overcommit against decision latency.
 */
export function runMultiRegionStudy(params: MultiRegionParams, seed: number): MultiRegionStudyRun {
  const out = runMultiRegionScenario(params, seed);
  return { metrics: out.metrics, rows: out.samples.map((s): StudyRow => ({ ...s })), fingerprint: out.fingerprint, events: out.events };
}
