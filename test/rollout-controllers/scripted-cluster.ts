/**
 * A scripted cluster for rollout controller tests: actions apply at once,
 * new instances become ready after a per-instance delay, scaling a version
 * down removes its starting instances first, then its newest ready ones
 * (a ReplicaSet's preference). Time moves only when a test says so.
 */

import type { Action, InstanceView, MetricSample, ObservedState, ServiceView } from '../../controllers/port/index.js';
import type { Micros } from '../../controllers/port/index.js';

interface ScriptedInstance {
  readonly id: string;
  readonly version: string;
  readonly createdAt: Micros;
  /** When it becomes ready; Infinity for never. */
  readonly readyTime: Micros;
}

/** Options of a scripted cluster. */
export interface ScriptedClusterOptions {
  /** Service name. */
  readonly service?: string;
  /** Versions running at t = 0, all ready. */
  readonly initial: Readonly<Record<string, number>>;
  /** Start-up delay of the n-th instance created after t = 0. */
  readonly startupDelay?: (n: number) => Micros;
  /** Whether the cluster reports versionReplicas (the world's per-version spec). */
  readonly reportsVersionReplicas?: boolean;
}

/** A service whose instances follow 'scale-version' and whose traffic follows 'shift-traffic'. */
export class ScriptedCluster {
  readonly service: string;
  now: Micros = 0;
  private instances: ScriptedInstance[] = [];
  private readonly desired = new Map<string, number>();
  private created = 0;
  private weights: Record<string, number> | undefined;
  /** Per-version metrics the test sets. */
  versionMetrics: Record<string, Record<string, MetricSample | undefined>> = {};
  /** Service-level metrics the test sets. */
  metrics: Record<string, MetricSample | undefined> = {};
  /** Every action applied, in order. */
  readonly applied: Action[] = [];

  constructor(private readonly options: ScriptedClusterOptions) {
    this.service = options.service ?? 'web';
    for (const [version, n] of Object.entries(options.initial)) {
      this.desired.set(version, n);
      for (let i = 0; i < n; i++) this.instances.push({ id: `${this.service}-${this.created++}`, version, createdAt: -1, readyTime: -1 });
    }
  }

  /** Moves time to `t`. */
  advanceTo(t: Micros): void {
    this.now = t;
  }

  /** Applies an action as the world would. */
  apply(action: Action): void {
    this.applied.push(action);
    if (action.kind === 'scale-version') {
      this.desired.set(action.version, action.replicas);
      this.converge(action.version);
    } else if (action.kind === 'shift-traffic') {
      this.weights = { ...action.weights };
    }
  }

  private converge(version: string): void {
    const want = this.desired.get(version) ?? 0;
    const mine = this.instances.filter((i) => i.version === version);
    const delay = this.options.startupDelay ?? (() => 30_000_000);
    for (let k = mine.length; k < want; k++) {
      const n = this.created++;
      this.instances.push({ id: `${this.service}-${n}`, version, createdAt: this.now, readyTime: this.now + delay(n) });
    }
    if (mine.length > want) {
      const victims = [...mine]
        .sort((a, b) => Number(this.isReady(a)) - Number(this.isReady(b)) || b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))
        .slice(0, mine.length - want);
      this.instances = this.instances.filter((i) => !victims.includes(i));
    }
  }

  private isReady(i: ScriptedInstance): boolean {
    return i.readyTime <= this.now;
  }

  /** Instances that exist (starting or ready). */
  get size(): number {
    return this.instances.length;
  }

  /** Ready instances, optionally of one version. */
  ready(version?: string): number {
    return this.instances.filter((i) => this.isReady(i) && (version === undefined || i.version === version)).length;
  }

  /** Instances of a version, ready or not. */
  count(version: string): number {
    return this.instances.filter((i) => i.version === version).length;
  }

  /** The traffic weights last set, if any. */
  get trafficWeights(): Readonly<Record<string, number>> | undefined {
    return this.weights;
  }

  /** The snapshot a controller sees now. */
  observe(): ObservedState {
    const instances: InstanceView[] = this.instances.map((i) => ({
      id: i.id,
      service: this.service,
      zone: 'zone-a',
      version: i.version,
      state: this.isReady(i) ? 'ready' : 'starting',
      createdAt: i.createdAt,
      ...(this.isReady(i) ? { readyAt: Math.max(0, i.readyTime) } : {}),
    }));
    const view: ServiceView = {
      name: this.service,
      desiredReplicas: [...this.desired.values()].reduce((a, b) => a + b, 0),
      instances,
      metrics: this.metrics,
      instanceMetrics: {},
      versionMetrics: this.versionMetrics,
      ...(this.options.reportsVersionReplicas === false ? {} : { versionReplicas: Object.fromEntries(this.desired) }),
      ...(this.weights ? { trafficWeights: this.weights } : {}),
    };
    return { now: this.now, services: new Map([[this.service, view]]) };
  }
}

/** A row of a scripted run's log: what the controller decided when. */
export interface ScriptedLogRow {
  readonly at: Micros;
  readonly outcome: string;
  readonly reason: string;
}

/**
 * Drives `controller` against `cluster` until `until` (or `stop` says so):
 * observe, reconcile, apply, then sleep for the requested requeue. `before`
 * runs before each observation (to script metrics). Returns the decisions
 * and actions logged, in order.
 */
export function runScripted(
  controller: {
    reconcile(
      o: ObservedState,
      random: () => number,
    ): { actions: readonly Action[]; decisions?: readonly { outcome: string; reason: string }[]; requeueAfter?: Micros };
  },
  cluster: ScriptedCluster,
  until: Micros,
  hooks: { before?: (now: Micros) => void; after?: (now: Micros) => void; stop?: () => boolean; syncPeriod?: Micros } = {},
): ScriptedLogRow[] {
  const log: ScriptedLogRow[] = [];
  let t = cluster.now;
  for (let round = 0; t <= until && round < 100_000 && !(hooks.stop?.() ?? false); round++) {
    cluster.advanceTo(t);
    hooks.before?.(t);
    const r = controller.reconcile(cluster.observe(), () => 0.5);
    for (const d of r.decisions ?? []) log.push({ at: t, outcome: d.outcome, reason: d.reason });
    for (const a of r.actions) {
      cluster.apply(a);
      log.push({ at: t, outcome: `action:${a.kind}`, reason: a.reason });
    }
    hooks.after?.(t);
    t += r.requeueAfter ?? hooks.syncPeriod ?? 5_000_000;
  }
  return log;
}
