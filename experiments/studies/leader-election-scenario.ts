import { TargetUtilizationAutoscaler } from '../../controllers/autoscalers/target-utilization.js';
import type { Micros } from '../../lib/time.js';
import { SECOND, toSeconds } from '../../lib/time.js';
import { ControllerReplica } from './controller-replica.js';
import type { Actuation, FencedAction } from '../../sim/consensus/fenced-actuator.js';
import { FencedActuator } from '../../sim/consensus/fenced-actuator.js';
import { LeadershipTimeline, conflictingActions } from '../../sim/consensus/leadership-timeline.js';
import type { Tenure } from '../../sim/consensus/lease-table.js';
import { LeaseTable } from '../../sim/consensus/lease-table.js';
import { ReplicatedStore } from '../../sim/consensus/replicated-store.js';
import { ScaleTarget } from '../../sim/consensus/scale-target.js';
import { zonedNetwork } from '../../sim/consensus/zoned-network.js';
import { runStudyWorld, studyWorld } from './study-world.js';

/** Knobs of the redundant-controller scenario. Durations in µs. */
export interface LeaderElectionScenario {
  /** Virtual time covered. */
  readonly horizon: Micros;
  /** Failure domains (zones). */
  readonly zones: number;
  /** Controller replicas, spread round-robin over the zones. */
  readonly controllerReplicas: number;
  /** Replicas of the lease store, spread round-robin over the zones. */
  readonly storeReplicas: number;
  /** client-go lease duration. */
  readonly leaseDuration: Micros;
  /** client-go renew deadline. */
  readonly renewDeadline: Micros;
  /** client-go retry period. */
  readonly retryPeriod: Micros;
  /** Median one-way latency inside a zone. */
  readonly intraZoneLatency: Micros;
  /** Median one-way latency between zones (and to the API). */
  readonly interZoneLatency: Micros;
  /** Log-normal spread of message latency (0: constant). */
  readonly latencySigma: number;
  /** Each controller host's clock drift is drawn from U[−spread, spread]. */
  readonly clockDriftSpread: number;
  /** Each controller host's wall-clock offset is drawn from U[−spread, spread] µs (client-go ignores it). */
  readonly clockOffsetSpread: Micros;
  /** Extra drift of replica 0, the one that campaigns first and so leads first (−0.3: its clock runs 30 % slow). */
  readonly firstLeaderDrift: number;
  /** The actuator checks fencing tokens. */
  readonly fencing: boolean;
  /** When the current leader's zone is cut off from the other zones. */
  readonly partitionAt: Micros;
  /** How long the partition lasts (0: no partition). */
  readonly partitionFor: Micros;
  /** While partitioned, the isolated zone's messages to the API are held and delivered when the partition heals (a congested, not a cut, path). */
  readonly holdActions: boolean;
  /** Delay before a replica that stopped leading campaigns again. */
  readonly restartDelay: Micros;
  /** The autoscaler's sync period. */
  readonly syncPeriod: Micros;
  /** Two applied actions from different leaders closer than this conflict. */
  readonly overlapWindow: Micros;
  /** The offered load is redrawn this often. */
  readonly loadPeriod: Micros;
  /** More zone partitions beside the one above (a study file's `faults:`); none by default. */
  readonly faults?: readonly ZoneFault[];
}

/** Defaults: three zones, three replicas, client-go's 15 s / 10 s / 2 s, a one-minute partition of the leader's zone. */
export const LEADER_ELECTION_DEFAULTS: LeaderElectionScenario = {
  horizon: 10 * 60 * SECOND,
  zones: 3,
  controllerReplicas: 3,
  storeReplicas: 3,
  leaseDuration: 15 * SECOND,
  renewDeadline: 10 * SECOND,
  retryPeriod: 2 * SECOND,
  intraZoneLatency: 500,
  interZoneLatency: 2_000,
  latencySigma: 0.3,
  clockDriftSpread: 0,
  clockOffsetSpread: 0,
  firstLeaderDrift: 0,
  fencing: true,
  partitionAt: 120 * SECOND,
  partitionFor: 60 * SECOND,
  holdActions: true,
  restartDelay: 5 * SECOND,
  syncPeriod: 5 * SECOND,
  overlapWindow: 30 * SECOND,
  loadPeriod: 20 * SECOND,
  faults: [],
};

/** The scenario's summary metrics (one row). */
export interface LeaderElectionMetrics {
  /** Seconds during which two or more replicas acted as leader. */
  readonly two_leader_s: number;
  /** Seconds during which no replica acted as leader. */
  readonly no_leader_s: number;
  /** Most replicas acting as leader at once. */
  readonly max_leaders: number;
  /** Acquisitions of the lease (tenures). */
  readonly acquisitions: number;
  /** Failovers: 1 when another replica acquired the lease after the leader's zone was cut off, else 0 (the scenario partitions once). */
  readonly failovers: number;
  /** Seconds from the partition to the next acquisition by another replica; null when that never happened (no failover, or no partition). */
  readonly failover_s: number | null;
  /** Actions the leaders sent. */
  readonly actions_sent: number;
  /** Actions sent by a replica whose tenure had already been superseded in the store. */
  readonly deposed_actions_sent: number;
  /** Actions the actuator applied. */
  readonly actions_applied: number;
  /** Actions the actuator rejected for a stale fencing token. */
  readonly actions_rejected: number;
  /** Actions applied although a newer tenure existed (split-brain actions). */
  readonly deposed_actions_applied: number;
  /** Applied actions within `overlapWindow` of an applied action from a different replica. */
  readonly conflicting_actions: number;
  /** Requests to the lease store (elections and fenced actions). */
  readonly store_requests: number;
  /** Messages on the network. */
  readonly messages: number;
}

/** Everything a run produced. */
export interface LeaderElectionOutcome {
  /** Summary metrics. */
  readonly metrics: LeaderElectionMetrics;
  /** Every actuator decision, in order. */
  readonly actuations: readonly Actuation[];
  /** Every tenure of the lease. */
  readonly tenures: readonly Tenure[];
  /** Every action sent, with whether its sender had been deposed when it sent it. */
  readonly sent: ReadonlyArray<FencedAction & { readonly deposed: boolean }>;
  /** Every change of who acts as leader, in true time order (a replica starting or stopping to lead). */
  readonly leadership: ReadonlyArray<{ readonly at: Micros; readonly identity: string; readonly leading: boolean }>;
  /** Trace fingerprint. */
  readonly fingerprint: string;
  /** Events processed. */
  readonly events: number;
}

/**
 * A zone cut off from the other zones for a while (the API stays reachable).
 * Repairing restores every link between the zone and the rest, so
 * overlapping faults on the same zone end with the first repair.
 */
export interface ZoneFault {
  /** True time the fault starts. */
  readonly at: Micros;
  /** How long it lasts. */
  readonly duration: Micros;
  /** Which zone: an index, or the zone of the lease holder at `at`. */
  readonly zone: number | 'leader';
  /** Hold (delay until repair) the zone's messages to the API instead of delivering them. */
  readonly hold: boolean;
}

const LEASE_KEY = 'leases/autoscaler';
const API_HOST = 'api';

/**
 * Builds and runs the redundant-controller world: controller replicas and
 * store replicas spread over zones, an actuator on a global API host, a
 * scale target, the partition of the leader's zone the params describe,
 * and any `extraFaults`; returns the metrics.
 */
export function runLeaderElectionScenario(
  params: LeaderElectionScenario,
  seed: number | string,
  extraFaults: readonly ZoneFault[] = [],
): LeaderElectionOutcome {
  const p = params;
  const zoneOf = (i: number): string => `zone-${i % p.zones}`;
  const ctlHosts = Array.from({ length: p.controllerReplicas }, (_, i) => `ctl-${i}`);
  const storeHosts = Array.from({ length: p.storeReplicas }, (_, i) => `store-${i}`);
  const zones: Record<string, string[]> = {};
  for (let z = 0; z < p.zones; z++) zones[`zone-${z}`] = [];
  ctlHosts.forEach((h, i) => zones[zoneOf(i)]!.push(h));
  storeHosts.forEach((h, i) => zones[zoneOf(i)]!.push(h));
  const world = studyWorld(seed, zonedNetwork({ zones, global: [API_HOST] }, { intra: p.intraZoneLatency, inter: p.interZoneLatency, sigma: p.latencySigma }));
  const { sim, root, network } = world;

  const store = new ReplicatedStore(network, storeHosts);
  const table = new LeaseTable(() => sim.now);
  const target = new ScaleTarget(sim, root.fork('load'), {
    service: 'web',
    initialReplicas: 5,
    capacityPerReplica: 100,
    loadMin: 200,
    loadMax: 1200,
    loadPeriod: p.loadPeriod,
  });
  const actuator = new FencedActuator({
    host: API_HOST,
    fencing: p.fencing,
    store,
    table,
    leaseKey: LEASE_KEY,
    now: () => sim.now,
    apply: (a) => target.apply(a),
  });
  const timeline = new LeadershipTimeline(() => sim.now);
  const leadership: Array<{ at: Micros; identity: string; leading: boolean }> = [];
  const sent: Array<FencedAction & { deposed: boolean }> = [];

  const clocks = root.fork('clocks');
  const replicas = ctlHosts.map((host, i) => {
    const drift = clocks.uniform(-p.clockDriftSpread, p.clockDriftSpread) + (i === 0 ? p.firstLeaderDrift : 0);
    const wallOffset = Math.round(clocks.uniform(-p.clockOffsetSpread, p.clockOffsetSpread));
    const identity = `replica-${i}`;
    return new ControllerReplica({
      identity,
      host,
      clock: { wallOffset, drift },
      election: { leaseDuration: p.leaseDuration, renewDeadline: p.renewDeadline, retryPeriod: p.retryPeriod },
      sim,
      transport: network,
      store,
      table,
      leaseKey: LEASE_KEY,
      actuatorHost: API_HOST,
      deliver: (s) => actuator.receive(s),
      observe: (now) => target.observe(now),
      makeController: () =>
        new TargetUtilizationAutoscaler({
          name: `autoscaler@${identity}`,
          service: 'web',
          metric: 'cpu_utilization',
          target: 0.6,
          tolerance: 0.1,
          minReplicas: 1,
          maxReplicas: 100,
          scaleUpCooldown: 0,
          scaleDownCooldown: 0,
        }),
      syncPeriod: p.syncPeriod,
      restartDelay: p.restartDelay,
      rng: root.fork(`replica/${identity}`),
      onLeading: (id, leading) => {
        timeline.set(id, leading);
        leadership.push({ at: sim.now, identity: id, leading });
      },
      onSend: (s) => sent.push({ ...s, deposed: s.token < table.token(LEASE_KEY) }),
    });
  });
  // Staggered starts make replica 0 the first leader, so its clock knob means something.
  replicas.forEach((r, i) => r.start(i * SECOND));
  target.start();

  const hostOf = new Map(replicas.map((r, i) => [r.identity, ctlHosts[i]!]));
  const isolate = (fault: ZoneFault): void => {
    const zone =
      fault.zone === 'leader'
        ? Object.keys(zones).find((z) => zones[z]!.includes(hostOf.get(table.holder(LEASE_KEY)) ?? ctlHosts[0]!))!
        : `zone-${fault.zone % p.zones}`;
    const isolated = zones[zone]!;
    const others = Object.entries(zones).flatMap(([z, hs]) => (z === zone ? [] : hs));
    const isolatedControllers = isolated.filter((h) => ctlHosts.includes(h));
    network.partition(isolated, others);
    if (fault.hold) network.hold(isolatedControllers, [API_HOST], true);
    sim.after(fault.duration, () => {
      network.repair(isolated, others);
      if (fault.hold) network.release(isolatedControllers, [API_HOST], true);
    });
  };
  let partitionedLeader: string | undefined;
  if (p.partitionFor > 0) {
    sim.at(p.partitionAt, () => {
      partitionedLeader = table.holder(LEASE_KEY);
      isolate({ at: p.partitionAt, duration: p.partitionFor, zone: 'leader', hold: p.holdActions });
    });
  }
  for (const f of [...(p.faults ?? []), ...extraFaults]) sim.at(f.at, () => isolate(f));

  const { fingerprint, events } = runStudyWorld(world, p.horizon);

  const totals = timeline.totals();
  const tenures = table.tenures(LEASE_KEY);
  const applied = actuator.log.filter((a) => a.outcome === 'applied');
  const failover = partitionedLeader === undefined ? undefined : tenures.find((t) => t.acquiredAt >= p.partitionAt && t.holder !== partitionedLeader);
  const metrics: LeaderElectionMetrics = {
    two_leader_s: toSeconds(totals.several),
    no_leader_s: toSeconds(totals.none),
    max_leaders: totals.maxLeaders,
    acquisitions: tenures.length,
    failovers: failover ? 1 : 0,
    failover_s: failover ? toSeconds(failover.acquiredAt - p.partitionAt) : null,
    actions_sent: sent.length,
    deposed_actions_sent: sent.filter((s) => s.deposed).length,
    actions_applied: applied.length,
    actions_rejected: actuator.log.length - applied.length,
    deposed_actions_applied: applied.filter((a) => a.sent.token < a.currentToken).length,
    conflicting_actions: conflictingActions(
      applied.map((a) => ({ at: a.at, replica: a.sent.replica })),
      p.overlapWindow,
    ),
    store_requests: store.stats.requests,
    messages: network.stats.sent,
  };
  return { metrics, actuations: actuator.log, tenures, sent, leadership, fingerprint, events };
}
