/**
 * Routing tables as plain data and back: what a 'set-routing' action
 * carries, and how a load balancer rebuilds the exact assignment from it.
 */

import { BoundedLoadTable, buildBoundedLoad } from './bounded-load.js';
import { HashringConfigError, requireHashName } from './config-error.js';
import { buildTable } from './factory.js';
import { JumpTable } from './jump-table.js';
import { MaglevTable } from './maglev.js';
import { RendezvousTable } from './rendezvous.js';
import { RingTable } from './ring.js';
import type { AssignmentTable } from './table.js';

/**
 * A key → instance routing table as plain data, enough for a load balancer to
 * rebuild the exact assignment (`routingTableFromSpec` below does). An empty
 * `members` list means "no instance to route to".
 */
export interface RoutingTableSpec {
  /** Algorithm name: "ring", "jump", "rendezvous", "maglev" or "bounded-load". */
  readonly algorithm: string;
  /** Member instance ids, in the order the algorithm keeps them (Maglev's population order depends on it). */
  readonly members: readonly string[];
  /** Jump only: the slot layout, with null for holes left by removals, which `members` alone cannot rebuild. */
  readonly slots?: readonly (string | null)[];
  /** Algorithm options (vnodes, hash, tableSize, capacityFactor; bounded-load's placed keys). */
  readonly options: Readonly<Record<string, number | string | readonly string[]>>;
  /** Increases by one with every table the controller publishes, so a stale table can be told apart. */
  readonly generation: number;
}

/** Describes `table` as plain data, stamped with `generation`. */
export function routingTableSpec(table: AssignmentTable, generation: number): RoutingTableSpec {
  const base = { algorithm: table.kind, members: [...table.members], generation };
  if (table instanceof RingTable) return { ...base, options: { vnodes: table.vnodes, hash: table.hash } };
  if (table instanceof JumpTable) return { ...base, slots: [...table.slots], options: { hash: table.hash } };
  if (table instanceof RendezvousTable) return { ...base, options: { hash: table.hash } };
  if (table instanceof MaglevTable) return { ...base, options: { tableSize: table.tableSize, hash: table.hash } };
  if (table instanceof BoundedLoadTable) {
    return { ...base, options: { capacityFactor: table.capacityFactor, vnodes: table.vnodes, hash: table.hash, keys: table.keys } };
  }
  throw new HashringConfigError('table', `cannot describe a table of kind ${table.kind} built outside lib/hashring`);
}

/** A routing spec with no members: there is nothing to route to. */
export function emptyRoutingTableSpec(algorithm: string, generation: number): RoutingTableSpec {
  return { algorithm, members: [], options: {}, generation };
}

/**
 * Rebuilds the table a spec describes, lookup for lookup: a jump table keeps
 * its holes (from `slots`), everything else is determined by members and
 * options. Undefined for a spec with no members. Throws HashringConfigError
 * for a malformed spec.
 */
export function routingTableFromSpec(spec: RoutingTableSpec): AssignmentTable | undefined {
  if (spec.members.length === 0) return undefined;
  const o = spec.options;
  const num = (k: string) => (typeof o[k] === 'number' ? (o[k] as number) : undefined);
  const hash = o['hash'] === undefined ? undefined : requireHashName('options.hash', o['hash']);
  const common = { members: spec.members, ...(hash !== undefined ? { hash } : {}) };
  switch (spec.algorithm) {
    case 'jump':
      // The slot layout depends on the history of changes, so it is restored as recorded.
      if (spec.slots !== undefined) return new JumpTable(spec.slots, hash ?? 'murmur3-x86-32');
      return buildTable({ algorithm: 'jump', ...common });
    case 'bounded-load': {
      const keys = o['keys'];
      if (!Array.isArray(keys)) throw new HashringConfigError('options.keys', 'must be the list of placed keys for a bounded-load table');
      const capacityFactor = num('capacityFactor');
      const vnodes = num('vnodes');
      return buildBoundedLoad({
        ...common,
        keys: keys as string[],
        ...(capacityFactor !== undefined ? { capacityFactor } : {}),
        ...(vnodes !== undefined ? { vnodes } : {}),
      });
    }
    case 'ring': {
      const vnodes = num('vnodes');
      return buildTable({ algorithm: 'ring', ...common, ...(vnodes !== undefined ? { vnodes } : {}) });
    }
    case 'maglev': {
      const tableSize = num('tableSize');
      return buildTable({ algorithm: 'maglev', ...common, ...(tableSize !== undefined ? { tableSize } : {}) });
    }
    case 'rendezvous':
      return buildTable({ algorithm: 'rendezvous', ...common });
    default:
      throw new HashringConfigError('algorithm', `must be one of ring, jump, rendezvous, maglev, bounded-load; got ${JSON.stringify(spec.algorithm)}`);
  }
}
