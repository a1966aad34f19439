import type { Action } from '../../controllers/port/actions.js';
import type { Micros } from '../../lib/time.js';
import type { LeaseTable } from './lease-table.js';
import type { ReplicatedStore } from './replicated-store.js';

/** An action as a controller replica sends it: what to do, who sent it, under which fencing token. */
export interface FencedAction {
  /** The controller's action. */
  readonly action: Action;
  /** Identity of the sending replica. */
  readonly replica: string;
  /** The sender's fencing token (its tenure) when it sent the action. */
  readonly token: number;
  /** True time it was sent. */
  readonly sentAt: Micros;
}

/** What the actuator did with one action. */
export interface Actuation {
  /** True time of the decision. */
  readonly at: Micros;
  /** The action and its envelope. */
  readonly sent: FencedAction;
  /** The lease's fencing token in the store at that time (the current tenure). */
  readonly currentToken: number;
  /** Applied, or rejected because its token was stale. */
  readonly outcome: 'applied' | 'rejected';
}

/** Knobs of a fenced actuator. */
export interface FencedActuatorOptions {
  /** Host the actuator runs on. */
  readonly host: string;
  /** Check fencing tokens (else apply whatever arrives). */
  readonly fencing: boolean;
  /** The store holding the lease. */
  readonly store: ReplicatedStore;
  /** The lease table inside it. */
  readonly table: LeaseTable;
  /** The lease whose tokens fence the actions. */
  readonly leaseKey: string;
  /** True time. */
  readonly now: () => Micros;
  /** Carries an action out in the world. */
  readonly apply: (action: Action) => void;
}

/**
 * The world's apply path, guarded by fencing tokens.
 *
 * With fencing on, an action is applied as a transaction in the replicated
 * store that holds the lease (etcd's `Txn` with a compare on the lease, or
 * Kubernetes objects living next to their Lease): at the transaction's
 * linearization point the action's token is compared with the lease's
 * current token, and the action is applied only if no newer tenure exists.
 * Because the check and the write are one atomic step, no action from a
 * deposed leader can ever be applied, however late it arrives; the price is
 * a quorum round trip per action, and no actuation at all from a host cut
 * off from the store's majority.
 *
 * With fencing off, every action is applied as it arrives.
 */
export class FencedActuator {
  /** Every decision, in order. */
  readonly log: Actuation[] = [];

  constructor(private readonly options: FencedActuatorOptions) {}

  /** The actuator's host. */
  get host(): string {
    return this.options.host;
  }

  /** Handles an action that arrived at the actuator's host. */
  receive(sent: FencedAction): void {
    const o = this.options;
    if (!o.fencing) {
      this.decide(sent, true);
      return;
    }
    o.store.submit(
      o.host,
      () => this.decide(sent, sent.token >= o.table.token(o.leaseKey)),
      () => {},
    );
  }

  private decide(sent: FencedAction, accept: boolean): void {
    const o = this.options;
    const currentToken = o.table.token(o.leaseKey);
    if (accept) o.apply(sent.action);
    this.log.push({ at: o.now(), sent, currentToken, outcome: accept ? 'applied' : 'rejected' });
  }
}
