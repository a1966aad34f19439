import type { Micros } from '../../lib/time.js';
import { RandomStream } from '../../lib/random.js';
import { Simulation } from '../../sim/engine/simulation.js';
import { Network } from '../../sim/network/network.js';
import type { NetworkSpec } from '../../sim/network/network-spec.js';

/**
 * What every study scenario builds alike: one simulation, the seed's root
 * random stream (components fork their own streams from it by name), and a
 * network on the simulation whose links draw from the root's `network` fork.
 */
export interface StudyWorld {
  /** The event loop and virtual clock. */
  readonly sim: Simulation;
  /** The seed's root stream. */
  readonly root: RandomStream;
  /** The hosts and links the scenario's messages cross. */
  readonly network: Network;
}

/** Builds a study's world for `seed` over `topology`. */
export function studyWorld(seed: number | string, topology: NetworkSpec): StudyWorld {
  const sim = new Simulation();
  const root = RandomStream.root(seed);
  return { sim, root, network: new Network(sim, topology, root.fork('network')) };
}

/** Runs a study's world to its horizon; returns the trace fingerprint and the engine events processed. */
export function runStudyWorld(world: StudyWorld, horizon: Micros): { readonly fingerprint: string; readonly events: number } {
  world.sim.run({ until: horizon });
  return { fingerprint: world.sim.fingerprint, events: world.sim.processed };
}
