import type { Micros } from '../../lib/time.js';
import { eventLabel } from '../engine/event-label.js';
import type { EventLabel } from '../engine/event-label.js';
import type { RandomStream } from '../../lib/random.js';
import type { Simulation } from '../engine/simulation.js';
import type { CapacityLedger } from './capacity-ledger.js';
import type { CapacityStrategy } from './capacity-strategy.js';

/** What a regional controller's decisions took. */
export interface DecisionStats {
  /** Grow decisions that got at least part of what they asked. */
  granted: number;
  /** Grow decisions that got nothing (budget exhausted as far as the strategy knew). */
  denied: number;
  /** Shrink decisions. */
  shrunk: number;
  /** Time from deciding to grow until the granted capacity was applied, per granted decision, µs. */
  readonly latencies: Micros[];
}

/**
 * A region's capacity controller: level-based, it wants its allocation to
 * equal its demand. It shrinks at once (then announces it through the
 * strategy) and grows only through the strategy, one change at a time. It
 * reconciles shortly after its demand changes (a watch with jitter) and
 * every `syncPeriod`, which is when a denied request is tried again.
 */
export class RegionalController {
  private busy = false;
  private readonly label: EventLabel;

  constructor(
    private readonly sim: Simulation,
    /** The region's index. */
    readonly region: number,
    private readonly ledger: CapacityLedger,
    private readonly strategy: CapacityStrategy,
    private readonly stats: DecisionStats,
    private readonly syncPeriod: Micros,
    /** Reactions to a demand change come after U[0, reactionJitter]. */
    private readonly reactionJitter: Micros,
    private readonly rng: RandomStream,
  ) {
    this.label = eventLabel('reconcile', `region-${region}`);
  }

  /** Starts the periodic resync, first after a random phase. */
  start(): void {
    const sync = (): void => {
      this.reconcile();
      this.sim.after(this.syncPeriod, sync, this.label);
    };
    this.sim.after(Math.round(this.rng.uniform(0, this.syncPeriod)), sync, this.label);
  }

  /** The region's demand changed. */
  demandChanged(): void {
    this.sim.after(Math.round(this.rng.uniform(0, this.reactionJitter)), () => this.reconcile(), this.label);
  }

  private reconcile(): void {
    if (this.busy) return;
    const r = this.region;
    const desired = this.ledger.demanded(r);
    const current = this.ledger.allocated(r);
    if (desired === current) return;
    this.busy = true;
    if (desired < current) {
      this.ledger.allocate(r, desired);
      this.stats.shrunk++;
      this.strategy.shrink(r, desired, () => this.settle(true));
      return;
    }
    const decidedAt = this.sim.now;
    this.strategy.grow(r, current, desired, (allocation) => {
      if (allocation > this.ledger.allocated(r)) {
        this.ledger.allocate(r, allocation);
        this.stats.granted++;
        this.stats.latencies.push(this.sim.now - decidedAt);
        this.settle(true);
      } else {
        this.stats.denied++;
        // Nothing granted: wait for the next periodic sync rather than spin.
        this.settle(false);
      }
    });
  }

  private settle(again: boolean): void {
    this.busy = false;
    // Demand may have moved while the change was in flight; look again (asynchronously, so a synchronous strategy cannot recurse).
    if (again) this.sim.after(0, () => this.reconcile(), this.label);
  }
}
