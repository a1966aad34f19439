import type { Micros } from '../../lib/time.js';
import type { Transport } from '../consensus/transport.js';
import { eventLabel } from '../engine/event-label.js';
import type { Simulation } from '../engine/simulation.js';
import type { CapacityStrategy } from './capacity-strategy.js';
import { requestWithTimeout } from './request-with-retry.js';

const TIMEOUT = eventLabel('timeout', 'coordinator');

/**
 * A central coordinator: one process, in one region, keeps the budget's
 * ledger and answers every region's request in turn, so grants never
 * exceed the budget. A decision costs a round trip to the coordinator's
 * region; requests are retried after `timeout` and deduplicated by id, so
 * a lost answer never grants twice. The coordinator is a single point of
 * failure (not replicated here).
 */
export class CoordinatorStrategy implements CapacityStrategy {
  readonly name = 'coordinator';
  private retried = 0;
  private nextId = 0;
  private readonly ledger: number[];
  private readonly answers = new Map<number, number>();

  constructor(
    private readonly sim: Simulation,
    private readonly transport: Transport,
    /** Controller host of each region. */
    private readonly hosts: readonly string[],
    /** The coordinator's host. */
    private readonly coordinatorHost: string,
    private readonly budget: number,
    private readonly timeout: Micros,
  ) {
    this.ledger = new Array<number>(hosts.length).fill(0);
  }

  get retries(): number {
    return this.retried;
  }

  grow(region: number, _current: number, desired: number, done: (allocation: number) => void): void {
    const id = this.nextId++;
    this.call(
      region,
      () => {
        const previous = this.answers.get(id);
        if (previous !== undefined) return previous;
        const mine = this.ledger[region]!;
        const free = this.budget - this.ledger.reduce((a, b) => a + b, 0);
        const allocation = mine + Math.max(0, Math.min(desired - mine, free));
        this.ledger[region] = allocation;
        this.answers.set(id, allocation);
        return allocation;
      },
      done,
    );
  }

  shrink(region: number, allocation: number, done: () => void): void {
    this.call(
      region,
      () => {
        this.ledger[region] = allocation;
        return allocation;
      },
      () => done(),
    );
  }

  private call(region: number, handle: () => number, done: (allocation: number) => void): void {
    const from = this.hosts[region]!;
    const attempt = (): void =>
      requestWithTimeout<number>(
        this.sim,
        this.timeout,
        TIMEOUT,
        (answer) => {
          this.transport.send(from, this.coordinatorHost, () => {
            const result = handle();
            this.transport.send(this.coordinatorHost, from, () => answer(result));
          });
        },
        done,
        () => {
          this.retried++;
          attempt();
        },
      );
    attempt();
  }
}
