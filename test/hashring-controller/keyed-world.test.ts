import { describe, expect, it } from 'vitest';
import { loadExperimentFile, validateExperiment } from '../../experiments/config/load.js';
import { runExperiment } from '../../experiments/runner/run-experiment.js';
import type { Row } from '../../sim/world/timeseries-sampler.js';

/** The built-in cache tier, cut to 25 minutes: warm-up, then the step to 1500 rps at 20m makes the autoscaler add instances. */
function cacheTier(edit: (doc: Record<string, unknown>) => void = () => {}) {
  const raw = structuredClone(loadExperimentFile('experiments/examples/hashring-autoscale.yaml').raw) as Record<string, unknown>;
  raw['horizon'] = '25m';
  delete raw['sweep'];
  edit(raw);
  const events: Row[] = [];
  const outcome = runExperiment(validateExperiment(raw), undefined, { events: { write: (r) => events.push(r) } });
  return { outcome, events };
}

describe('a hashring controller routing a cache tier in a world run', () => {
  const routed = cacheTier();

  it('has every routing table it publishes applied by the world, none rejected', () => {
    const routing = routed.events.filter((e) => e['action'] === 'set-routing');
    expect(routing.length).toBeGreaterThan(2);
    expect(routing.every((e) => e['type'] === 'action')).toBe(true);
  });

  it('reports the hit ratio and its dip through the scale-up among the summary metrics', () => {
    const m = routed.outcome.extraMetrics;
    expect(m['cache.cache_hit_ratio']).toBeGreaterThan(0.7);
    expect(m['cache.cache_hit_ratio_min']).toBeLessThan(m['cache.cache_hit_ratio']!);
    // Service metrics come before controller metrics.
    expect(Object.keys(m).indexOf('cache.cache_hit_ratio')).toBeLessThan(Object.keys(m).indexOf('router.hashring_changes'));
  });

  it('hits the cache far more often than the same tier balanced without a routing table', () => {
    const balanced = cacheTier((doc) => {
      delete (doc['controllers'] as Record<string, unknown>)['router'];
    });
    expect(balanced.events.some((e) => e['action'] === 'set-routing')).toBe(false);
    expect(routed.outcome.extraMetrics['cache.cache_hit_ratio']!).toBeGreaterThan(balanced.outcome.extraMetrics['cache.cache_hit_ratio']! + 0.2);
  });
});
