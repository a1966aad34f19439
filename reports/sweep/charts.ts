/** The sweep report's charts, by id. */
import type { TopLevelSpec } from 'vega-lite';
import type { SweepAnalysis } from './analysis.js';
import { analyzeSweep } from './analysis.js';
import type { SweepReportData } from './data.js';
import { heatmapSpec } from './heatmap-chart.js';
import { pickerOf } from './picker-chart.js';
import { hasMean } from './row-values.js';
import { scatterData, tradeoffSpec } from './tradeoff-chart.js';

/** The sweep report's charts, by id: `tradeoff` (thrashing vs responsiveness) and `heatmaps` (when there are knobs). */
export function sweepReportSpecs(data: SweepReportData): Record<string, TopLevelSpec> {
  const p = analyzeSweep(data);
  return specsOf(p);
}

/** The charts of an analysed sweep, by id (see sweepReportSpecs). */
export function specsOf(p: SweepAnalysis): Record<string, TopLevelSpec> {
  const specs: Record<string, TopLevelSpec> = {};
  if (hasMean(p.data.points, p.axes.thrashing) && hasMean(p.data.points, p.axes.responsiveness)) specs['tradeoff'] = tradeoffSpec(p, scatterData(p));
  const heat = heatmapSpec(p);
  if (heat) specs['heatmaps'] = heat;
  const picker = p.hasScenario ? undefined : pickerOf(p);
  if (picker) specs['pick'] = picker;
  return specs;
}
