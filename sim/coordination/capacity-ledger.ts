import type { Micros } from '../../lib/time.js';

/** What the ledger measured. */
export interface LedgerTotals {
  /** ∫ max(0, Σ allocation − budget) dt, instance·seconds. */
  readonly overcommitInstanceSeconds: number;
  /** Largest Σ allocation − budget seen (0 if never over). */
  readonly peakOvercommit: number;
  /** Increases applied that left the total over the budget: conflicting capacity changes. */
  readonly conflictingChanges: number;
  /** ∫ Σ max(0, demand − allocation) dt, instance·seconds: demand left waiting. */
  readonly unmetInstanceSeconds: number;
}

/**
 * The true capacity allocated in each region under one global budget, as
 * the cloud provider would bill it, whatever any controller believes. It
 * integrates overcommit and unmet demand over true time.
 */
export class CapacityLedger {
  private readonly allocation: number[];
  private readonly demand: number[];
  private last: Micros;
  private overcommit = 0;
  private peak = 0;
  private conflicts = 0;
  private unmet = 0;

  constructor(
    /** The global budget, instances. */
    readonly budget: number,
    regions: number,
    private readonly now: () => Micros,
  ) {
    this.allocation = new Array<number>(regions).fill(0);
    this.demand = new Array<number>(regions).fill(0);
    this.last = now();
  }

  /** Capacity allocated in a region now. */
  allocated(region: number): number {
    return this.allocation[region] ?? 0;
  }

  /** Σ allocation over all regions. */
  get total(): number {
    return this.allocation.reduce((a, b) => a + b, 0);
  }

  /** Demand of a region now. */
  demanded(region: number): number {
    return this.demand[region] ?? 0;
  }

  /** Sets a region's allocation (an applied capacity change). */
  allocate(region: number, value: number): void {
    this.advance();
    const before = this.allocation[region] ?? 0;
    this.allocation[region] = value;
    const over = this.total - this.budget;
    if (value > before && over > 0) this.conflicts++;
    this.peak = Math.max(this.peak, over);
  }

  /** Sets a region's demand. */
  setDemand(region: number, value: number): void {
    this.advance();
    this.demand[region] = value;
  }

  /** Totals up to now. */
  totals(): LedgerTotals {
    this.advance();
    return { overcommitInstanceSeconds: this.overcommit, peakOvercommit: this.peak, conflictingChanges: this.conflicts, unmetInstanceSeconds: this.unmet };
  }

  private advance(): void {
    const t = this.now();
    const dt = (t - this.last) / 1e6;
    this.last = t;
    if (dt <= 0) return;
    this.overcommit += Math.max(0, this.total - this.budget) * dt;
    let unmet = 0;
    for (let r = 0; r < this.demand.length; r++) unmet += Math.max(0, (this.demand[r] ?? 0) - (this.allocation[r] ?? 0));
    this.unmet += unmet * dt;
  }
}
