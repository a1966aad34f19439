import type { Micros } from '../../lib/time.js';
import type { ReplicatedStore } from '../consensus/replicated-store.js';
import { eventLabel } from '../engine/event-label.js';
import type { Simulation } from '../engine/simulation.js';
import type { CapacityStrategy } from './capacity-strategy.js';
import { requestWithTimeout } from './request-with-retry.js';

const TIMEOUT = eventLabel('timeout', 'occ');

/** The shared budget record as read from the store. */
interface BudgetSnapshot {
  readonly allocations: readonly number[];
  readonly version: number;
}

/**
 * Optimistic concurrency on a shared store replicated across the regions:
 * read the budget record (a quorum read), compute the grant, write it back
 * with a compare-and-swap on the version read; on a conflict (another region
 * wrote in between) or a timeout, read again and retry. Never overcommits;
 * each attempt costs two quorum round trips, and the more regions overlap
 * in time (the slower the network), the more attempts conflict.
 */
export class OccStrategy implements CapacityStrategy {
  readonly name = 'occ';
  private retried = 0;
  private allocations: number[];
  private version = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly store: ReplicatedStore,
    /** Controller host of each region. */
    private readonly hosts: readonly string[],
    private readonly budget: number,
    private readonly timeout: Micros,
  ) {
    this.allocations = new Array<number>(hosts.length).fill(0);
  }

  get retries(): number {
    return this.retried;
  }

  grow(region: number, _current: number, desired: number, done: (allocation: number) => void): void {
    const attempt = (): void =>
      this.read(region, attempt, (snap) => {
        const mine = snap.allocations[region]!;
        const free = this.budget - snap.allocations.reduce((a, b) => a + b, 0);
        const allocation = mine + Math.max(0, Math.min(desired - mine, free));
        if (allocation === mine) return done(mine);
        this.write(region, snap, allocation, attempt, () => done(allocation));
      });
    attempt();
  }

  shrink(region: number, allocation: number, done: () => void): void {
    const attempt = (): void =>
      this.read(region, attempt, (snap) => {
        if (snap.allocations[region] === allocation) return done();
        this.write(region, snap, allocation, attempt, done);
      });
    attempt();
  }

  private read(region: number, retry: () => void, then: (snap: BudgetSnapshot) => void): void {
    requestWithTimeout<BudgetSnapshot>(
      this.sim,
      this.timeout,
      TIMEOUT,
      (answer) => this.store.submit(this.hosts[region]!, () => ({ allocations: [...this.allocations], version: this.version }), answer),
      then,
      () => this.retry(retry),
    );
  }

  private write(region: number, snap: BudgetSnapshot, allocation: number, retry: () => void, then: () => void): void {
    requestWithTimeout<boolean>(
      this.sim,
      this.timeout,
      TIMEOUT,
      (answer) =>
        this.store.submit(
          this.hosts[region]!,
          () => {
            if (this.version !== snap.version) return false;
            this.allocations = snap.allocations.map((a, i) => (i === region ? allocation : a));
            this.version++;
            return true;
          },
          answer,
        ),
      (ok) => (ok ? then() : this.retry(retry)),
      () => this.retry(retry),
    );
  }

  private retry(attempt: () => void): void {
    this.retried++;
    attempt();
  }
}
