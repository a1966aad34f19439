/** What a sweep report is given (a sweep's runs and points), its metric roles, and the bounds that keep it light. */
import type { TableRow } from '../../lib/stats/aggregate.js';
import type { RankingRule } from '../ranking.js';

/** The recommendation printed by `ctrlsim recommend`, shown on top of the sweep report. */
export interface SweepRecommendation {
  /** The recommendation as the user should read it (user text: escaped). */
  readonly text: string;
  /** The recommended knob values by knob name; the matching point is marked in the charts and the table. */
  readonly settings?: Readonly<Record<string, string | number>>;
  /** The rule `recommend` ranked by; the report's table ranks by it too, so its rank 1 is the recommendation. */
  readonly rule?: RankingRule;
}

/** Which metrics stand for thrashing, responsiveness and cost. */
export interface SweepAxes {
  /** Thrashing metric, the scatter's y axis (default `flaps_per_hour`). */
  readonly thrashing: string;
  /** Responsiveness metric, the scatter's x axis (default `slo_violation_s`). */
  readonly responsiveness: string;
  /** Cost metric, a third Pareto objective when present (default `instance_hours`). */
  readonly cost: string;
}

/**
 * What a sweep report shows: every run and every point of a sweep, as the
 * sweep writes them to summary.csv and points.csv.
 */
export interface SweepReportData {
  /** Sweep name (user text: escaped when rendered). */
  readonly name: string;
  /** One line about the sweep. */
  readonly description?: string;
  /** Knob columns, in the order the sweep defines them (names may contain dots: they are never used as field paths). */
  readonly knobs: readonly string[];
  /** Metric names (columns of runs; points carry `<metric>_mean`, `_lo`, `_hi`). */
  readonly metrics: readonly string[];
  /** One row per run: knob values, `seed`, metrics, and `scenario` when the sweep spans scenarios. */
  readonly runs: readonly TableRow[];
  /**
   * One row per knob point (per scenario): knob values, `scenario` if any,
   * `n`, `<metric>_mean`, `<metric>_lo`, `<metric>_hi` (95% CI across seeds),
   * and optionally a `pareto` flag (true/1); without one, the report computes
   * the frontier over thrashing, responsiveness and cost (all minimized).
   */
  readonly points: readonly TableRow[];
  /** The recommendation from `ctrlsim recommend`, if one was made. */
  readonly recommendation?: string | SweepRecommendation;
  /** The metrics the points' `pareto` flags were computed over (for the chart's note), when the sweep says. */
  readonly paretoObjectives?: readonly string[];
  /** Metric roles; defaults as in SweepAxes. */
  readonly axes?: Partial<SweepAxes>;
  /** The knob that colours the scatter (default: the first knob). */
  readonly colorKnob?: string;
  /** The knob pair of the heatmaps (default: the first two knobs). */
  readonly heatmapKnobs?: readonly [string, string];
  /**
   * Metrics drawn as heatmaps (default: thrashing, responsiveness,
   * slo_violation_s and cost, those present, then the first
   * `SWEEP_REPORT_LIMITS.extraHeatmaps` of `extraMetrics`).
   */
  readonly heatmapMetrics?: readonly string[];
  /** Metrics beyond the sweep's fixed ones (service and controller metrics such as `canary.time_to_detect_s`), in column order. */
  readonly extraMetrics?: readonly string[];
  /** Points (their `point` values) an adaptive design's race dropped early; they rank after the points it kept. */
  readonly dropped?: readonly number[];
}

/**
 * Bounds that keep a sweep report light whatever the number of runs. The
 * report embeds at most `points` knob points in the scatter (every Pareto,
 * top-ranked and recommended point is kept; the rest are thinned evenly), at
 * most `runs` individual runs (the lowest seeds of each point, evenly), at
 * most `axisValues` values per heatmap axis (more numeric values are grouped
 * into equal-count ranges) and heatmaps for at most `scenarios` scenarios.
 * Extra (service and controller) metrics add at most `extraHeatmaps`
 * heatmaps. With up to 8 knobs and the default four key metrics, the HTML is therefore
 * under 3 MB (about 0.8 MB of it Vega, Vega-Lite and vega-embed) for any
 * sweep: a 10,000-run sweep report is 1.1–1.3 MB and renders in a couple
 * of seconds (both checked by tests).
 */
export const SWEEP_REPORT_LIMITS = { points: 2000, runs: 2000, axisValues: 30, scenarios: 8, rankedRows: 10, extraHeatmaps: 4, bytes: 3_000_000 } as const;

/** The metric roles a sweep report uses unless the sweep names others. */
export const DEFAULT_AXES: SweepAxes = { thrashing: 'flaps_per_hour', responsiveness: 'slo_violation_s', cost: 'instance_hours' };
