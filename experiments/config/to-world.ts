import type { WorldSpec } from '../../sim/world/world.js';
import type { Experiment } from './experiment-schema.js';

/** Converts a validated experiment into the world's spec for a given seed. */
export function toWorldSpec(exp: Experiment, seed: number | string = exp.seed): WorldSpec {
  return {
    seed: String(seed),
    horizon: exp.horizon,
    tick: exp.tick,
    sampleEvery: exp.sampleEvery,
    sloLatency: exp.slo.latency,
    drainTime: exp.services[0]?.drainTime ?? 0,
    metrics: exp.metrics,
    services: exp.services.map((s) => ({
      name: s.name,
      initialReplicas: s.initialReplicas,
      zones: s.zones,
      version: s.version,
      capacity: s.capacity,
      startupDelay: s.startupDelay,
      load: s.load,
    })),
  };
}
