import { describe, expect, it } from 'vitest';
import { MINUTE } from '../../lib/time.js';
import type { RoutingPolicy } from '../../sim/world/load-balancer.js';
import { mean, run, spec, sum } from './helpers.js';

/**
 * Moderate load: 10 instances of 5 slots with exponential 50 ms service
 * times (100 rps each), offered 600 rps (ρ = 0.6), no controller.
 */
function moderate(fidelity: 'fluid' | 'request', balancer: RoutingPolicy = 'random') {
  const { rows } = run(spec({ horizon: 30 * MINUTE, fidelity }, { initialReplicas: 10, balancer, load: [{ shape: 'constant', rps: 600 }] }));
  const served = sum(rows, 'served');
  const latency = rows.reduce((a, r) => a + (r['latency_ms'] as number) * (r['served'] as number), 0) / served;
  return { utilization: mean(rows, 'utilization'), latency, rows };
}

describe('fluid and request-level fidelity', () => {
  const fluid = moderate('fluid');
  const request = moderate('request');

  it('agree on utilization within 0.02 at moderate load', () => {
    expect(fluid.utilization).toBeCloseTo(0.6, 3);
    expect(Math.abs(request.utilization - fluid.utilization)).toBeLessThan(0.02);
  });

  it('agree on mean latency within 5% at moderate load with random routing (each instance an M/M/c queue)', () => {
    expect(Math.abs(request.latency - fluid.latency) / fluid.latency).toBeLessThan(0.05);
  });

  it('only the request level reports percentiles, and they bracket the mean', () => {
    expect(fluid.rows.every((r) => r['p99_ms'] === '')).toBe(true);
    const p50 = mean(request.rows, 'p50_ms');
    const p99 = mean(request.rows, 'p99_ms');
    expect(p50).toBeLessThan(request.latency);
    expect(p99).toBeGreaterThan(3 * request.latency);
  });

  it('shows round-robin queueing less than random routing at request level, as smoother arrivals should', () => {
    const rr = moderate('request', 'round-robin');
    const lo = moderate('request', 'least-outstanding');
    expect(rr.latency).toBeLessThan(request.latency);
    expect(lo.latency).toBeLessThan(rr.latency);
  });
});
