/** The sweep report's chart of any two metrics, picked by the reader. */
import type { TopLevelSpec } from 'vega-lite';
import { pickerSpec } from '../tradeoff-picker.js';
import type { SweepAnalysis } from './analysis.js';
import { metricGoal } from './analysis.js';
import { shownPoints } from './sampling.js';

/** Metrics the picker offers: flaps, SLO violation and cost first (so flaps vs SLO violation is the default), then the rule's, then the other responsiveness metrics. */
const PICKER_METRICS = [
  'flaps_per_hour',
  'slo_violation_s',
  'instance_hours',
  'shortfall_requests',
  'time_to_adequate_s',
  'error_budget_burn',
  'latency_p99_ms',
  'overprovisioned_rps_s',
];

/** The picker chart's spec: the points drawn in the scatter, over the metrics the sweep has among PICKER_METRICS and the rule's. */
export function pickerOf(p: SweepAnalysis): TopLevelSpec | undefined {
  const shown = shownPoints(p);
  const metrics = [
    ...new Set([
      p.axes.thrashing,
      p.axes.responsiveness,
      p.axes.cost,
      ...p.rule.objectives.map((o) => o.metric),
      ...p.rule.constraints.map((c) => c.metric),
      ...PICKER_METRICS,
    ]),
  ].filter((m) => p.data.metrics.includes(m));
  return pickerSpec({
    points: shown.map((v) => v.row),
    knobs: p.data.knobs,
    knobLabels: p.knobLabels,
    metrics,
    goal: metricGoal,
    rule: p.rule,
    recommended: shown.map((v) => v.recommended),
  });
}
