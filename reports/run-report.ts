/**
 * The run report: a run's time series, actions, faults and controller
 * panels as Vega-Lite charts on one self-contained page. The parts live in
 * `reports/run/`: the data (`data.ts`), what every time chart shares
 * (`time-chart.ts`), the service charts (`service-charts.ts`), controller
 * panels (`panel-chart.ts`) and the page (`page.ts`).
 */
export type { ControllerPanel, Interval, PanelRow, RunReportData } from './run/data.js';
export { runHeadlines, runReportCharts, runReportHtml, runReportSpecs } from './run/page.js';
