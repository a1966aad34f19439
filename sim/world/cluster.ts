import type { InstanceState, InstanceView } from '../../controllers/port/observations.js';
import type { Micros } from '../../controllers/port/time.js';
import type { Sampler } from '../distribution.js';
import { eventLabel } from '../event-label.js';
import type { Simulation } from '../simulation.js';

/** One instance's mutable state, owned by the cluster. */
export interface Instance {
  /** Unique id, `<service>-<n>` in creation order. */
  readonly id: string;
  /** Owning service. */
  readonly service: string;
  /** Failure domain. */
  readonly zone: string;
  /** Software version. */
  readonly version: string;
  /** Current lifecycle state. */
  state: InstanceState;
  /** Creation time. */
  readonly createdAt: Micros;
  /** Time it became ready, once it has. */
  readyAt?: Micros;
  /** Time it left service (terminated or crashed), once it has. */
  endedAt?: Micros;
}

/** Static description of a service's instances. */
export interface ServiceSpec {
  /** Service name. */
  readonly name: string;
  /** Instances at t=0, already ready. */
  readonly initialReplicas: number;
  /** Zones instances are spread over, round robin. */
  readonly zones: readonly string[];
  /** Version new instances run. */
  readonly version: string;
}

/** Callbacks the cluster raises when instances change state. */
export interface ClusterListener {
  /** An instance changed state. */
  onStateChange?(instance: Instance, from: InstanceState): void;
}

/**
 * Services and their instances, with the lifecycle pending → starting →
 * ready → draining → terminated (and crashed). Scaling up creates instances
 * that become ready after a sampled start-up delay; scaling down drains the
 * newest instances first (not-yet-ready ones before ready ones), as a
 * ReplicaSet does.
 */
export class Cluster {
  private readonly services = new Map<string, { spec: ServiceSpec; desired: number; instances: Instance[]; created: number }>();
  private readonly startLabel = eventLabel('instance-ready', 'cluster');
  private readonly drainLabel = eventLabel('instance-terminated', 'cluster');

  constructor(
    private readonly sim: Simulation,
    private readonly startupDelay: (service: string) => Sampler,
    /** How long a draining instance lingers before it terminates. */
    private readonly drainTime: Micros,
    private readonly listener: ClusterListener = {},
  ) {}

  /** Adds a service with its initial, already-ready instances. */
  addService(spec: ServiceSpec): void {
    if (this.services.has(spec.name)) throw new Error(`duplicate service ${spec.name}`);
    const entry = { spec, desired: spec.initialReplicas, instances: [] as Instance[], created: 0 };
    this.services.set(spec.name, entry);
    for (let i = 0; i < spec.initialReplicas; i++) {
      const inst = this.create(entry, 'ready');
      inst.readyAt = this.sim.now;
    }
  }

  /** Service names in declaration order. */
  serviceNames(): string[] {
    return [...this.services.keys()];
  }

  /** Desired replicas of a service. */
  desired(service: string): number {
    return this.entry(service).desired;
  }

  /** Live instances (not terminated or crashed) of a service, oldest first. */
  live(service: string): readonly Instance[] {
    return this.entry(service).instances;
  }

  /** Count of instances in a given state. */
  count(service: string, state: InstanceState): number {
    let n = 0;
    for (const i of this.entry(service).instances) if (i.state === state) n++;
    return n;
  }

  /** Instances that count toward the desired replicas (not draining). */
  active(service: string): number {
    let n = 0;
    for (const i of this.entry(service).instances) if (i.state !== 'draining') n++;
    return n;
  }

  /** Sets desired replicas and converges instances to it at once. */
  scale(service: string, replicas: number): void {
    const entry = this.entry(service);
    entry.desired = replicas;
    let active = this.active(service);
    while (active < replicas) {
      const inst = this.create(entry, 'starting');
      const delay = Math.max(0, Math.round(this.startupDelay(service)()));
      this.sim.after(delay, () => this.becomeReady(inst), this.startLabel);
      active++;
    }
    if (active > replicas) {
      // Newest first, not-ready before ready (a ReplicaSet's preference).
      const victims = entry.instances
        .filter((i) => i.state !== 'draining')
        .sort((a, b) => rank(a) - rank(b) || b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))
        .slice(0, active - replicas);
      for (const v of victims) this.drain(v);
    }
  }

  /** Snapshot views of a service's live instances. */
  views(service: string): InstanceView[] {
    return this.entry(service).instances.map((i) => ({
      id: i.id,
      service: i.service,
      zone: i.zone,
      version: i.version,
      state: i.state,
      createdAt: i.createdAt,
      ...(i.readyAt !== undefined ? { readyAt: i.readyAt } : {}),
    }));
  }

  private drain(inst: Instance): void {
    if (inst.state === 'starting' || inst.state === 'pending') {
      this.setState(inst, 'terminated');
      return;
    }
    this.setState(inst, 'draining');
    this.sim.after(this.drainTime, () => this.setState(inst, 'terminated'), this.drainLabel);
  }

  private becomeReady(inst: Instance): void {
    if (inst.state !== 'starting') return;
    inst.readyAt = this.sim.now;
    this.setState(inst, 'ready');
  }

  private setState(inst: Instance, to: InstanceState): void {
    const from = inst.state;
    inst.state = to;
    if (to === 'terminated' || to === 'crashed') {
      inst.endedAt = this.sim.now;
      const entry = this.entry(inst.service);
      entry.instances = entry.instances.filter((i) => i !== inst);
    }
    this.listener.onStateChange?.(inst, from);
  }

  private create(entry: { spec: ServiceSpec; instances: Instance[]; created: number }, state: InstanceState): Instance {
    const n = entry.created++;
    const zones = entry.spec.zones;
    const inst: Instance = {
      id: `${entry.spec.name}-${n}`,
      service: entry.spec.name,
      zone: zones[n % zones.length] ?? 'zone-a',
      version: entry.spec.version,
      state,
      createdAt: this.sim.now,
    };
    entry.instances.push(inst);
    this.listener.onStateChange?.(inst, 'pending');
    return inst;
  }

  private entry(service: string) {
    const e = this.services.get(service);
    if (!e) throw new Error(`unknown service ${service}`);
    return e;
  }
}

function rank(i: Instance): number {
  return i.state === 'ready' ? 1 : 0;
}
