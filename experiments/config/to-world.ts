import type { LinkRule } from '../../sim/network/network-spec.js';
import type { LoadSourceSpec } from '../../sim/world/load-source.js';
import type { ScenarioStep } from '../../sim/world/scenario-step.js';
import type { WorldSpec } from '../../sim/world/world.js';
import type { Experiment, ExperimentService } from './experiment-schema.js';

/** Converts a validated experiment into the world's spec for a given seed. */
export function toWorldSpec(exp: Experiment, seed: number | string = exp.seed): WorldSpec {
  return {
    seed: String(seed),
    horizon: exp.horizon,
    tick: exp.tick,
    sampleEvery: exp.sampleEvery,
    sloLatency: exp.slo.latency,
    ...(exp.slo.target !== undefined ? { sloTarget: exp.slo.target } : {}),
    ...(exp.analysis.warmup > 0 || exp.analysis.window !== undefined
      ? { analysis: { warmup: exp.analysis.warmup, ...(exp.analysis.window !== undefined ? { window: exp.analysis.window } : {}) } }
      : {}),
    fidelity: exp.fidelity,
    metrics: exp.metrics,
    services: exp.services.map((s) => ({
      name: s.name,
      initialReplicas: s.initialReplicas,
      zones: s.zones,
      version: s.version,
      capacity: s.capacity,
      startupDelay: s.startupDelay,
      drainTime: s.drainTime,
      load: s.load.map(loadSource),
      balancer: s.balancer,
      ...(s.churn ? { churn: s.churn } : {}),
      versions: s.versions,
      probePeriod: s.probePeriod,
      ...(s.cache ? { cache: s.cache } : {}),
    })),
    controllers: Object.keys(exp.controllers),
    network: {
      hosts: exp.network.hosts,
      regions: exp.network.regions,
      defaultLatency: exp.network.latency,
      defaultLoss: exp.network.loss,
      links: exp.network.links.map(
        (l): LinkRule => ({
          from: l.from,
          to: l.to,
          symmetric: !l.oneWay,
          ...(l.latency ? { latency: l.latency } : {}),
          ...(l.loss !== undefined ? { loss: l.loss } : {}),
        }),
      ),
      resyncEvery: exp.network.resync,
      ...(exp.network.registry ? { registry: exp.network.registry } : {}),
    },
    clocks: Object.fromEntries(Object.entries(exp.clocks).map(([host, c]) => [host, { wallOffset: c.offset, drift: c.drift * 1e-6 }])),
    scenario: exp.scenario satisfies readonly ScenarioStep[],
  };
}

/** One `load` entry as the world takes it (a trace's points were read at validation). */
function loadSource(l: ExperimentService['load'][number]): LoadSourceSpec {
  const noise = l.noise ? { noise: l.noise } : {};
  if (l.shape === 'trace') return { shape: 'trace', points: l.points, length: l.length, start: l.start, loop: l.loop, scale: l.scale, ...noise };
  return l;
}
