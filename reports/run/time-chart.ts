/**
 * What every time chart of a run report shares: the spec schema and width,
 * the clock axis (h:mm, or day h:mm past two days), zoom and pan, the
 * latency ticks, the grey fault bands and the named datasets each chart
 * embeds.
 */
import type { LayerSpec } from 'vega-lite/types_unstable/spec/layer.js';
import type { UnitSpec } from 'vega-lite/types_unstable/spec/unit.js';
import type { Field } from 'vega-lite/types_unstable/channeldef.js';
import type { Row } from '../../lib/rows.js';
import type { Interval, RunDatasets } from './data.js';

/** A layer of a layered chart. */
type Layer = LayerSpec<Field> | UnitSpec<Field>;

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
export const WIDTH = 760;

export function minutes(field = 'time_s', as = 'minute'): { calculate: string; as: string } {
  return { calculate: `datum.${field} / 60`, as };
}

/**
 * Axis labels for a time in minutes: h:mm, or "d<day> h:mm" for runs longer
 * than two days (a Vega expression on the tick value).
 */
function clockLabelExpr(horizonMin: number): string {
  const hm = "floor((datum.value % 1440) / 60) + ':' + (floor(datum.value % 60) < 10 ? '0' : '') + floor(datum.value % 60)";
  return horizonMin > 2 * 1440
    ? `'d' + floor(datum.value / 1440) + ' ' + ${hm}`
    : `floor(datum.value / 60) + ':' + (floor(datum.value % 60) < 10 ? '0' : '') + floor(datum.value % 60)`;
}

export function timeAxis(d: RunDatasets, title: string | null = d.horizonMin > 2 * 1440 ? 'time (day h:mm)' : 'time (h:mm)') {
  return {
    field: 'minute',
    type: 'quantitative' as const,
    title,
    scale: { domain: [0, Math.max(d.horizonMin, 1e-9)], nice: false, zero: true },
    axis: { labelExpr: clockLabelExpr(d.horizonMin), tickMinStep: 1 },
  };
}

/** Zoom and pan on a time chart: an interval selection on x bound to the scales (drag to pan, wheel to zoom, double-click to reset). */
export const ZOOM = { name: 'zoom', select: { type: 'interval' as const, encodings: ['x' as const] }, bind: 'scales' as const };

/** Latency ticks readable on a symlog axis: 0, 1, then 1-2-5 steps from 10 ms up to the largest value. */
export function latencyTicks(maxMs: number): number[] {
  const top = Math.max(10, maxMs * 1.05);
  // Below 10 ms symlog crowds its ticks together, so the steps start at 10.
  const ticks = [0, 1];
  for (let decade = 10; decade <= top; decade *= 10) for (const m of [1, 2, 5]) if (m * decade <= top) ticks.push(m * decade);
  return ticks;
}

/** Faults and partitions as grey bands behind a time chart's lines, labelled on charts tall enough for text. */
export function intervalLayers(d: RunDatasets, labels = true): Layer[] {
  if (d.intervals.length === 0) return [];
  const transform = [minutes('start_s', 'start_min'), minutes('end_s', 'end_min')];
  const band: Layer = {
    data: { name: 'intervals' },
    transform,
    mark: { type: 'rect', color: '#8d99ae', opacity: 0.22 },
    encoding: {
      x: { field: 'start_min', type: 'quantitative' },
      x2: { field: 'end_min' },
      tooltip: [
        { field: 'label', title: 'fault' },
        { field: 'start_min', title: 'from (min)', format: '.1f' },
        { field: 'end_min', title: 'to (min)', format: '.1f' },
      ],
    },
  };
  if (!labels) return [band];
  return [
    band,
    {
      data: { name: 'intervals' },
      transform,
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, fontSize: 10, color: '#4a5468', limit: 160 },
      encoding: { x: { field: 'start_min', type: 'quantitative' }, y: { value: 2 }, text: { field: 'label' } },
    },
  ];
}

export function datasetsFor(d: RunDatasets, names: readonly ('timeseries' | 'actions' | 'intervals')[]): Record<string, Row[] | Interval[]> {
  const out: Record<string, Row[] | Interval[]> = {};
  for (const n of names) if (n !== 'intervals' || d.intervals.length > 0) out[n] = d[n];
  return out;
}
