/**
 * One entry point that builds any assignment table from a tagged spec, so a
 * controller or an experiment file can pick the algorithm with one field.
 */

import { buildBoundedLoad, type BoundedLoadOptions } from './bounded-load.js';
import { HashringConfigError } from './config-error.js';
import { buildJumpTable, type JumpOptions } from './jump-table.js';
import { buildMaglev, type MaglevOptions } from './maglev.js';
import { buildRendezvous, type RendezvousOptions } from './rendezvous.js';
import { buildRing, type RingOptions } from './ring.js';
import type { AlgorithmKind, AssignmentTable } from './table.js';

/** The options of one algorithm, tagged with its kind. */
export type TableSpec =
  | ({ readonly algorithm: 'ring' } & RingOptions)
  | ({ readonly algorithm: 'jump' } & JumpOptions)
  | ({ readonly algorithm: 'rendezvous' } & RendezvousOptions)
  | ({ readonly algorithm: 'maglev' } & MaglevOptions)
  | ({ readonly algorithm: 'bounded-load' } & BoundedLoadOptions);

/** Every {@link AlgorithmKind}. */
export const ALGORITHM_KINDS: readonly AlgorithmKind[] = ['ring', 'jump', 'rendezvous', 'maglev', 'bounded-load'];

/** Builds the table `spec` describes; throws HashringConfigError on an unknown algorithm or a bad option. */
export function buildTable(spec: TableSpec): AssignmentTable {
  switch (spec.algorithm) {
    case 'ring':
      return buildRing(spec);
    case 'jump':
      return buildJumpTable(spec);
    case 'rendezvous':
      return buildRendezvous(spec);
    case 'maglev':
      return buildMaglev(spec);
    case 'bounded-load':
      return buildBoundedLoad(spec);
    default: {
      const unknown: unknown = (spec as { algorithm?: unknown }).algorithm;
      throw new HashringConfigError('algorithm', `must be one of ${ALGORITHM_KINDS.join(', ')}; got ${String(unknown)} (${typeof unknown})`);
    }
  }
}
