/**
 * A controller that keeps a service's key → instance routing table in step
 * with its membership (the ready instances), with any algorithm in
 * controllers/hashring, optionally limiting how many keys may move per
 * period.
 */

import { buildTable, type TableSpec } from '../../lib/hashring/factory.js';
import { measureLoad } from '../../lib/hashring/load.js';
import { measureMovement, type MovementReport } from '../../lib/hashring/movement.js';
import type { AlgorithmKind, AssignmentTable } from '../../lib/hashring/table.js';
import type { HashName } from '../../lib/hash/registry.js';
import type { Action, ReconcileResult, RoutingTableSpec } from '../port/actions.js';
import type { Controller } from '../port/controller.js';
import type { ObservedState } from '../port/observations.js';
import type { Micros } from '../../lib/time.js';
import { toSeconds } from '../../lib/time.js';
import { requeueWithin } from '../port/requeue.js';
import type { SummaryMetricsSource } from '../rollout/summary-metrics.js';
import { KeyMoveBudget } from './move-budget.js';
import { keyName } from '../../lib/cache/key-stream.js';
import { emptyRoutingTableSpec, routingTableSpec } from '../../lib/hashring/routing-table.js';

/** The algorithm and its options, without members (the controller supplies them). */
export interface TableChoice {
  /** The assignment algorithm. */
  readonly algorithm: AlgorithmKind;
  /** Virtual nodes per member (ring, bounded-load). */
  readonly vnodes?: number;
  /** Key hash. */
  readonly hash?: HashName;
  /** Maglev lookup table size, a prime. */
  readonly tableSize?: number;
  /** Bounded-load capacity factor c ≥ 1. */
  readonly capacityFactor?: number;
}

/** Knobs of the hashring controller. */
export interface HashringControllerOptions {
  /** Controller name. */
  readonly name: string;
  /** Service whose requests are routed by key. */
  readonly service: string;
  /** Algorithm and options. */
  readonly table: TableChoice;
  /**
   * Keys in the sample used to measure movement and load ("key-0" ...), and
   * the key set a bounded-load table places; default 1000.
   */
  readonly sampleKeys?: number;
  /** At most this fraction of the sample may move per `budgetPeriod`; absent: no limit. */
  readonly maxMovedFraction?: number;
  /** The period of the movement budget; default 1 minute. */
  readonly budgetPeriod?: Micros;
  /**
   * The loop's sync period: a reconcile held by the budget asks to be woken
   * when it has refilled, but never later than this, so instances that left
   * meanwhile leave the table on time. Absent: woken only at the refill.
   */
  readonly syncPeriod?: Micros;
}

/** One published change of the routing table. */
export interface MembershipChange {
  /** When it was published. */
  readonly at: Micros;
  /** Members added. */
  readonly added: readonly string[];
  /** Members removed. */
  readonly removed: readonly string[];
  /** Members after the change. */
  readonly members: number;
  /** Movement over the key sample, against the optimum. */
  readonly movement: MovementReport;
  /** Max over mean keys per member after the change (1 is perfect balance). */
  readonly maxOverMean: number;
}

/** Default key-sample size. */
export const DEFAULT_SAMPLE_KEYS = 1000;
/** Default movement-budget period. */
export const DEFAULT_BUDGET_PERIOD: Micros = 60_000_000;

/**
 * Keeps a routing table whose members are the service's ready instances.
 * Level-based: each reconcile compares the table's members with the ready
 * instances. Members that are gone leave at once, whatever the budget, since
 * a route to a removed instance fails; their moves still spend the budget.
 * New members join one at a time, in the order they appear, each only if
 * the budget allows the keys it would move; otherwise the controller holds,
 * logs why, and asks to be woken when the budget has refilled enough. Each
 * new table is published with a 'set-routing' action carrying its plain-data
 * spec and a reason giving the keys moved against the optimum.
 */
export class HashringController implements Controller, SummaryMetricsSource {
  readonly name: string;
  private current: AssignmentTable | undefined;
  private published = false;
  private generation = 0;
  private readonly sample: readonly string[];
  private readonly budget: KeyMoveBudget | undefined;
  private readonly history: MembershipChange[] = [];
  private readonly readySince = new Map<string, Micros>();
  private waited: Micros = 0;
  private joined = 0;
  private blocked = 0;

  constructor(private readonly options: HashringControllerOptions) {
    this.name = options.name;
    const n = options.sampleKeys ?? DEFAULT_SAMPLE_KEYS;
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`sampleKeys must be an integer ≥ 1, got ${n}`);
    this.sample = Array.from({ length: n }, (_, i) => keyName(i));
    const f = options.maxMovedFraction;
    if (f !== undefined) {
      if (!(f > 0 && f <= 1)) throw new RangeError(`maxMovedFraction must be in (0, 1], got ${f}`);
      this.budget = new KeyMoveBudget(Math.max(1, Math.round(f * n)), options.budgetPeriod ?? DEFAULT_BUDGET_PERIOD);
    }
    // A bad algorithm option is terminal: fail when built, not at the first reconcile.
    this.build(['probe-member']);
  }

  /** The table in force, if any member is ready. */
  table(): AssignmentTable | undefined {
    return this.current;
  }

  /** The member `key` routes to, or undefined when there is none (for a load balancer reading the controller directly). */
  lookup(key: string): string | undefined {
    return this.current?.lookup(key);
  }

  /** Every published change, oldest first (the first table is not a change). */
  changes(): readonly MembershipChange[] {
    return this.history;
  }

  /**
   * Summary metrics: hashring_changes; hashring_mean_moved_fraction and
   * hashring_mean_optimal_fraction over changes; hashring_moved_over_optimal
   * (Σ moved / Σ optimal, 1 is ideal); hashring_max_load_ratio (the worst
   * max/mean load of any published table); hashring_blocked (holds by the
   * budget); hashring_mean_join_wait_s (mean time from an instance being
   * ready to being routed to, over instances that joined an existing table).
   */
  summaryMetrics(): Readonly<Record<string, number | null>> {
    const h = this.history;
    const mean = (f: (c: MembershipChange) => number) => (h.length === 0 ? null : h.reduce((a, c) => a + f(c), 0) / h.length);
    const optimal = h.reduce((a, c) => a + c.movement.optimalFraction, 0);
    const moved = h.reduce((a, c) => a + c.movement.movedFraction, 0);
    return {
      hashring_changes: h.length,
      hashring_mean_moved_fraction: mean((c) => c.movement.movedFraction),
      hashring_mean_optimal_fraction: mean((c) => c.movement.optimalFraction),
      hashring_moved_over_optimal: optimal > 0 ? moved / optimal : null,
      hashring_max_load_ratio: h.length === 0 ? null : Math.max(...h.map((c) => c.maxOverMean)),
      hashring_blocked: this.blocked,
      hashring_mean_join_wait_s: this.joined === 0 ? null : toSeconds(this.waited / this.joined),
    };
  }

  reconcile(observed: ObservedState): ReconcileResult {
    const o = this.options;
    const now = observed.now;
    const service = observed.services.get(o.service);
    if (!service) return { actions: [], decisions: [{ outcome: 'hold', reason: `service ${o.service} not found` }] };
    const ready = service.instances.filter((i) => i.state === 'ready').map((i) => i.id);
    const readySet = new Set(ready);
    for (const id of ready) if (!this.readySince.has(id)) this.readySince.set(id, now);
    for (const id of [...this.readySince.keys()]) if (!readySet.has(id)) this.readySince.delete(id);

    const before = this.current;
    const members = before?.members ?? [];
    const removed = members.filter((m) => !readySet.has(m));
    const toAdd = ready.filter((m) => !members.includes(m));
    if (removed.length === 0 && toAdd.length === 0 && this.published) return { actions: [] };

    const decisions: { outcome: string; reason: string }[] = [];
    let table = before;
    const added: string[] = [];
    let requeueAt: Micros | undefined;
    if (table === undefined || removed.length === members.length) {
      // No previous owner survives: every key moves anyway, so all ready instances join at once.
      table = ready.length === 0 ? undefined : this.build(ready);
      added.push(...ready);
    } else {
      let t: AssignmentTable = table;
      for (const m of removed) {
        const next = t.withoutMember(m);
        this.budget?.spend(now, measureMovement(t, next, this.sample).moved);
        t = next;
      }
      for (const m of toAdd) {
        const next = t.withMember(m);
        const moved = measureMovement(t, next, this.sample).moved;
        if (this.budget !== undefined && !this.budget.allows(now, moved)) {
          this.blocked++;
          requeueAt = this.budget.readyAt(now, moved);
          const waiting = toAdd.length - added.length;
          decisions.push({
            outcome: 'blocked-by-move-budget',
            reason: `${waiting} ready instance${waiting === 1 ? '' : 's'} waiting to join: adding ${m} would move ${moved} of ${this.sample.length} sample keys, budget has ${Math.floor(this.budget.available(now))} (refills in ${toSeconds(requeueAt - now).toFixed(1)}s)`,
          });
          break;
        }
        this.budget?.spend(now, moved);
        t = next;
        added.push(m);
      }
      table = t;
    }
    // The first table is the start, not a join: its members waited for nothing.
    if (this.published) {
      for (const m of added) {
        this.waited += now - (this.readySince.get(m) ?? now);
        this.joined++;
      }
    }
    const changed = table !== before || !this.published;
    const actions: Action[] = [];
    if (changed) {
      this.current = table;
      this.published = true;
      this.generation++;
      const spec: RoutingTableSpec = table === undefined ? emptyRoutingTableSpec(o.table.algorithm, this.generation) : routingTableSpec(table, this.generation);
      actions.push({ kind: 'set-routing', service: o.service, table: spec, reason: this.record(now, before, table, added, removed) });
    }
    // Regression: requeueing only at the refill left crashed and drained instances in the table for
    // up to a budget period (thousands of stale routes at maxMovedFraction 0.05).
    return {
      actions,
      decisions,
      ...(requeueAt !== undefined ? { requeueAfter: requeueWithin(now, this.options.syncPeriod ?? Number.POSITIVE_INFINITY, [requeueAt]) } : {}),
    };
  }

  private build(members: readonly string[]): AssignmentTable {
    const t = this.options.table;
    const spec = {
      algorithm: t.algorithm,
      members,
      ...(t.hash !== undefined ? { hash: t.hash } : {}),
      ...(t.vnodes !== undefined && (t.algorithm === 'ring' || t.algorithm === 'bounded-load') ? { vnodes: t.vnodes } : {}),
      ...(t.tableSize !== undefined && t.algorithm === 'maglev' ? { tableSize: t.tableSize } : {}),
      ...(t.algorithm === 'bounded-load' ? { keys: this.sample, ...(t.capacityFactor !== undefined ? { capacityFactor: t.capacityFactor } : {}) } : {}),
    } as TableSpec; // the algorithm field picks the variant; buildTable validates every option
    return buildTable(spec);
  }

  /** Records the change in the history and says what it did, in one line. */
  private record(
    now: Micros,
    before: AssignmentTable | undefined,
    after: AssignmentTable | undefined,
    added: readonly string[],
    removed: readonly string[],
  ): string {
    const change = [...added.map((m) => `+${m}`), ...removed.map((m) => `-${m}`)].join(' ') || 'no change';
    if (after === undefined) return `${this.options.service}: ${change}: no ready instance to route to`;
    const load = measureLoad(after, this.sample);
    if (before === undefined)
      return `${this.options.service}: ${after.kind} table of ${after.members.length} members (${change}), max/mean load ${load.maxOverMean.toFixed(2)}`;
    const movement = measureMovement(before, after, this.sample);
    this.history.push({ at: now, added: [...added], removed: [...removed], members: after.members.length, movement, maxOverMean: load.maxOverMean });
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    return `${this.options.service}: ${change}: ${after.members.length} members, moved ${pct(movement.movedFraction)} of sample keys (optimal ${pct(movement.optimalFraction)}), max/mean load ${load.maxOverMean.toFixed(2)}`;
  }
}
