import type { MultiRegionMetrics, MultiRegionScenario } from './multi-region-scenario.js';
import { MULTI_REGION_DEFAULTS, runMultiRegionScenario } from './multi-region-scenario.js';
import { SECOND } from '../../lib/time.js';
import type { StudyDefinition } from './study-definition.js';
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

/**
 * Engine events per virtual second at the defaults, measured (3 regions, the
 * default periods → 2.5–2.6), times a margin of 3 so the estimate is an
 * upper one.
 */
const EVENTS_PER_S = 2.6 * 3;

/** The multi-region study as the pipeline runs, costs and sweeps it. */
export const MULTI_REGION_STUDY: StudyDefinition<MultiRegionParams> = {
  metrics: MULTI_REGION_METRICS,
  nullable: MULTI_REGION_NULLABLE,
  // Safety (overcommit), demand left unserved, and responsiveness.
  pareto: ['overcommit_instance_s', 'unmet_instance_s', 'decision_latency_ms'],
  /** The measured rate scaled by regions² and the faster of the sync and local-change rates, over the horizon. */
  estimateEvents(p) {
    const d = MULTI_REGION_DEFAULTS;
    const scale = (p.regions / d.regions) ** 2 * Math.max(1, d.syncPeriod / p.syncPeriod, d.localChangePeriod / p.localChangePeriod);
    return EVENTS_PER_S * scale * (p.horizon / SECOND);
  },
  run(params, seed) {
    const { metrics, rows, fingerprint, events } = runMultiRegionStudy(params, seed);
    return { metrics, rows, fingerprint, processed: events };
  },
};
