/**
 * Synthetic, deterministic report inputs for benchmarks, tests and the
 * README's screenshots: a sweep of an autoscaler's target utilization and
 * scale-down cooldown whose metrics behave plausibly (a longer cooldown
 * flaps less but reacts later; a higher target costs less but violates the
 * SLO more), with seeded noise. Not a simulation: nothing here runs the world.
 *
 * Test data, so it lives under test/ and the package never imports it; the
 * report benchmark (bench/report.ts) is the one module outside test/ allowed
 * to, by the `benchmarks-import-only-test-support` layer rule.
 */
import type { TableRow } from '../../lib/stats/aggregate.js';
import { aggregatePoints } from '../../lib/stats/aggregate.js';
import { mulberry32 } from '../../lib/mulberry32.js';
import type { RunReportData } from '../../reports/run-report.js';
import type { SweepReportData } from '../../reports/sweep-report.js';
import type { RunSummary } from '../../sim/world/run-metrics.js';
import { SUMMARY_METRICS } from '../../sim/world/run-metrics.js';

/** Shape of a synthetic sweep. */
export interface SyntheticSweepOptions {
  /** Knob points per scenario (default 50: 10 targets × 5 cooldowns). */
  readonly points?: number;
  /** Seeds per point (default 20). */
  readonly seeds?: number;
  /** Scenario names; more than one adds a `scenario` column (default: none). */
  readonly scenarios?: readonly string[];
  /** Sweep name (default `synthetic-sweep`). */
  readonly name?: string;
  /** Recommendation text (default: one naming the best target and cooldown). */
  readonly recommendation?: string;
}

// The real column list, so synthetic sweeps look like real ones as metrics are added.
const METRICS = SUMMARY_METRICS;

/** A deterministic generator (mulberry32) seeded from several integers, mixed into one: reports must not depend on Math.random. */
function rng(...seeds: number[]): () => number {
  let a = 0x9e3779b9;
  for (const s of seeds) a = Math.imul(a ^ (s | 0), 0x85ebca6b) ^ (a >>> 13);
  return mulberry32(a);
}

/** Knob grid: as square as possible with `points` cells, target utilization × scale-down cooldown. */
function grid(points: number): Array<{ target: number; cooldown: number }> {
  const nCool = Math.max(1, Math.round(Math.sqrt(points / 2)));
  const nTarget = Math.ceil(points / nCool);
  const out: Array<{ target: number; cooldown: number }> = [];
  for (let i = 0; i < nTarget && out.length < points; i++) {
    for (let j = 0; j < nCool && out.length < points; j++) {
      out.push({ target: Math.round((0.4 + (0.5 * i) / Math.max(1, nTarget - 1)) * 1000) / 1000, cooldown: Math.round((600 * j) / Math.max(1, nCool - 1)) });
    }
  }
  return out;
}

/**
 * A synthetic sweep: `points × seeds` runs per scenario with two knobs
 * (`controllers.autoscaler.target`, `controllers.autoscaler.scaleDownCooldown_s`),
 * every summary metric, and points aggregated with 95% intervals.
 */
export function syntheticSweep(options: SyntheticSweepOptions = {}): SweepReportData {
  const nPoints = options.points ?? 50;
  const seeds = options.seeds ?? 20;
  const scenarios = options.scenarios ?? [];
  const knobs = ['controllers.autoscaler.target', 'controllers.autoscaler.scaleDownCooldown_s'];
  const runs: TableRow[] = [];
  const cells = grid(nPoints);
  (scenarios.length ? scenarios : ['']).forEach((scenario, si) => {
    const harsh = 1 + 0.35 * si;
    cells.forEach(({ target, cooldown }, pi) => {
      for (let seed = 1; seed <= seeds; seed++) {
        const r = rng(si, pi, seed);
        const noise = (scale: number) => 1 + scale * (r() + r() + r() - 1.5);
        const cool = cooldown / 600;
        const flaps = Math.max(0, harsh * (0.4 + 5 * (1 - cool) ** 2 * (0.3 + target)) * noise(0.5));
        const reaction = Math.max(0, harsh * (40 + 260 * target ** 3 + 60 * cool) * noise(0.3));
        const slo = Math.max(0, harsh * (20 + 900 * Math.max(0, target - 0.6) ** 1.5 + 0.3 * reaction) * noise(0.4));
        const arrived = Math.round(3_870_000 * harsh);
        const dropped = Math.round(Math.max(0, slo * 120 * noise(0.5)));
        const row: Record<string, string | number> = {};
        if (scenarios.length) row['scenario'] = scenario;
        row[knobs[0]!] = target;
        row[knobs[1]!] = cooldown;
        row['seed'] = seed;
        const values: RunSummary = {
          scale_actions: Math.round(6 + flaps * 4 * noise(0.2)),
          flaps_per_hour: round(flaps),
          replica_churn: Math.round(40 + flaps * 20 * noise(0.3)),
          wasted_instance_s: Math.round(flaps * 1500 * noise(0.4)),
          reaction_time_s: round(reaction),
          max_reaction_time_s: round(reaction * 1.6 * noise(0.2)),
          slo_violation_s: Math.round(slo),
          dropped_requests: dropped,
          served_requests: arrived - dropped,
          arrived_requests: arrived,
          instance_hours: round(harsh * (30 - 16 * target + 4 * cool + 1.5 * flaps) * noise(0.05)),
          mean_utilization: round(Math.min(0.98, target * noise(0.05))),
          stale_routes: 0,
          false_evictions: 0,
          shortfall_requests: round(harsh * (200 + 40 * reaction + 300 * flaps) * noise(0.3)),
          time_to_adequate_s: round(reaction * (1 + 0.2 * flaps)),
          max_time_to_adequate_s: round(reaction * 1.8 * (1 + 0.2 * flaps) * noise(0.2)),
          overprovisioned_rps_s: round(harsh * 1_000_000 * (1 - target) * noise(0.1)),
          latency_mean_ms: round(70 + slo / 20),
          latency_p95_ms: round(120 + slo / 5),
          latency_p99_ms: round(200 + slo / 2),
          error_budget_burn: round(dropped / (0.01 * arrived)),
        };
        Object.assign(row, values);
        runs.push(row);
      }
    });
  });
  const points = aggregatePoints(runs, { knobs, metrics: METRICS, ...(scenarios.length ? { groupBy: 'scenario' } : {}) });
  const recTarget = cells.find((c) => c.target >= 0.6)?.target ?? cells[0]!.target;
  const recCooldown = cells.find((c) => c.cooldown >= 300)?.cooldown ?? cells[0]!.cooldown;
  return {
    name: options.name ?? 'synthetic-sweep',
    description: 'synthetic data: target utilization × scale-down cooldown',
    knobs,
    metrics: METRICS,
    runs,
    points,
    recommendation: {
      text:
        options.recommendation ??
        `${knobs[0]} = ${recTarget}, ${knobs[1]} = ${recCooldown}: lowest flaps_per_hour subject to slo_violation_s <= 200 (mean across ${seeds} seeds).`,
      settings: { [knobs[0]!]: recTarget, [knobs[1]!]: recCooldown },
    },
  };
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}

/**
 * A synthetic two-hour run of one service under a step load, with a flapping
 * autoscaler, latency percentiles, a partition and a zone outage as shaded
 * intervals, and a leader panel and a registry-health panel.
 */
export function syntheticRun(name = 'synthetic-run'): RunReportData {
  const timeseries: Record<string, string | number>[] = [];
  const actions: Record<string, string | number>[] = [];
  const r = rng(7);
  let desired = 4;
  let ready = 4;
  const pending: Array<{ at: number; to: number }> = [];
  for (let t = 10; t <= 7200; t += 10) {
    const load = t < 1800 ? 250 : t < 4800 ? 900 : 300;
    if (t % 60 === 0) {
      const want = Math.max(2, Math.ceil(load / 85 + (r() - 0.5) * 4));
      if (want !== desired) {
        actions.push({
          time_s: t,
          controller: 'autoscaler',
          type: 'action',
          action: 'scale',
          target: 'web',
          from: desired,
          to: want,
          reason: `cpu_utilization=${(load / (ready * 100)).toFixed(2)} target 0.6 → ${want}`,
        });
        // Instances take minutes to start but leave at once, so scale-ups lag.
        pending.push({ at: t + (want > desired ? 150 : 30), to: want });
        pending.sort((a, b) => a.at - b.at);
        desired = want;
      }
    }
    while (pending.length && pending[0]!.at <= t) ready = pending.shift()!.to;
    const capacity = ready * 100;
    const util = Math.min(1, load / capacity);
    const lat = 50 / Math.max(0.02, 1 - util * 0.97);
    timeseries.push({
      time_s: t,
      service: 'web',
      load_rps: load,
      capacity_rps: capacity,
      ready,
      desired,
      live: Math.max(ready, desired),
      utilization: round(util),
      backlog: 0,
      latency_ms: round(lat),
      p50_ms: round(lat * 0.8),
      p95_ms: round(lat * 2.1),
      p99_ms: round(lat * 3.4),
      served: Math.round(Math.min(load, capacity) * 10),
      dropped: Math.round(Math.max(0, load - capacity) * 10),
    });
  }
  actions.push({
    time_s: 3000,
    controller: 'autoscaler',
    type: 'rejected',
    action: 'restart',
    target: 'web-3',
    from: '',
    to: '',
    reason: 'unsupported by this world',
  });
  return {
    name,
    description: 'synthetic data: step load, flapping autoscaler, a partition and a zone outage',
    seed: 42,
    fingerprint: '0123456789abcdef',
    timeseries,
    actions,
    sloLatencyMs: 250,
    summary: {
      scale_actions: actions.length - 1,
      flaps_per_hour: 4.5,
      replica_churn: 71,
      reaction_time_s: 128,
      max_reaction_time_s: 310,
      slo_violation_s: 185,
      dropped_requests: 29800,
      instance_hours: 20.3125,
    },
    intervals: [
      { start_s: 2400, end_s: 2700, label: 'partition autoscaler | metrics' },
      { start_s: 5400, end_s: 6000, label: 'zone-b outage' },
    ],
    panels: [
      {
        controller: 'registry',
        title: 'registry health',
        unit: 'instances',
        rows: timeseries
          .filter((_, i) => i % 6 === 0)
          .flatMap((row) => [
            {
              time_s: Number(row['time_s']),
              series: 'healthy',
              value: Number(row['ready']) - (Number(row['time_s']) >= 5400 && Number(row['time_s']) < 6000 ? 2 : 0),
            },
            { time_s: Number(row['time_s']), series: 'registered', value: Number(row['ready']) },
          ]),
      },
      {
        controller: 'autoscaler',
        title: 'leader',
        note: 'Which controller replica held the lease.',
        rows: [
          { time_s: 0, series: 'leader', value: 'replica-a' },
          { time_s: 2460, series: 'leader', value: 'replica-b' },
          { time_s: 6100, series: 'leader', value: 'replica-a' },
        ],
      },
    ],
  };
}
