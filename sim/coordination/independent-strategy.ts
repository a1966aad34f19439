import type { Transport } from '../consensus/transport.js';
import type { CapacityStrategy } from './capacity-strategy.js';

/**
 * Independent action: each region decides alone from what it believes the
 * others hold, applies at once, and broadcasts its new allocation to the
 * other regions. Decisions take no time; beliefs are as stale as the
 * network is slow, so regions growing at about the same time overcommit the
 * budget.
 */
export class IndependentStrategy implements CapacityStrategy {
  readonly name = 'independent';
  readonly retries = 0;
  /** views[r][s]: what region r believes region s holds. */
  private readonly views: number[][];
  private readonly seen: number[][];
  private readonly sent: number[];

  constructor(
    private readonly transport: Transport,
    /** Controller host of each region. */
    private readonly hosts: readonly string[],
    private readonly budget: number,
  ) {
    const n = hosts.length;
    this.views = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    this.seen = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    this.sent = new Array<number>(n).fill(0);
  }

  grow(region: number, current: number, desired: number, done: (allocation: number) => void): void {
    const view = this.views[region]!;
    let others = 0;
    for (let s = 0; s < view.length; s++) if (s !== region) others += view[s]!;
    const allocation = current + Math.max(0, Math.min(desired - current, this.budget - current - others));
    if (allocation !== current) this.broadcast(region, allocation);
    done(allocation);
  }

  shrink(region: number, allocation: number, done: () => void): void {
    this.broadcast(region, allocation);
    done();
  }

  private broadcast(region: number, allocation: number): void {
    const seq = ++this.sent[region]!;
    for (let s = 0; s < this.hosts.length; s++) {
      if (s === region) continue;
      this.transport.send(this.hosts[region]!, this.hosts[s]!, () => {
        // Messages may overtake each other; keep the newest.
        if (seq <= this.seen[s]![region]!) return;
        this.seen[s]![region] = seq;
        this.views[s]![region] = allocation;
      });
    }
  }
}
