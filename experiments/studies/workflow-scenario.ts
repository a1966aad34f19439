import type { Micros } from '../../lib/time.js';
import { MILLISECOND, SECOND, toSeconds } from '../../lib/time.js';
import { latency } from '../../sim/consensus/zoned-network.js';
import { eventLabel } from '../../sim/engine/event-label.js';
import { EventBus } from '../../sim/coordination/event-bus.js';
import { Orchestrator } from '../../sim/coordination/orchestrator.js';
import { ReliableChannel } from '../../sim/coordination/reliable-channel.js';
import type { WorkflowStep } from '../../sim/coordination/step-service.js';
import { StepService } from '../../sim/coordination/step-service.js';
import { runStudyWorld, studyWorld } from './study-world.js';

/** Who drives the workflow: a central orchestrator, or services reacting to events. */
export const WORKFLOW_MODES = ['orchestration', 'choreography'] as const;

/** One of `WORKFLOW_MODES`. */
export type WorkflowMode = (typeof WORKFLOW_MODES)[number];

/** Which host a partition cuts off: a step's service, or the hub (the orchestrator, or the event bus). */
export const PARTITION_TARGETS = ['none', 'capacity', 'traffic', 'registry', 'hub'] as const;

/** One of `PARTITION_TARGETS`. */
export type PartitionTarget = (typeof PARTITION_TARGETS)[number];

/** Knobs of the zone-failure workflow study. Durations in µs. */
export interface WorkflowScenario {
  /** Virtual time covered. */
  readonly horizon: Micros;
  /** Orchestration or choreography. */
  readonly mode: WorkflowMode;
  /** Median one-way latency between any two control-plane hosts. */
  readonly serviceLatency: Micros;
  /** Log-normal spread of message latency (0: constant). */
  readonly latencySigma: number;
  /** Time to provision replacement capacity in the healthy zones. */
  readonly provisionTime: Micros;
  /** Time to shift the failed zone's traffic. */
  readonly shiftTime: Micros;
  /** Time to deregister the failed zone's instances. */
  readonly deregisterTime: Micros;
  /** Re-send interval of unacknowledged commands, events and deliveries. */
  readonly retryInterval: Micros;
  /** The host cut off from all others. */
  readonly partitioned: PartitionTarget;
  /** When the partition starts, after the failure is detected. */
  readonly partitionAt: Micros;
  /** How long it lasts. */
  readonly partitionFor: Micros;
}

/** Defaults: 20 ms between services, 30 s to provision, the traffic service cut off for a minute right at the failure. */
export const WORKFLOW_DEFAULTS: WorkflowScenario = {
  horizon: 10 * 60 * SECOND,
  mode: 'orchestration',
  serviceLatency: 20 * MILLISECOND,
  latencySigma: 0.2,
  provisionTime: 30 * SECOND,
  shiftTime: 2 * SECOND,
  deregisterTime: 1 * SECOND,
  retryInterval: 2 * SECOND,
  partitioned: 'traffic',
  partitionAt: 0,
  partitionFor: 60 * SECOND,
};

/**
 * The study's summary metrics (one row). Times are seconds after the failure
 * was detected; null means it never happened within the horizon, so a
 * summary leaves the cell empty and a sweep leaves the run out of the mean.
 */
export interface WorkflowMetrics {
  /** Traffic moved off the failed zone: what users wait for; null if it never moved. */
  readonly traffic_shifted_s: number | null;
  /** Steps finished within the horizon (of three: provision, shift-traffic, deregister). */
  readonly steps_done: number;
  /** Every step done; null if some step never finished (`steps_done` < 3). */
  readonly completed_s: number | null;
  /** Some component knew the whole workflow was done (only an orchestrator can); null if none ever did. */
  readonly known_complete_s: number | null;
  /** Some component knew the workflow was stuck, and at which step (only an orchestrator can); null if none ever did (or nothing stuck). */
  readonly stall_detected_s: number | null;
  /** Steps finished while the partition lasted. */
  readonly steps_done_during_partition: number;
  /** Messages on the network. */
  readonly messages: number;
  /** Re-sent commands, events or deliveries. */
  readonly retries: number;
}

/** One row of the workflow's timeline. */
export interface WorkflowEvent {
  /** Seconds after detection. */
  readonly t_s: number;
  /** What happened. */
  readonly event: string;
}

/** Everything a run produced. */
export interface WorkflowOutcome {
  /** Engine events processed (for cost estimates and benchmarks). */
  readonly events: number;
  /** Summary metrics. */
  readonly metrics: WorkflowMetrics;
  /** Timeline. */
  readonly timeline: readonly WorkflowEvent[];
  /** Trace fingerprint. */
  readonly fingerprint: string;
}

const DETECTED_AT = 1 * SECOND;
const RETRY = eventLabel('retry', 'workflow');

/**
 * One zone failure handled end to end: the detector reports it; replacement
 * capacity is provisioned; once ready, traffic is shifted off the failed
 * zone; the failed instances are deregistered. Orchestration runs the three
 * steps in order from a central orchestrator; choreography lets services
 * react to events on a bus (provisioning and deregistration both react to
 * the failure, the traffic shift reacts to "capacity ready").
 */
export function runWorkflowScenario(params: WorkflowScenario, seed: number | string): WorkflowOutcome {
  const p = params;
  const hosts = ['detector', 'orchestrator', 'bus', 'capacity', 'traffic', 'registry'];
  const world = studyWorld(seed, { hosts, groups: {}, defaultLatency: latency(p.serviceLatency, p.latencySigma), defaultLoss: 0, links: [] });
  const { sim, network } = world;
  const channel = new ReliableChannel(sim, network, p.retryInterval, RETRY);
  const provision = new StepService(sim, 'provision', 'capacity', p.provisionTime);
  const shift = new StepService(sim, 'shift-traffic', 'traffic', p.shiftTime);
  const deregister = new StepService(sim, 'deregister', 'registry', p.deregisterTime);
  const services = [provision, shift, deregister];
  const since = (t: Micros): number => toSeconds(t - DETECTED_AT);
  const sinceOrNever = (t: Micros | undefined): number | null => (t === undefined ? null : since(t));
  const timeline: WorkflowEvent[] = [];
  const note = (event: string): void => {
    timeline.push({ t_s: since(sim.now), event });
  };

  let orchestrator: Orchestrator | undefined;
  if (p.mode === 'orchestration') {
    const expected: Record<WorkflowStep, Micros> = { provision: p.provisionTime, 'shift-traffic': p.shiftTime, deregister: p.deregisterTime };
    orchestrator = new Orchestrator(sim, 'orchestrator', channel, services, (step) => 2 * expected[step] + p.retryInterval);
    const o = orchestrator;
    sim.at(DETECTED_AT, () => {
      note('zone failure detected');
      channel.send('detector', o.host, () => o.zoneFailed());
    });
  } else {
    const bus = new EventBus('bus', channel);
    bus.subscribe('ZoneFailed', { host: 'capacity', handle: () => provision.run(() => bus.publish('capacity', 'CapacityReady')) });
    bus.subscribe('ZoneFailed', { host: 'registry', handle: () => deregister.run(() => bus.publish('registry', 'InstancesDeregistered')) });
    bus.subscribe('CapacityReady', { host: 'traffic', handle: () => shift.run(() => bus.publish('traffic', 'TrafficShifted')) });
    sim.at(DETECTED_AT, () => {
      note('zone failure detected');
      bus.publish('detector', 'ZoneFailed');
    });
  }

  const hostOf: Record<Exclude<PartitionTarget, 'none'>, string> = {
    capacity: 'capacity',
    traffic: 'traffic',
    registry: 'registry',
    hub: p.mode === 'orchestration' ? 'orchestrator' : 'bus',
  };
  const partitionStart = DETECTED_AT + p.partitionAt;
  const partitionEnd = partitionStart + p.partitionFor;
  const partitioned = p.partitioned !== 'none' && p.partitionFor > 0;
  if (partitioned) {
    const target = hostOf[p.partitioned as Exclude<PartitionTarget, 'none'>];
    const rest = hosts.filter((h) => h !== target);
    sim.at(partitionStart, () => {
      note(`partition: ${target} cut off`);
      network.partition([target], rest);
    });
    sim.at(partitionEnd, () => {
      note(`partition healed`);
      network.repair([target], rest);
    });
  }

  const { fingerprint, events } = runStudyWorld(world, p.horizon);

  for (const s of services) if (s.doneAt !== undefined) timeline.push({ t_s: since(s.doneAt), event: `${s.step} done` });
  const view = orchestrator?.view;
  if (view?.stallDetectedAt !== undefined) timeline.push({ t_s: since(view.stallDetectedAt), event: `orchestrator: ${view.stalledStep} is stuck` });
  if (view?.completedAt !== undefined) timeline.push({ t_s: since(view.completedAt), event: 'orchestrator: workflow complete' });
  timeline.sort((a, b) => a.t_s - b.t_s);

  const doneTimes = services.map((s) => s.doneAt).filter((t): t is Micros => t !== undefined);
  const allDone = doneTimes.length === services.length;
  const metrics: WorkflowMetrics = {
    traffic_shifted_s: sinceOrNever(shift.doneAt),
    steps_done: doneTimes.length,
    completed_s: allDone ? since(Math.max(...doneTimes)) : null,
    known_complete_s: sinceOrNever(view?.completedAt),
    stall_detected_s: sinceOrNever(view?.stallDetectedAt),
    steps_done_during_partition: partitioned ? doneTimes.filter((t) => t >= partitionStart && t < partitionEnd).length : 0,
    messages: network.stats.sent,
    retries: channel.stats.retries,
  };
  return { metrics, timeline, fingerprint, events };
}
