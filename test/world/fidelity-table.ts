import { HOUR, MILLISECOND, SECOND } from '../../lib/time.js';
import { mmc } from '../../sim/models/queueing-theory.js';
import type { LoadNoiseSpec } from '../../sim/world/load-noise.js';
import type { Fidelity } from '../../sim/world/world-spec.js';
import { run, spec } from './helpers.js';

/** A layout of the fidelity suite: instances × slots of exponential 100 ms service. */
export interface Layout {
  /** Label in the table. */
  readonly name: string;
  /** Instances. */
  readonly instances: number;
  /** Slots per instance. */
  readonly slots: number;
}

/** Four one-slot instances (each an M/M/1 under random routing) and one four-slot instance (M/M/4). */
export const LAYOUTS: readonly Layout[] = [
  { name: '4 × 1 slot', instances: 4, slots: 1 },
  { name: '1 × 4 slots', instances: 1, slots: 4 },
];

/** Utilizations of the suite. */
export const RHOS = [0.5, 0.8, 0.9, 0.95] as const;

const SERVICE = 100 * MILLISECOND;

/** Exact mean latency (ms) of the layout at ρ with random routing: each instance an M/M/c. */
export function exactLatencyMs(layout: Layout, rho: number): number {
  const mu = SECOND / SERVICE;
  return mmc(rho * layout.slots * mu, mu, layout.slots).meanSojourn * 1000;
}

/** Served-weighted mean latency (ms) and drops of one run of the layout at ρ. */
export function measure(layout: Layout, rho: number, fidelity: Fidelity, noise: LoadNoiseSpec['kind'], seed = '1'): { latencyMs: number; dropped: number } {
  const rpsPerInstance = (layout.slots * SECOND) / SERVICE;
  // Longer runs near saturation, where the queue relaxes slowly.
  const horizon = rho >= 0.9 ? 4 * HOUR : 2 * HOUR;
  const { rows } = run(
    spec(
      { seed, horizon, fidelity },
      {
        initialReplicas: layout.instances,
        zones: ['zone-a'],
        balancer: 'random',
        capacity: {
          rpsPerInstance,
          serviceTime: { kind: 'exponential', mean: SERVICE },
          concurrency: layout.slots,
          maxBacklog: 1_000_000,
          queueLimit: 100_000,
        },
        load: [{ shape: 'constant', rps: rho * rpsPerInstance * layout.instances, ...(noise === 'poisson' ? { noise: { kind: 'poisson' } } : {}) }],
      },
    ),
  );
  // Skip the first minute (instances start empty).
  const steady = rows.filter((r) => (r['time_s'] as number) > 60);
  let served = 0;
  let weighted = 0;
  let dropped = 0;
  for (const r of steady) {
    served += r['served'] as number;
    weighted += (r['latency_ms'] as number) * (r['served'] as number);
    dropped += r['dropped'] as number;
  }
  return { latencyMs: weighted / served, dropped };
}
