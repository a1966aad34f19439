import type { Row } from '../../sim/world/world.js';

/**
 * The fixed summary metrics computed from a live run's rows, by the
 * simulator's definitions (README, "Summary metrics") applied to sampled
 * data: episodes and SLO seconds are counted in whole sample windows.
 * Metrics a live run cannot measure honestly (wasted_instance_s,
 * stale_routes, false_evictions) are null, written as empty cells.
 */
export function liveSummary(timeseries: readonly Row[], events: readonly Row[], windowS: number, sloLatencyMs: number): Record<string, number | null> {
  const scales = events.filter((e) => e['type'] === 'action' && e['action'] === 'scale' && e['from'] !== '' && Number(e['from']) !== Number(e['to']));
  let flaps = 0;
  let last = 0;
  let churn = 0;
  for (const e of scales) {
    const d = Math.sign(Number(e['to']) - Number(e['from']));
    if (last !== 0 && d !== last) flaps++;
    last = d;
    churn += Math.abs(Number(e['to']) - Number(e['from']));
  }
  const hours = (timeseries.length > 0 ? Number(timeseries[timeseries.length - 1]!['time_s']) : 0) / 3600;
  const episodes: number[] = [];
  let run = 0;
  let slo = 0;
  let liveS = 0;
  let utilSum = 0;
  let utilN = 0;
  const sum = (c: string) => timeseries.reduce((a, r) => a + (r[c] === '' || r[c] === undefined ? 0 : Number(r[c])), 0);
  for (const r of timeseries) {
    const under = r['load_rps'] !== '' && Number(r['load_rps']) > Number(r['capacity_rps']);
    if (under) run++;
    else if (run > 0) {
      episodes.push(run * windowS);
      run = 0;
    }
    if ((r['latency_ms'] !== '' && Number(r['latency_ms']) > sloLatencyMs) || Number(r['dropped'] || 0) > 0) slo += windowS;
    liveS += Number(r['live']) * windowS;
    if (r['utilization'] !== '' && r['utilization'] !== undefined) {
      utilSum += Number(r['utilization']);
      utilN++;
    }
  }
  if (run > 0) episodes.push(run * windowS);
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return {
    scale_actions: scales.length,
    flaps_per_hour: hours > 0 ? r3(flaps / hours) : 0,
    replica_churn: churn,
    wasted_instance_s: null,
    reaction_time_s: episodes.length ? r3(episodes.reduce((a, b) => a + b, 0) / episodes.length) : 0,
    max_reaction_time_s: episodes.length ? Math.max(...episodes) : 0,
    slo_violation_s: r3(slo),
    dropped_requests: sum('dropped'),
    served_requests: sum('served'),
    arrived_requests: sum('arrived'),
    instance_hours: r3(liveS / 3600),
    mean_utilization: utilN ? r3(utilSum / utilN) : null,
    stale_routes: null,
    false_evictions: null,
  };
}
