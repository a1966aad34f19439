import { describe, expect, it } from 'vitest';
import { SECOND } from '../../lib/time.js';
import { PropertyMonitor } from '../../sim/properties/monitor.js';
import type { PropertyViolation } from '../../sim/properties/property.js';
import { loadExperimentFile, validateExperiment } from '../../experiments/config/load.js';
import { noStaleRoutes } from '../../experiments/properties/hashring-properties.js';
import { registryAgrees } from '../../experiments/properties/registry-properties.js';
import { experimentMonitor, runMetrics } from '../../experiments/properties/run-properties.js';
import { runExperiment } from '../../experiments/runner/run-experiment.js';

/** Runs a built-in experiment, with `patch` over its file (controllers merged by name), and returns its checked properties and violations. */
function check(file: string, patch: Record<string, unknown> = {}): { names: string[]; violations: PropertyViolation[] } {
  const raw = loadExperimentFile(`experiments/examples/${file}.yaml`).raw as Record<string, unknown>;
  const controllers = { ...(raw['controllers'] as object), ...((patch['controllers'] as object | undefined) ?? {}) };
  const exp = validateExperiment({ ...raw, ...patch, controllers });
  const monitor = experimentMonitor(exp, exp.seed);
  const outcome = runExperiment(exp, exp.seed, { timeseries: monitor.timeseries, events: monitor.events });
  return { names: monitor.properties.map((p) => p.name), violations: monitor.finish(runMetrics(outcome)) };
}

const named = (vs: readonly PropertyViolation[], name: string) => vs.find((v) => v.property === name);

describe('the rollout family', () => {
  it('holds on the built-in canary, blue-green and rolling-update experiments', () => {
    const canary = check('canary-bad-deploy');
    expect(canary.names).toEqual(['canary.stops-serving-failed-version', 'canary.rollout-settles']);
    expect(canary.violations).toEqual([]);
    const blueGreen = check('blue-green-bad-deploy');
    expect(blueGreen.names).toEqual(['deploy.stops-serving-failed-version', 'deploy.rollout-settles']);
    expect(blueGreen.violations).toEqual([]);
    const rolling = check('rolling-update');
    expect(rolling.names).toEqual(['deploy.rollout-settles']);
    expect(rolling.violations).toEqual([]);
  }, 120_000);

  it('catches a canary that keeps serving its failed version because it cannot reach the API to shift traffic back', () => {
    const { violations } = check('canary-bad-deploy', {
      horizon: '20m',
      scenario: [{ at: '7m', action: 'partition', between: [['controller/canary'], ['api']], for: '5m' }],
    });
    const v = named(violations, 'canary.stops-serving-failed-version');
    expect(v?.kind).toBe('safety');
    expect(v?.at).toBe(520 * SECOND);
    expect(v?.explanation).toMatch(
      /^v2 served \d+ requests of web in the 10s to 520s, more than 70s after its analysis failed at 435\.000002s \(background analysis of v2: error-rate failed 3 times, over its failureLimit 2\)$/,
    );
  }, 60_000);

  it('catches a rolling update whose progress deadline is shorter than its instances take to start', () => {
    // 12 replicas in batches of 3 surge + 3 unavailable: 2 batches × 30 s.
    const { violations } = check('rolling-update', {
      horizon: '20m',
      controllers: { deploy: { kind: 'rolling-update', service: 'web', version: 'v2', startAt: '10m', progressDeadlineSeconds: 30 } },
    });
    const v = named(violations, 'deploy.rollout-settles');
    expect(v?.kind).toBe('liveness');
    expect(v?.at).toBe(660 * SECOND);
    expect(v?.explanation).toBe("deploy's rollout started at 600s and had neither completed nor aborted 60s after it started");
  }, 60_000);
});

describe('the hashring family', () => {
  it('holds on the built-in hashring experiment', () => {
    const { names, violations } = check('hashring-autoscale');
    expect(names).toEqual(['autoscaler.replicas-within-bounds', 'cache.capacity-recovers', 'router.no-removed-members', 'router.no-stale-routes']);
    expect(violations).toEqual([]);
  }, 120_000);

  it('catches a table that keeps routing to drained members while the router is cut from the API', () => {
    const { violations } = check('hashring-autoscale', {
      horizon: '15m',
      scenario: [{ at: '5m', action: 'partition', between: [['controller/router'], ['api']], for: '5m' }],
    });
    const v = named(violations, 'router.no-removed-members');
    expect(v?.kind).toBe('safety');
    expect(v?.at).toBe(350 * SECOND);
    expect(v?.explanation).toBe("router's table routed cache to 12 members while only 6 were ready, from 330s to 350s, longer than the 10s grace");
  }, 60_000);

  it('lets stale routes last until its bound after the faults heal, and no longer', () => {
    const rows = (stale: number[]) => stale.map((s, i) => ({ time_s: (i + 1) * 10, service: 'cache', stale_routes: s }));
    const monitor = (faults: Array<{ start: number; end: number }>) =>
      new PropertyMonitor([noStaleRoutes('router', 'cache', 20 * SECOND)], { seed: 7, horizon: 600 * SECOND, faults });
    const healed = monitor([{ start: 10 * SECOND, end: 40 * SECOND }]);
    for (const r of rows([5, 5, 5, 5, 5, 5, 0])) healed.timeseries.write(r);
    expect(healed.finish({})).toEqual([]);
    const stuck = monitor([]);
    for (const r of rows([5, 5, 5, 5])) stuck.timeseries.write(r);
    expect(stuck.finish({})).toEqual([
      {
        property: 'router.no-stale-routes',
        kind: 'liveness',
        at: 40 * SECOND,
        explanation: 'cache: expected stale_routes <= 0, got stale_routes = 5 vs 0, failing since 10s, more than 20s after the faults healed (10s)',
      },
    ]);
  });
});

describe('the registry', () => {
  it('holds on the built-in registry experiment, partitions and crashes included', () => {
    const { names, violations } = check('registry-partition');
    expect(names).toEqual(['autoscaler.replicas-within-bounds', 'web.capacity-recovers', 'registry.removes-dead-instances', 'registry.agrees-with-instances']);
    expect(violations).toEqual([]);
  }, 120_000);

  it('catches a registry that lists a crashed instance for longer than 3 × ttl', () => {
    // Deliberately broken: removeAfter 5m with a 15 s ttl.
    const { violations } = check('registry-partition', { network: { registry: { ttl: '15s', heartbeatEvery: '5s', removeAfter: '5m' } } });
    const v = named(violations, 'registry.removes-dead-instances');
    expect(v?.kind).toBe('safety');
    expect(v?.at).toBe(710 * SECOND);
    expect(v?.explanation).toBe('the registry still listed web-4 (crashed) at 720s, more than 50s after it fell silent (marked unhealthy at 675s, ttl 15s)');
  }, 120_000);

  it('catches entries that disagree with the ready instances past its bound after the faults heal', () => {
    const m = new PropertyMonitor([registryAgrees(60 * SECOND)], { seed: 7, horizon: 600 * SECOND, faults: [{ start: 100 * SECOND, end: 200 * SECOND }] });
    for (let t = 110; t <= 280; t += 10) m.timeseries.write({ time_s: t, service: 'web', ready: 9, registered: 6, healthy_endpoints: 6 });
    expect(m.finish({})).toEqual([
      {
        property: 'registry.agrees-with-instances',
        kind: 'liveness',
        at: 270 * SECOND,
        explanation: 'web: the registry had 6 entries (6 healthy) for 9 ready instances from 110s to 270s, more than 60s after the faults healed (200s)',
      },
    ]);
  });
});

describe('the self-healing family', () => {
  const hang = { horizon: '25m', scenario: [{ at: '10m', action: 'hang', service: 'web', fraction: 0.2 }] };

  it('holds when the healer replaces hung instances', () => {
    const { names, violations } = check('self-healing-bad-instances', hang);
    expect(names).toEqual(['healer.replaces-hung-instances']);
    expect(violations).toEqual([]);
  }, 60_000);

  it('catches a healer that may never take an instance out (maxUnavailableFraction 0)', () => {
    const { violations } = check('self-healing-bad-instances', {
      ...hang,
      controllers: { healer: { kind: 'self-healing', service: 'web', maxUnavailableFraction: 0, syncPeriod: '10s' } },
    });
    const v = named(violations, 'healer.replaces-hung-instances');
    expect(v?.kind).toBe('liveness');
    expect(v?.at).toBe(950 * SECOND);
    expect(v?.explanation).toBe('web-1 hung at 600s and was not replaced by 960s, more than 350s after it hung');
  }, 60_000);
});
