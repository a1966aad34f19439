import { describe, expect, it } from 'vitest';
import { ALLOW, ThrottleGovernor, TokenBucket } from '../../lib/policies/index.js';
import type { ActionGovernor } from '../../lib/policies/index.js';
import type { InstanceView, MetricSample, ObservedState } from '../../controllers/port/index.js';
import { MINUTE } from '../../controllers/port/index.js';
import { DEFAULT_OUTLIER_DETECTION, SelfHealingController } from '../../controllers/self-healing/index.js';

const allowAll: ActionGovernor<string> = { request: () => ALLOW, record: () => {} };

/** What probes and the latest scrape say about one ready instance. */
interface Signals {
  readonly consecutiveProbeFailures: number;
  readonly errorRate: number;
  readonly requests: number;
}

/** Ready instances `web-<k>` with the given signals (probe health on the view, error rate and requests as per-instance metrics), then starting ones. */
function fleet(signals: readonly Signals[], extra: Partial<InstanceView>[] = []): ObservedState {
  const instances: InstanceView[] = [
    ...signals.map((h, i) => ({
      id: `web-${i}`,
      service: 'web',
      zone: 'z',
      version: 'v1',
      state: 'ready' as const,
      createdAt: 0,
      readyAt: 0,
      health: { consecutiveProbeFailures: h.consecutiveProbeFailures },
    })),
    ...extra.map((e, i) => ({ id: `new-${i}`, service: 'web', zone: 'z', version: 'v1', state: 'starting' as const, createdAt: 0, ...e })),
  ];
  const sample = (name: string, value: number): MetricSample => ({ name, value, measuredAt: 10 * MINUTE });
  const instanceMetrics = Object.fromEntries(
    signals.map((h, i) => [`web-${i}`, { requests: sample('requests', h.requests), error_rate: sample('error_rate', h.errorRate) }]),
  );
  return { now: 10 * MINUTE, services: new Map([['web', { name: 'web', desiredReplicas: instances.length, instances, metrics: {}, instanceMetrics }]]) };
}

const healthy: Signals = { consecutiveProbeFailures: 0, errorRate: 0.01, requests: 1000 };
const failing: Signals = { consecutiveProbeFailures: 3, errorRate: 0.01, requests: 1000 };

function healer(overrides: Partial<ConstructorParameters<typeof SelfHealingController>[0]> = {}) {
  return new SelfHealingController({
    name: 'healer',
    service: 'web',
    probeFailureThreshold: 3,
    maxUnavailableFraction: 0.5,
    governor: allowAll,
    outlierDetection: DEFAULT_OUTLIER_DETECTION,
    ...overrides,
  });
}

describe('SelfHealingController', () => {
  it('replaces an instance that failed three probes in a row', () => {
    const { actions } = healer().reconcile(fleet([healthy, failing, healthy, healthy]));
    expect(actions).toEqual([{ kind: 'replace', instance: 'web-1', reason: 'web-1: 3 consecutive failed probes' }]);
  });

  it('leaves an instance with two failed probes alone', () => {
    expect(healer().reconcile(fleet([healthy, { ...failing, consecutiveProbeFailures: 2 }])).actions).toEqual([]);
  });

  it('replaces at most maxUnavailableFraction of the fleet when a partition fails every probe', () => {
    const r = healer({ maxUnavailableFraction: 0.2 }).reconcile(fleet(Array(10).fill(failing)));
    expect(r.actions.map((a) => a.kind === 'replace' && a.instance)).toEqual(['web-0', 'web-1']);
    expect(r.decisions?.filter((d) => d.outcome === 'blocked-by-max-unavailable')).toHaveLength(8);
  });

  it('counts instances still starting against the unavailability budget', () => {
    const r = healer({ maxUnavailableFraction: 0.25 }).reconcile(fleet([failing, failing, healthy, healthy, healthy, healthy], [{}, {}]));
    expect(r.actions).toEqual([]);
  });

  it('ejects a success-rate outlier that still passes its probes (a grey failure)', () => {
    const grey: Signals = { consecutiveProbeFailures: 0, errorRate: 0.4, requests: 1000 };
    const { actions } = healer().reconcile(fleet([healthy, healthy, grey, healthy, healthy, healthy]));
    expect(actions).toEqual([{ kind: 'replace', instance: 'web-2', reason: 'web-2: success-rate outlier (error rate 40.0%)' }]);
  });

  it('does not judge outliers among fewer than minHosts busy instances', () => {
    const grey: Signals = { consecutiveProbeFailures: 0, errorRate: 0.4, requests: 1000 };
    expect(healer().reconcile(fleet([healthy, grey, healthy])).actions).toEqual([]);
  });

  it('asks the governor before each replacement and requeues when it says wait', () => {
    // One replacement a minute, no burst beyond one.
    const governor = new ThrottleGovernor(new TokenBucket({ limit: 1 / 60, burst: 1 }));
    const h = healer({ governor });
    const r = h.reconcile(fleet([failing, failing, healthy, healthy]));
    expect(r.actions.map((a) => a.kind === 'replace' && a.instance)).toEqual(['web-0']);
    expect(r.decisions?.[0]?.outcome).toBe('blocked-by-governor');
    expect(r.requeueAfter).toBeGreaterThan(0);
    expect(r.requeueAfter).toBeLessThanOrEqual(MINUTE);
  });
});
