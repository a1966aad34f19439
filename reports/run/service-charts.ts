/**
 * The run report's charts of every service: the overview strip that zooms
 * them all, offered load against ready capacity, replicas with the scale
 * actions that moved them, and latency against the SLO.
 */
import type { TopLevelSpec } from 'vega-lite';
import { fmt } from '../format.js';
import type { RunDatasets } from './data.js';
import { SCHEMA, WIDTH, ZOOM, datasetsFor, intervalLayers, latencyTicks, minutes, timeAxis } from './time-chart.js';

/** Offered load against ready capacity, per service, with under-provisioned stretches filled red. */
export function loadVsCapacity(d: RunDatasets): TopLevelSpec {
  return {
    $schema: SCHEMA,
    description: 'Offered load against ready capacity',
    width: WIDTH,
    height: 220,
    datasets: datasetsFor(d, ['timeseries', 'intervals']),
    layer: [
      ...intervalLayers(d),
      {
        data: { name: 'timeseries' },
        transform: [minutes(), { calculate: 'max(datum.load_rps, datum.capacity_rps)', as: 'gap_top' }],
        mark: { type: 'area', interpolate: 'step-after', color: '#d1495b', opacity: 0.25 },
        encoding: {
          x: timeAxis(d),
          y: { field: 'capacity_rps', type: 'quantitative' },
          y2: { field: 'gap_top' },
          detail: { field: 'service', type: 'nominal' },
        },
      },
      {
        data: { name: 'timeseries' },
        transform: [minutes(), { fold: ['load_rps', 'capacity_rps'], as: ['series', 'rps'] }],
        params: [ZOOM],
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x: timeAxis(d),
          y: { field: 'rps', type: 'quantitative', title: 'requests / s' },
          color: { field: 'series', type: 'nominal', title: null, scale: { domain: ['load_rps', 'capacity_rps'], range: ['#d1495b', '#2e86ab'] } },
          strokeDash: { field: 'service', type: 'nominal' },
          tooltip: [{ field: 'service' }, { field: 'minute', title: 'minute', format: '.1f' }, { field: 'series' }, { field: 'rps', format: '.1f' }],
        },
      },
    ],
  };
}

/** A thin overview of offered load with a brush (an interval selection on x) that zooms every time chart of the page. */
export function brushStrip(d: RunDatasets): TopLevelSpec {
  return {
    $schema: SCHEMA,
    description: 'Overview: brush to zoom every time chart',
    width: WIDTH,
    height: 40,
    datasets: datasetsFor(d, ['timeseries', 'intervals']),
    layer: [
      ...intervalLayers(d, false),
      {
        data: { name: 'timeseries' },
        transform: [minutes()],
        params: [{ name: 'brush', select: { type: 'interval', encodings: ['x'] } }],
        mark: { type: 'area', interpolate: 'step-after', color: '#d1495b', opacity: 0.35 },
        encoding: { x: timeAxis(d, null), y: { aggregate: 'sum', field: 'load_rps', type: 'quantitative', title: null, axis: null } },
      },
    ],
  };
}

/** Ready and desired replicas, with each scale action as a mark carrying its reason, flaps in red and rejected actions as crosses. */
export function replicas(d: RunDatasets): TopLevelSpec {
  const rejected = d.actions.some((a) => a['kind'] === 'rejected');
  const color = {
    field: 'series',
    type: 'nominal' as const,
    title: null,
    scale: {
      domain: ['ready', 'desired', 'scale action', 'reversal (flap)', ...(rejected ? ['rejected'] : [])],
      range: ['#2e86ab', '#f18f01', '#3b1f2b', '#d1495b', '#8a0303'],
    },
  };
  return {
    $schema: SCHEMA,
    description: 'Ready vs desired replicas, and scale actions',
    width: WIDTH,
    height: 220,
    datasets: datasetsFor(d, ['timeseries', 'actions', 'intervals']),
    layer: [
      ...intervalLayers(d),
      {
        data: { name: 'timeseries' },
        transform: [minutes(), { fold: ['ready', 'desired'], as: ['series', 'replicas'] }],
        params: [ZOOM],
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x: timeAxis(d),
          y: { field: 'replicas', type: 'quantitative', title: 'replicas' },
          color,
          strokeDash: { field: 'service', type: 'nominal' },
        },
      },
      {
        data: { name: 'actions' },
        transform: [minutes(), { filter: "datum.kind === 'scale action' || datum.kind === 'reversal (flap)'" }, { calculate: 'datum.kind', as: 'series' }],
        mark: { type: 'point', filled: true, size: 60 },
        encoding: {
          x: { field: 'minute', type: 'quantitative' },
          y: { field: 'to', type: 'quantitative' },
          color,
          shape: { field: 'direction', type: 'nominal', title: 'scale', scale: { domain: ['up', 'down'], range: ['triangle-up', 'triangle-down'] } },
          tooltip: [
            { field: 'controller' },
            { field: 'target', title: 'service' },
            { field: 'minute', format: '.2f' },
            { field: 'from' },
            { field: 'to' },
            { field: 'kind' },
            { field: 'reason' },
          ],
        },
      },
      ...(rejected
        ? [
            {
              data: { name: 'actions' },
              transform: [minutes(), { filter: "datum.kind === 'rejected'" }, { calculate: "'rejected'", as: 'series' }],
              mark: { type: 'point' as const, shape: 'cross', filled: true, size: 50 },
              encoding: {
                x: { field: 'minute', type: 'quantitative' as const },
                y: { value: 212 },
                color,
                tooltip: [{ field: 'controller' }, { field: 'minute', format: '.2f' }, { field: 'action' }, { field: 'target' }, { field: 'reason' }],
              },
            },
          ]
        : []),
    ],
  };
}

/** Mean latency, and p50/p95/p99 when the time series has them, against the SLO. */
export function latency(d: RunDatasets, sloLatencyMs: number): TopLevelSpec {
  const fold = ['latency_ms', ...d.percentiles.map(([c]) => c)];
  const names = ['mean', ...d.percentiles.map(([, n]) => n)];
  return {
    $schema: SCHEMA,
    description: 'Latency against the SLO',
    width: WIDTH,
    height: 200,
    datasets: datasetsFor(d, ['timeseries', 'intervals']),
    layer: [
      ...intervalLayers(d),
      {
        data: { name: 'timeseries' },
        transform: [
          minutes(),
          { fold, as: ['column', 'ms'] },
          { calculate: `datum.column === 'latency_ms' ? 'mean' : replace(datum.column, '_ms', '')`, as: 'series' },
        ],
        params: [ZOOM],
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: {
          x: timeAxis(d),
          y: {
            field: 'ms',
            type: 'quantitative',
            title: 'latency (ms)',
            scale: { type: 'symlog', zero: false },
            axis: { values: latencyTicks(d.maxLatencyMs), format: ',.0f', labelOverlap: 'greedy' },
          },
          color: { field: 'series', type: 'nominal', title: null, scale: { domain: names, range: ['#6a4c93', '#43aa8b', '#f8961e', '#d1495b'] } },
          strokeDash: { field: 'service', type: 'nominal' },
          tooltip: [
            { field: 'service' },
            { field: 'minute', title: 'minute', format: '.1f' },
            { field: 'series' },
            { field: 'ms', format: '.1f' },
            { field: 'utilization', format: '.2f' },
          ],
        },
      },
      {
        data: { values: [{ slo: sloLatencyMs, label: `SLO ${fmt(sloLatencyMs)} ms` }] },
        layer: [
          {
            mark: { type: 'rule', color: '#d1495b', strokeDash: [6, 4] },
            encoding: { y: { field: 'slo', type: 'quantitative' }, tooltip: [{ field: 'slo', title: 'SLO (ms)' }] },
          },
          {
            mark: { type: 'text', align: 'left', dx: 4, dy: -7, color: '#d1495b', fontSize: 10, fontWeight: 'bold' },
            encoding: { y: { field: 'slo', type: 'quantitative' }, x: { value: 0 }, text: { field: 'label' } },
          },
        ],
      },
    ],
  };
}
