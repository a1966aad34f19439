import type { LeaderElectionOptions } from '../../controllers/leader-election/config.js';
import { leaderElectionConfig } from '../../controllers/leader-election/config.js';
import { LeaderElector } from '../../controllers/leader-election/leader-elector.js';
import { LeaseLock } from '../../controllers/leader-election/lease-lock.js';
import type { Action, Decision } from '../../controllers/port/actions.js';
import type { Controller } from '../../controllers/port/controller.js';
import { ControllerLoop } from '../../controllers/port/loop.js';
import type { ObservedState } from '../../controllers/port/observations.js';
import type { ApplyOutcome } from '../../controllers/port/runtime.js';
import type { Micros } from '../../lib/time.js';
import type { EventLabel } from '../../sim/engine/event-label.js';
import { eventLabel } from '../../sim/engine/event-label.js';
import type { RandomStream } from '../../lib/random.js';
import type { Simulation } from '../../sim/engine/simulation.js';
import { VirtualRuntime } from '../../sim/virtual-runtime.js';
import type { FencedAction } from '../../sim/consensus/fenced-actuator.js';
import type { LeaseTable } from '../../sim/consensus/lease-table.js';
import type { ReplicatedStore } from '../../sim/consensus/replicated-store.js';
import { StoreLeaseApi } from '../../sim/consensus/store-lease-api.js';
import type { Transport } from '../../sim/consensus/transport.js';

/** A host's clock error: wall offset (µs) and rate drift (µs gained per µs). */
export interface ClockError {
  /** Offset of the wall clock from true time, µs. */
  readonly wallOffset: Micros;
  /** Rate error; -0.1 is a clock running 10 % slow. */
  readonly drift: number;
}

/** Everything a controller replica is wired to. */
export interface ControllerReplicaOptions {
  /** The replica's identity (its lease holder name). */
  readonly identity: string;
  /** Host it runs on. */
  readonly host: string;
  /** The host's clock error. */
  readonly clock: ClockError;
  /** Leader election timing (identity is the replica's). */
  readonly election: Omit<LeaderElectionOptions, 'identity'>;
  /** The engine. */
  readonly sim: Simulation;
  /** The network. */
  readonly transport: Transport;
  /** The replicated store holding the lease. */
  readonly store: ReplicatedStore;
  /** The lease table inside it. */
  readonly table: LeaseTable;
  /** Key of the lease the replicas compete for. */
  readonly leaseKey: string;
  /** Host of the actuator. */
  readonly actuatorHost: string;
  /** Delivers an action at the actuator's host. */
  readonly deliver: (sent: FencedAction) => void;
  /** What the controller sees. */
  readonly observe: (now: Micros) => ObservedState;
  /** Makes a fresh controller for each tenure (a restarted process starts with no private history). */
  readonly makeController: () => Controller;
  /** The controller's sync period. */
  readonly syncPeriod: Micros;
  /** Time a replica that stopped leading takes to campaign again (upstream processes exit and are restarted). */
  readonly restartDelay: Micros;
  /** The replica's stream; the elector and the controller fork their own. */
  readonly rng: RandomStream;
  /** Told when the replica starts or stops acting as leader. */
  readonly onLeading?: (identity: string, leading: boolean) => void;
  /** Told of every action the replica sends. */
  readonly onSend?: (sent: FencedAction) => void;
  /** Told of every decision its controller logs. */
  readonly onDecision?: (decision: Decision) => void;
}

/**
 * One controller replica in a failure domain: a client-go leader elector
 * over the replicated store and, while leading, a controller loop whose
 * actions go to the actuator over the network carrying the tenure's
 * fencing token. A replica whose elector exits campaigns again after
 * `restartDelay` with a fresh elector, as a restarted process would.
 */
export class ControllerReplica {
  private readonly electorRuntime: VirtualRuntime;
  private readonly controllerRuntime: VirtualRuntime;
  private readonly campaignLabel: EventLabel;
  private elector: LeaderElector | undefined;
  private loop: ControllerLoop | undefined;
  private campaigns = 0;

  constructor(private readonly options: ControllerReplicaOptions) {
    const o = options;
    const world = {
      observe: (now: Micros) => o.observe(now),
      apply: (_controller: string, action: Action): ApplyOutcome => this.send(action),
      log: (decision: Decision) => o.onDecision?.(decision),
    };
    const clock = { wallOffset: o.clock.wallOffset, drift: o.clock.drift };
    this.electorRuntime = new VirtualRuntime(o.sim, world, o.rng.fork('elector'), o.host, clock);
    this.controllerRuntime = new VirtualRuntime(o.sim, world, o.rng.fork('controller'), o.host, clock);
    this.campaignLabel = eventLabel('campaign', o.host);
  }

  /** The replica's identity. */
  get identity(): string {
    return this.options.identity;
  }

  /** True while the replica acts as leader. */
  get leading(): boolean {
    return this.elector?.leading ?? false;
  }

  /** How many times the replica has campaigned (1 + restarts). */
  get campaignCount(): number {
    return this.campaigns;
  }

  /** Starts campaigning after `delay` (true µs). */
  start(delay: Micros = 0): void {
    this.options.sim.after(delay, () => this.campaign(), this.campaignLabel);
  }

  private campaign(): void {
    const o = this.options;
    this.campaigns++;
    const lock = new LeaseLock(o.identity, new StoreLeaseApi(o.store, o.table, o.leaseKey, o.host));
    const elector = new LeaderElector(leaderElectionConfig({ ...o.election, identity: o.identity }), lock, this.electorRuntime, {
      onStartedLeading: () => {
        o.onLeading?.(o.identity, true);
        this.loop = new ControllerLoop(o.makeController(), this.controllerRuntime, o.syncPeriod);
        this.loop.start(0);
      },
      onStoppedLeading: () => {
        const wasLeading = this.loop !== undefined;
        this.loop?.stop();
        this.loop = undefined;
        if (wasLeading) o.onLeading?.(o.identity, false);
        this.electorRuntime.setTimer(o.restartDelay, () => this.campaign());
      },
    });
    this.elector = elector;
    elector.run();
  }

  private send(action: Action): ApplyOutcome {
    const o = this.options;
    const token = this.elector?.fencingToken;
    if (token === undefined) return 'rejected';
    const sent: FencedAction = { action, replica: o.identity, token, sentAt: o.sim.now };
    o.onSend?.(sent);
    o.transport.send(o.host, o.actuatorHost, () => o.deliver(sent));
    return 'applied';
  }
}
