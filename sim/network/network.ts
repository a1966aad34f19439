import type { Micros } from '../../lib/time.js';
import type { DistributionSpec } from '../distribution.js';
import { sampler } from '../distribution.js';
import { eventLabel } from '../engine/event-label.js';
import type { RandomStream } from '../../lib/random.js';
import type { Simulation } from '../engine/simulation.js';
import type { Delivery } from './delivery.js';
import { decide } from './delivery.js';
import type { Link } from './link.js';
import type { NetworkSpec } from './network-spec.js';
import { Topology, UnknownHostError } from './topology.js';

/** Message counts since the start of the run. */
export interface NetworkStats {
  /** Messages handed to `send`. */
  sent: number;
  /** Messages delivered to their receiver. */
  delivered: number;
  /** Messages dropped by a partition, by loss, or while held when a partition began. */
  dropped: number;
  /** Messages that waited on a held link (delivered or dropped later). */
  held: number;
}

/** A link rule with its host and group names expanded. */
interface ResolvedRule {
  /** Sending hosts. */
  readonly from: ReadonlySet<string>;
  /** Receiving hosts. */
  readonly to: ReadonlySet<string>;
  /** Latency override, if the rule sets one. */
  readonly latency?: DistributionSpec;
  /** Loss override, if the rule sets one. */
  readonly loss?: number;
}

/**
 * Messages between named hosts over directed links (turmoil's model). Each
 * ordered pair of hosts has a `Link` whose state the fault verbs change;
 * `send` asks `decide` whether to deliver (after a latency), hold or drop.
 *
 * The verbs are small and symmetric and work on sets of hosts or groups:
 * `partition`/`repair`, `hold`/`release`, and `heal` to undo everything.
 * A zero-latency link delivers within the sending event, so an ideal network
 * adds no events to the trace.
 */
export class Network {
  /** Hosts and groups. */
  readonly topology: Topology;
  /** Message counts. */
  readonly stats: NetworkStats = { sent: 0, delivered: 0, dropped: 0, held: 0 };
  private readonly links = new Map<string, Link>();
  /** The same links by sender then receiver, so a send builds no key string. */
  private readonly bySender = new Map<string, Map<string, Link>>();
  private readonly rules: readonly ResolvedRule[];

  constructor(
    private readonly sim: Simulation,
    private readonly spec: NetworkSpec,
    /** The network's stream; each link forks `<from>><to>` from it. */
    private readonly rng: RandomStream,
  ) {
    this.topology = new Topology(spec);
    const rules: ResolvedRule[] = [];
    for (const r of spec.links) {
      const from = new Set(this.topology.resolve(r.from));
      const to = new Set(this.topology.resolve(r.to));
      const props = { ...(r.latency ? { latency: r.latency } : {}), ...(r.loss !== undefined ? { loss: r.loss } : {}) };
      rules.push({ from, to, ...props });
      if (r.symmetric) rules.push({ from: to, to: from, ...props });
    }
    this.rules = rules;
  }

  /** The link from `from` to `to`, created on first use from the spec. */
  link(from: string, to: string): Link {
    let row = this.bySender.get(from);
    const cached = row?.get(to);
    if (cached) return cached;
    const key = `${from}>${to}`;
    let link = this.links.get(key);
    if (link) return link;
    if (!this.topology.has(from)) throw new UnknownHostError(from, this.topology.names());
    if (!this.topology.has(to)) throw new UnknownHostError(to, this.topology.names());
    let latency = this.spec.defaultLatency;
    let loss = this.spec.defaultLoss;
    for (const r of this.rules) {
      if (r.from.has(from) && r.to.has(to)) {
        if (r.latency) latency = r.latency;
        if (r.loss !== undefined) loss = r.loss;
      }
    }
    const rng = this.rng.fork(key);
    link = {
      from,
      to,
      state: 'healthy',
      latency: sampler(latency, rng),
      instant: latency.kind === 'constant' && latency.value === 0,
      loss,
      rng,
      held: [],
      label: eventLabel('deliver', key),
    };
    this.links.set(key, link);
    if (!row) this.bySender.set(from, (row = new Map()));
    row.set(to, link);
    return link;
  }

  /**
   * Sends a message: `deliver` runs at the receiver when (and if) it arrives.
   * Returns what happened to it. A message sent from a host to itself is
   * delivered at once.
   */
  send(from: string, to: string, deliver: () => void): Delivery {
    this.stats.sent++;
    if (from === to) {
      this.stats.delivered++;
      deliver();
      return { kind: 'deliver', delay: 0 };
    }
    const link = this.link(from, to);
    const d = decide(link);
    this.dispatch(link, d, deliver, this.sim.now);
    return d;
  }

  /** True when a message from `from` to `to` would not be dropped by a partition or held (loss aside). */
  reachable(from: string, to: string): boolean {
    return from === to || this.link(from, to).state === 'healthy';
  }

  /** Cuts the links from every host of `a` to every host of `b`, and back unless `oneWay`. Held messages on them are dropped. */
  partition(a: readonly string[], b: readonly string[], oneWay = false): void {
    this.forPairs(a, b, oneWay, (link) => {
      this.stats.dropped += link.held.length;
      link.held.length = 0;
      link.state = 'partitioned';
    });
  }

  /** Undoes `partition` between the sets (held links stay held). */
  repair(a: readonly string[], b: readonly string[], oneWay = false): void {
    this.forPairs(a, b, oneWay, (link) => {
      if (link.state === 'partitioned') link.state = 'healthy';
    });
  }

  /** Holds messages from `a` to `b` (and back unless `oneWay`) until released. */
  hold(a: readonly string[], b: readonly string[], oneWay = false): void {
    this.forPairs(a, b, oneWay, (link) => {
      link.state = 'held';
    });
  }

  /** Releases held links between the sets; their queued messages go out in send order. */
  release(a: readonly string[], b: readonly string[], oneWay = false): void {
    this.forPairs(a, b, oneWay, (link) => this.releaseLink(link));
  }

  /** Makes every link healthy and releases everything held. */
  heal(): void {
    for (const link of this.links.values()) {
      if (link.state === 'held') this.releaseLink(link);
      else link.state = 'healthy';
    }
  }

  private releaseLink(link: Link): void {
    if (link.state !== 'held') return;
    link.state = 'healthy';
    const queued = link.held.splice(0);
    for (const m of queued) this.dispatch(link, decide(link), m.deliver, m.sentAt);
  }

  private dispatch(link: Link, d: Delivery, deliver: () => void, sentAt: Micros): void {
    switch (d.kind) {
      case 'deliver':
        if (d.delay === 0) {
          this.stats.delivered++;
          deliver();
        } else {
          this.sim.after(
            d.delay,
            () => {
              this.stats.delivered++;
              deliver();
            },
            link.label,
          );
        }
        return;
      case 'hold':
        this.stats.held++;
        link.held.push({ deliver, sentAt });
        return;
      case 'drop':
        this.stats.dropped++;
        return;
    }
  }

  private forPairs(a: readonly string[], b: readonly string[], oneWay: boolean, f: (link: Link) => void): void {
    const as = this.topology.resolve(a);
    const bs = this.topology.resolve(b);
    for (const x of as) {
      for (const y of bs) {
        if (x === y) continue;
        f(this.link(x, y));
        if (!oneWay) f(this.link(y, x));
      }
    }
  }
}
