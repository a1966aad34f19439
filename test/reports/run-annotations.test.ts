import { describe, expect, it } from 'vitest';
import { evictionIntervals, faultIntervals, observationPanels, registryPanels } from '../../reports/run-annotations.js';

const fault = (time_s: number, action: string, target: string, reason = '') => ({
  time_s,
  controller: 'scenario',
  type: 'fault',
  action,
  target,
  from: '',
  to: '',
  reason,
});

describe('run report annotations from what the run wrote', () => {
  it('pairs a fault with its undo on the same target, runs an unpaired one to the end, and draws an instant thinly', () => {
    const events = [
      fault(600, 'partition', '[registry] ↔ [lb]'),
      fault(660, 'crash', 'web in zone-b', '1 instance(s): web-4'),
      fault(900, 'repair', '[registry] ↔ [lb]'),
      fault(1200, 'zone-outage', 'zone-b'),
    ];
    expect(faultIntervals(events, 1800)).toEqual([
      { start_s: 600, end_s: 900, label: 'partition [registry] ↔ [lb]' },
      { start_s: 660, end_s: 666, label: 'crash web in zone-b: 1 instance(s): web-4' },
      { start_s: 1200, end_s: 1800, label: 'zone-outage zone-b' },
    ]);
  });

  it('draws a band while the registry keeps live instances evicted, not for a crashed one it marks', () => {
    const reg = (time_s: number, action: string, target: string, reason: string) => ({
      time_s,
      controller: 'registry',
      type: 'registry',
      action,
      target,
      reason,
    });
    const events = [
      reg(675, 'mark-unhealthy', 'web-4', 'no heartbeat within ttl 15s; the instance is crashed'),
      reg(1215, 'mark-unhealthy', 'web-0', 'no heartbeat within ttl 15s; the instance is ready (live and ready: a false eviction)'),
      reg(1215, 'mark-unhealthy', 'web-3', 'no heartbeat within ttl 15s; the instance is ready (live and ready: a false eviction)'),
      reg(1380, 'return', 'web-0', 'healthy again'),
      reg(1385, 'return', 'web-3', 'healthy again'),
    ];
    expect(evictionIntervals(events, 1800)).toEqual([{ start_s: 1215, end_s: 1385, label: 'registry evicted 2 live instance(s)' }]);
  });

  it('reads the observation a controller acted on from its reasons, with age and reason, beside the true value', () => {
    const events = [
      {
        time_s: 15,
        controller: 'autoscaler',
        type: 'decision',
        action: 'hold',
        target: '',
        from: '',
        to: '',
        reason: 'cpu_utilization=0.714 (30s old) vs target 0.7: within tolerance 0.1',
      },
      {
        time_s: 30,
        controller: 'autoscaler',
        type: 'action',
        action: 'scale',
        target: 'web',
        from: 4,
        to: 6,
        reason: 'cpu_utilization=0.950 (30s old) vs target 0.7: 4 → 6',
      },
    ];
    const timeseries = [
      { time_s: 10, service: 'web', utilization: 0.7 },
      { time_s: 20, service: 'web', utilization: 0.96 },
    ];
    const [panel] = observationPanels(events, timeseries);
    expect(panel!.title).toBe('observed cpu_utilization vs truth');
    expect(panel!.rows).toEqual([
      {
        time_s: 15,
        series: 'observed cpu_utilization',
        value: 0.714,
        age_s: 30,
        reason: 'hold: cpu_utilization=0.714 (30s old) vs target 0.7: within tolerance 0.1',
      },
      { time_s: 30, series: 'observed cpu_utilization', value: 0.95, age_s: 30, reason: 'scale 4 → 6: cpu_utilization=0.950 (30s old) vs target 0.7: 4 → 6' },
      { time_s: 10, series: 'true utilization', value: 0.7 },
      { time_s: 20, series: 'true utilization', value: 0.96 },
    ]);
  });

  it('shows registry endpoints only when they ever differ from ready', () => {
    expect(registryPanels([{ time_s: 10, service: 'web', ready: 3, registered: 3, healthy_endpoints: 3 }])).toEqual([]);
    expect(registryPanels([{ time_s: 10, service: 'web', ready: 3, registered: 3, healthy_endpoints: 2 }])[0]!.rows).toHaveLength(3);
  });
});
