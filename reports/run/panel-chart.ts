/**
 * A controller's own panel on the run report: its numbers as stepped lines
 * (with the decisions taken on them as marks), or its states as a timeline.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ControllerPanel, PanelRow, RunDatasets } from './data.js';
import { SCHEMA, WIDTH, ZOOM, datasetsFor, intervalLayers, minutes, timeAxis } from './time-chart.js';

/** A per-controller panel: a stepped line per numeric series, or a state timeline per text series. */
export function panelSpec(panel: ControllerPanel, d: RunDatasets, datasetName: string): TopLevelSpec {
  const numeric = panel.rows.every((r) => typeof r.value === 'number');
  if (numeric) {
    const values = panel.rows.map((r) => ({
      time_s: r.time_s,
      series: r.series,
      value: r.value,
      ...(r.reason !== undefined ? { reason: r.reason } : {}),
      ...(r.age_s !== undefined ? { age_s: r.age_s } : {}),
    }));
    const marked = panel.rows.some((r) => r.reason !== undefined);
    return {
      $schema: SCHEMA,
      description: `${panel.controller}: ${panel.title}`,
      width: WIDTH,
      height: 160,
      datasets: { [datasetName]: values, ...datasetsFor(d, ['intervals']) },
      layer: [
        ...intervalLayers(d),
        {
          data: { name: datasetName },
          transform: [minutes()],
          params: [ZOOM],
          mark: { type: 'line', interpolate: 'step-after' },
          encoding: {
            x: timeAxis(d),
            y: { field: 'value', type: 'quantitative', title: panel.unit ?? panel.title },
            color: { field: 'series', type: 'nominal', title: null },
            tooltip: [{ field: 'series' }, { field: 'minute', format: '.2f' }, { field: 'value' }],
          },
        },
        ...(marked
          ? [
              {
                data: { name: datasetName },
                transform: [minutes(), { filter: 'isValid(datum.reason)' }],
                mark: { type: 'point' as const, filled: true, size: 28 },
                encoding: {
                  x: { field: 'minute', type: 'quantitative' as const },
                  y: { field: 'value', type: 'quantitative' as const },
                  color: { field: 'series', type: 'nominal' as const, title: null },
                  tooltip: [
                    { field: 'series' },
                    { field: 'minute', format: '.2f' },
                    { field: 'value', format: '.3f' },
                    { field: 'age_s', title: 'age (s)' },
                    { field: 'reason' },
                  ],
                },
              },
            ]
          : []),
      ],
    };
  }
  // Text values: each state holds from its row until the next row of the same series (or the run's end).
  const bySeries = new Map<string, PanelRow[]>();
  for (const r of panel.rows) {
    let s = bySeries.get(r.series);
    if (!s) bySeries.set(r.series, (s = []));
    s.push(r);
  }
  const endS = d.horizonMin * 60;
  const segments: Array<{ series: string; state: string; start_s: number; end_s: number }> = [];
  for (const [series, rows] of bySeries) {
    const sorted = [...rows].sort((a, b) => a.time_s - b.time_s);
    sorted.forEach((r, i) => {
      const next = sorted[i + 1];
      segments.push({ series, state: String(r.value), start_s: r.time_s, end_s: next ? next.time_s : Math.max(endS, r.time_s) });
    });
  }
  return {
    $schema: SCHEMA,
    description: `${panel.controller}: ${panel.title}`,
    width: WIDTH,
    height: Math.max(40, 26 * bySeries.size),
    datasets: { [datasetName]: segments, ...datasetsFor(d, ['intervals']) },
    layer: [
      ...intervalLayers(d, false),
      {
        data: { name: datasetName },
        transform: [minutes('start_s', 'minute'), minutes('end_s', 'end_min')],
        params: [ZOOM],
        mark: { type: 'rect', height: { band: 0.8 } },
        encoding: {
          x: timeAxis(d),
          x2: { field: 'end_min' },
          y: { field: 'series', type: 'nominal', title: null },
          color: { field: 'state', type: 'nominal', title: panel.unit ?? null },
          tooltip: [
            { field: 'series' },
            { field: 'state' },
            { field: 'minute', title: 'from (min)', format: '.2f' },
            { field: 'end_min', title: 'to (min)', format: '.2f' },
          ],
        },
      },
    ],
  };
}
