import type { Action } from '../../controllers/port/actions.js';
import type { InstanceView, ObservedState, ServiceView } from '../../controllers/port/observations.js';
import type { Micros } from '../../lib/time.js';
import { eventLabel } from '../engine/event-label.js';
import type { RandomStream } from '../../lib/random.js';
import type { Simulation } from '../engine/simulation.js';

/** Knobs of a scale target. */
export interface ScaleTargetOptions {
  /** Service name. */
  readonly service: string;
  /** Replicas at the start. */
  readonly initialReplicas: number;
  /** Requests per second one replica serves at 100 % utilization. */
  readonly capacityPerReplica: number;
  /** Offered load is redrawn uniformly from [loadMin, loadMax] rps ... */
  readonly loadMin: number;
  /** ... (upper bound) ... */
  readonly loadMax: number;
  /** ... every this long. */
  readonly loadPeriod: Micros;
}

const LOAD_LABEL = eventLabel('load-change', 'scale-target');

/**
 * A deliberately small world for the leader-election study: one service
 * whose replica count is whatever the last applied `scale` action said
 * (replicas are ready at once), under a load redrawn every `loadPeriod`, so
 * a leading autoscaler has something to do all the time. Controllers see the
 * true state with no delay: the study is about who acts, not about what
 * they see.
 */
export class ScaleTarget {
  private replicaCount: number;
  private load: number;
  private instances: readonly InstanceView[] = [];
  /** Scale actions applied, with the replica count each set. */
  readonly history: Array<{ readonly at: Micros; readonly replicas: number }> = [];

  constructor(
    private readonly sim: Simulation,
    private readonly rng: RandomStream,
    private readonly options: ScaleTargetOptions,
  ) {
    this.replicaCount = options.initialReplicas;
    this.load = this.draw();
  }

  /** Current replica count. */
  get replicas(): number {
    return this.replicaCount;
  }

  /** Starts redrawing the load. */
  start(): void {
    const tick = (): void => {
      this.load = this.draw();
      this.sim.after(this.options.loadPeriod, tick, LOAD_LABEL);
    };
    this.sim.after(this.options.loadPeriod, tick, LOAD_LABEL);
  }

  /** The state as a controller sees it, stamped with the observer's clock `now`. */
  observe(now: Micros): ObservedState {
    const o = this.options;
    if (this.instances.length !== this.replicaCount) {
      this.instances = Array.from(
        { length: this.replicaCount },
        (_, i): InstanceView => ({ id: `${o.service}-${i}`, service: o.service, zone: 'zone-0', version: 'v1', state: 'ready', createdAt: 0 }),
      );
    }
    const utilization = this.load / (Math.max(this.replicaCount, 1) * o.capacityPerReplica);
    const view: ServiceView = {
      name: o.service,
      desiredReplicas: this.replicaCount,
      instances: this.instances,
      metrics: { cpu_utilization: { name: 'cpu_utilization', value: utilization, measuredAt: now } },
      instanceMetrics: {},
    };
    return { now, services: new Map([[o.service, view]]) };
  }

  /** Applies a scale action for this service; other actions are ignored. */
  apply(action: Action): void {
    if (action.kind !== 'scale' || action.service !== this.options.service) return;
    this.replicaCount = action.replicas;
    this.history.push({ at: this.sim.now, replicas: action.replicas });
  }

  private draw(): number {
    return this.rng.uniform(this.options.loadMin, this.options.loadMax);
  }
}
