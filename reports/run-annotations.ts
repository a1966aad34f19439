import type { Row, RowSink } from '../lib/rows.js';
import { cacheHitRatioPanels } from './cache-panels.js';
import type { ControllerPanel, Interval, PanelRow } from './run-report.js';

/**
 * What a run report draws besides its three fixed charts, derived only from
 * what the run wrote (events.csv and timeseries.csv), so a report rebuilt
 * from a run directory equals the one written with the run:
 * - fault and partition bands from the scenario's fault rows, a start verb
 *   paired with its undo on the same target (partition → repair, hold →
 *   release, zone-outage → zone-recover, degrade or hang → restore), and
 *   the stretches the registry kept live instances evicted;
 * - per controller, the observation it acted on beside the true value: a
 *   controller that writes its input as `<metric>=<value> (<age>s old)` in a
 *   reason (the built-in autoscalers do) gets a panel of that value, each
 *   decision marked with its reason on hover, and the true value from the
 *   time series (cpu_utilization → utilization, rps → load_rps,
 *   latency_ms → latency_ms);
 * - with a heartbeat registry, the registered and healthy endpoint counts
 *   against ready instances.
 */

/** Verbs that start a stretch, and the verb that ends it. */
const UNDO: Readonly<Record<string, readonly string[]>> = {
  partition: ['repair', 'heal'],
  hold: ['release', 'heal'],
  'zone-outage': ['zone-recover'],
  degrade: ['restore'],
  hang: ['restore'],
  'slow-start': ['slow-start'],
  'scale-load': ['scale-load'],
};

/** Fault verbs drawn as an instant (a thin band). */
const INSTANT = new Set(['crash', 'drain', 'deploy', 'rollback', 'clock-jump', 'restart', 'heal']);

/** An observation in a reason: `cpu_utilization=0.714 (30s old)`. */
const OBSERVATION = /([A-Za-z_][\w.]*)=(-?\d+(?:\.\d+)?(?:e-?\d+)?) \((\d+(?:\.\d+)?)s old\)/;

/** The time-series column holding the true value of an observed metric. */
const TRUE_COLUMN: Readonly<Record<string, string>> = { cpu_utilization: 'utilization', rps: 'load_rps', latency_ms: 'latency_ms' };

/** Decision rows kept per controller for its panel; decisions beyond are thinned evenly. */
const OBSERVATION_ROWS = 2000;

/** Keeps the events rows the annotations need (faults, registry, observations), at most `limit` of them. */
export class AnnotationRows implements RowSink {
  readonly rows: Row[] = [];
  constructor(private readonly limit = 50_000) {}

  write(row: Row): void {
    if (this.rows.length >= this.limit) return;
    const type = row['type'];
    if (type === 'fault' || type === 'registry' || OBSERVATION.test(String(row['reason'] ?? ''))) this.rows.push(row);
  }
}

/** A run report's bands and panels (cache hit ratios, observations, registry endpoints), as both the run writer and the report rebuilder attach them. */
export function reportAnnotations(events: readonly Row[], timeseries: readonly Row[]): { intervals: Interval[]; panels: ControllerPanel[] } {
  const a = runAnnotations(events, timeseries);
  return { intervals: a.intervals, panels: [...cacheHitRatioPanels(timeseries), ...a.panels] };
}

/** Bands, and panels, from the kept events rows and the (strided) time series. */
function runAnnotations(events: readonly Row[], timeseries: readonly Row[]): { intervals: Interval[]; panels: ControllerPanel[] } {
  let horizonS = 0;
  for (const r of timeseries) horizonS = Math.max(horizonS, Number(r['time_s']) || 0);
  return {
    intervals: [...faultIntervals(events, horizonS), ...evictionIntervals(events, horizonS)],
    panels: [...observationPanels(events, timeseries), ...registryPanels(timeseries)],
  };
}

/** Scenario faults as bands: a start paired with its undo on the same target; unpaired ones last to the end; instants get a thin band. */
export function faultIntervals(events: readonly Row[], horizonS: number): Interval[] {
  const open = new Map<string, { start_s: number; label: string }>();
  const out: Interval[] = [];
  const thin = Math.max(horizonS / 300, 1);
  for (const e of events) {
    if (e['type'] !== 'fault') continue;
    const t = Number(e['time_s']);
    const action = String(e['action']);
    const target = String(e['target'] ?? '');
    const detail = String(e['reason'] ?? '');
    let closed = false;
    for (const [key, o] of open) {
      const [verb, on] = key.split('\u0000') as [string, string];
      if ((UNDO[verb] ?? []).includes(action) && (on === target || action === 'heal' || action === 'restore')) {
        out.push({ start_s: o.start_s, end_s: t, label: o.label });
        open.delete(key);
        closed = true;
      }
    }
    if (UNDO[action] && !(closed && UNDO[action]!.includes(action))) {
      open.set(`${action}\u0000${target}`, { start_s: t, label: `${action} ${target}${detail ? `: ${detail}` : ''}` });
    } else if (INSTANT.has(action) && !closed) {
      out.push({ start_s: t, end_s: t + thin, label: `${action} ${target}${detail ? `: ${detail}` : ''}` });
    }
  }
  for (const o of open.values()) out.push({ start_s: o.start_s, end_s: Math.max(horizonS, o.start_s), label: o.label });
  return out.sort((a, b) => a.start_s - b.start_s);
}

/** Stretches during which the registry kept at least one live, ready instance evicted (from its first false mark to the last return). */
export function evictionIntervals(events: readonly Row[], horizonS: number): Interval[] {
  const evicted = new Set<string>();
  const out: Interval[] = [];
  let start = 0;
  let peak = 0;
  for (const e of events) {
    if (e['type'] !== 'registry') continue;
    const id = String(e['target']);
    const before = evicted.size;
    if (e['action'] === 'mark-unhealthy' && String(e['reason']).includes('false eviction')) evicted.add(id);
    else if (e['action'] === 'return') evicted.delete(id);
    if (before === 0 && evicted.size > 0) start = Number(e['time_s']);
    peak = Math.max(peak, evicted.size);
    if (before > 0 && evicted.size === 0) {
      out.push({ start_s: start, end_s: Number(e['time_s']), label: `registry evicted ${peak} live instance(s)` });
      peak = 0;
    }
  }
  if (evicted.size > 0) out.push({ start_s: start, end_s: Math.max(horizonS, start), label: `registry evicted ${peak} live instance(s)` });
  return out;
}

/** Per controller that reports its observation in reasons: observed value (decisions marked) beside the true value. */
export function observationPanels(events: readonly Row[], timeseries: readonly Row[]): ControllerPanel[] {
  const byController = new Map<string, { metric: string; rows: Row[] }>();
  for (const e of events) {
    if (e['type'] !== 'decision' && e['type'] !== 'action') continue;
    const m = OBSERVATION.exec(String(e['reason'] ?? ''));
    if (!m) continue;
    const c = String(e['controller']);
    let entry = byController.get(c);
    if (!entry) byController.set(c, (entry = { metric: m[1]!, rows: [] }));
    if (m[1] === entry.metric) entry.rows.push(e);
  }
  const services = [...new Set(timeseries.map((r) => String(r['service'])))];
  const panels: ControllerPanel[] = [];
  for (const [controller, { metric, rows }] of byController) {
    const stride = Math.max(1, Math.ceil(rows.length / OBSERVATION_ROWS));
    const out: PanelRow[] = [];
    rows.forEach((e, i) => {
      if (i % stride !== 0 && e['type'] !== 'action') return;
      const m = OBSERVATION.exec(String(e['reason']))!;
      const age = Number(m[3]);
      const what = e['type'] === 'action' ? `${String(e['action'])} ${String(e['from'])} → ${String(e['to'])}` : String(e['action']);
      out.push({ time_s: Number(e['time_s']), series: `observed ${metric}`, value: Number(m[2]), age_s: age, reason: `${what}: ${String(e['reason'])}` });
    });
    const column = TRUE_COLUMN[metric];
    const target = rows.find((e) => e['type'] === 'action')?.['target'];
    const service = target !== undefined && services.includes(String(target)) ? String(target) : services[0];
    if (column !== undefined) {
      for (const r of timeseries) {
        if (String(r['service']) !== service || r[column] === undefined || r[column] === '') continue;
        out.push({ time_s: Number(r['time_s']), series: `true ${column}${services.length > 1 ? ` (${service})` : ''}`, value: Number(r[column]) });
      }
    }
    panels.push({
      controller,
      title: `observed ${metric} vs truth`,
      note: `What ${controller} acted on (dots: its decisions, with the value's age and the reason on hover) beside the true ${column ?? 'value'} from the time series: the gap and the lag are why it decided late or wrong.`,
      unit: metric,
      rows: out,
    });
  }
  return panels;
}

/** With a heartbeat registry: registered and healthy endpoints against ready instances, per service. */
export function registryPanels(timeseries: readonly Row[]): ControllerPanel[] {
  const differs = timeseries.some((r) => r['registered'] !== undefined && (r['registered'] !== r['ready'] || r['healthy_endpoints'] !== r['ready']));
  if (!differs) return [];
  const services = new Set(timeseries.map((r) => String(r['service'])));
  const rows: PanelRow[] = [];
  for (const r of timeseries) {
    const suffix = services.size > 1 ? ` (${String(r['service'])})` : '';
    for (const c of ['ready', 'registered', 'healthy_endpoints']) rows.push({ time_s: Number(r['time_s']), series: `${c}${suffix}`, value: Number(r[c]) });
  }
  return [
    {
      controller: 'registry',
      title: 'endpoints',
      note: 'Ready instances against what the heartbeat registry holds (registered) and publishes to the balancer (healthy_endpoints): a gap with ready instances is an eviction of live capacity.',
      unit: 'instances',
      rows,
    },
  ];
}
