import { describe, expect, it } from 'vitest';
import { fitMetricDelay, fitServiceTime, fitStartupDelay } from '../../experiments/live/calibrate.js';
import { simRealGap } from '../../reports/sim-vs-real.js';

const WINDOW = 2;

describe('calibrating the simulator from a live run', () => {
  it('recovers the mean service time from utilization and throughput, however long the queue', () => {
    // Two workers at 50% utilization serve 2 × 0.5 × 2 s / 0.1 s = 20 requests per window; latency (queueing) does not enter.
    const rows = Array.from({ length: 10 }, (_, i) => ({ time_s: (i + 1) * WINDOW, utilization: 0.5, ready: 2, served: 20, p50_ms: 900, p95_ms: 1500 }));
    const fit = fitServiceTime(rows, WINDOW, 1);
    expect(fit.serviceTimeEvidence).toEqual({ meanMs: 100, requests: 200 });
    expect(fit.serviceTime).toMatchObject({ kind: 'lognormal', sigma: 0.31 });
  });

  it('fits the start-up delay from created → ready of each worker, ignoring workers that never became ready', () => {
    const ev = (t: number, action: string, target: string) => ({ time_s: t, type: 'lifecycle', action, target });
    const fit = fitStartupDelay([
      ev(10, 'created', 'web-2'),
      ev(13, 'ready', 'web-2'),
      ev(20, 'created', 'web-3'),
      ev(23, 'ready', 'web-3'),
      ev(30, 'created', 'web-4'),
    ]);
    expect(fit.startupSamples).toEqual([3, 3]);
    expect(fit.startupDelay).toEqual({ kind: 'constant', value: '3000ms' });
  });

  it('finds the lag of the rps controllers saw behind the served rate and subtracts one scrape interval', () => {
    const rate = (t: number) => (t < 60 ? 10 : 30);
    const rows = Array.from({ length: 60 }, (_, i) => ({ time_s: (i + 1) * WINDOW, served: rate((i + 0.5) * WINDOW) * WINDOW }));
    // Controllers saw the rate 4 s late, once a second.
    const observed = Array.from({ length: 110 }, (_, i) => ({ time_s: 5 + i, service: 'web', instance: '', metric: 'rps', value: rate(5 + i - 4) }));
    const fit = fitMetricDelay(rows, observed, WINDOW, 2);
    expect(fit.metricLag!.lagS).toBeGreaterThanOrEqual(3);
    expect(fit.metricLag!.lagS).toBeLessThanOrEqual(5);
    expect(fit.metricDelay).toBe(`${(fit.metricLag!.lagS - 2) * 1000}ms`);
  });

  it('measures the gap: replicas within ±1 per live sample, each live decision against the nearest simulated one in its direction', () => {
    const ts = (desired: (t: number) => number) =>
      Array.from({ length: 10 }, (_, i) => ({ time_s: (i + 1) * 10, desired: desired((i + 1) * 10), served: 10, latency_ms: 100 }));
    const live = { timeseries: ts((t) => (t >= 30 ? 5 : 2)), events: [{ time_s: 27, type: 'action', action: 'scale', from: 2, to: 5 }] };
    const sim = {
      timeseries: ts((t) => (t >= 40 ? 5 : 2)),
      events: [
        { time_s: 35, type: 'action', action: 'scale', from: 2, to: 5 },
        { time_s: 90, type: 'action', action: 'scale', from: 5, to: 4 },
      ],
    };
    const gap = simRealGap(live, sim);
    expect(gap.replicasWithinOne).toBe(0.9); // at 30 s: live 5, simulated still 2
    expect(gap.maxReplicaGap).toBe(3);
    expect(gap.decisionGapsS).toEqual([8]);
    expect(gap.decisions).toEqual([{ time_s: 27, direction: 'up', gapS: 8 }]);
    expect([gap.liveScaleActions, gap.simScaleActions]).toEqual([1, 2]);
  });
});
