/**
 * The sweep report: one page with a sweep's recommendation, its charts and its
 * best settings. Each concept lives in reports/sweep/: the input and its
 * bounds (data.ts), the analysis that ranks and flags every point
 * (analysis.ts), the charts (tradeoff-chart.ts, heatmap-chart.ts,
 * picker-chart.ts, charts.ts), the ranked table (ranked-table.ts) and the
 * page (page.ts).
 */
export type { SweepRecommendation, SweepReportData } from './sweep/data.js';
export { SWEEP_REPORT_LIMITS } from './sweep/data.js';
export { analyzeSweep, metricGoal } from './sweep/analysis.js';
export { knobLabels, sortedKnobValues } from './sweep/knobs.js';
export { sweepReportSpecs } from './sweep/charts.js';
export { rankedSettings } from './sweep/ranked-table.js';
export { sweepReportHtml } from './sweep/page.js';
