import type { InstanceHealth, InstanceState, InstanceView } from '../../controllers/port/observations.js';
import type { Micros } from '../../lib/time.js';
import type { Sampler } from '../distribution.js';
import { eventLabel } from '../engine/event-label.js';
import type { EventHandle, Simulation } from '../engine/simulation.js';
import { ReadyJournal } from './ready-journal.js';

/** One instance's mutable state, owned by the cluster. */
export interface Instance {
  /** Unique id, `<service>-<n>` in creation order. */
  readonly id: string;
  /** The `n` of the id: the instance's place in its service's creation order, which live lists follow. */
  readonly ordinal: number;
  /** Owning service. */
  readonly service: string;
  /** Failure domain; also the network host the instance sends from. */
  readonly zone: string;
  /** Software version. */
  readonly version: string;
  /** Current lifecycle state. */
  state: InstanceState;
  /** Creation time. */
  readonly createdAt: Micros;
  /** Time it became ready, once it has. */
  readyAt?: Micros;
  /** The cluster's ready count when it became ready (see `Cluster.readyMark`), once it has. */
  readyMark?: number;
  /** Time it left service (terminated or crashed), once it has. */
  endedAt?: Micros;
  /** Service-time multiplier from grey failures and noisy neighbours; 1 is nominal, 4 is four times slower. Change it through `Cluster.setSlowdown`. */
  slowdown: number;
  /** When it stopped answering (a hang fault), if it has: its active probes fail from then on. Change it through `Cluster.setHung`. */
  hungSince?: Micros;
}

/** Service-time multiplier of a hung instance: its requests outlast any horizon. */
export const HUNG_SLOWDOWN = 1e6;

/** Static description of a service's instances. */
export interface ServiceSpec {
  /** Service name. */
  readonly name: string;
  /** Instances at t=0, already ready. */
  readonly initialReplicas: number;
  /** Zones instances are spread over. */
  readonly zones: readonly string[];
  /** Version the initial instances run. */
  readonly version: string;
}

/** Callbacks the cluster raises when instances change state. */
export interface ClusterListener {
  /** An instance changed state (`from` is 'pending' for a new instance). */
  onStateChange?(instance: Instance, from: InstanceState): void;
}

/** How the cluster times instance lifecycles. */
export interface ClusterTiming {
  /** Start-up delay sampler of a service's new instances, µs per draw. */
  startupDelay(service: string): Sampler;
  /** How long a draining instance of the service lingers at most before it terminates. */
  drainTime(service: string): Micros;
}

/** One service's state inside the cluster. */
interface ServiceEntry {
  /** Its static description. */
  readonly spec: ServiceSpec;
  /** Desired replicas per version, in the order versions first appeared. */
  readonly desired: Map<string, number>;
  /** Live instances (not terminated or crashed), oldest first. */
  instances: Instance[];
  /** Their views, index for index, rebuilt only when an instance changes state. */
  readonly views: InstanceView[];
  /** Live instances that are hung (`hungSince` set). */
  readonly hung: Set<Instance>;
  /** Instances ever created, for ids. */
  created: number;
  /** Multiplier on start-up delays (slow cold starts). */
  startupFactor: number;
  /** Live instances per state, kept in step with every transition so counting is O(1). */
  readonly counts: Record<InstanceState, number>;
  /** Active (live, not draining) instances per zone, for placement without a scan. */
  readonly activeByZone: Map<string, number>;
  /** Active instances per version, for reconcile without a scan. */
  readonly activeByVersion: Map<string, number>;
  /** Ready instances off the nominal path (slowed down, or not the spec's version), so capacity can skip a scan when there are none. */
  offNominalReady: number;
  /** Ready instances with a slowdown other than 1. */
  slowReady: number;
  /** Every change of the ready set, so endpoint updates need not copy it. */
  readonly journal: ReadyJournal;
}

/**
 * Services and their instances, like Deployments with one ReplicaSet per
 * version. Lifecycle: pending → starting → ready → draining → terminated, and
 * crashed. The cluster converges each version's live, non-draining instances
 * to its desired count whenever something changes (`reconcile`): new
 * instances start after a sampled start-up delay in the service's least
 * populated zone that is up; surplus ones drain, not-ready before ready and
 * newest first, as a ReplicaSet chooses.
 *
 * `scale` sets a service's total: the difference goes to its primary version
 * (the one with the most desired replicas, the newest on a tie), so an
 * autoscaler and a rollout controller can share a service.
 */
export class Cluster {
  private readonly services = new Map<string, ServiceEntry>();
  private readonly byId = new Map<string, Instance>();
  private readonly drainTimers = new Map<Instance, EventHandle>();
  private readonly downZones = new Set<string>();
  private rev = 0;
  private readyCount = 0;
  private readonly startLabel = eventLabel('instance-ready', 'cluster');
  private readonly drainLabel = eventLabel('instance-terminated', 'cluster');

  constructor(
    private readonly sim: Simulation,
    private readonly timing: ClusterTiming,
    private readonly listener: ClusterListener = {},
  ) {}

  /** Adds a service with its initial, already-ready instances. */
  addService(spec: ServiceSpec): void {
    if (this.services.has(spec.name)) throw new Error(`duplicate service ${spec.name}`);
    const entry: ServiceEntry = {
      spec,
      desired: new Map([[spec.version, spec.initialReplicas]]),
      instances: [],
      views: [],
      hung: new Set(),
      created: 0,
      startupFactor: 1,
      counts: { pending: 0, starting: 0, ready: 0, draining: 0, terminated: 0, crashed: 0 },
      activeByZone: new Map(),
      activeByVersion: new Map(),
      offNominalReady: 0,
      slowReady: 0,
      journal: new ReadyJournal(),
    };
    this.services.set(spec.name, entry);
    for (let i = 0; i < spec.initialReplicas; i++) this.create(entry, spec.version, 'ready');
  }

  /** Increases whenever an instance is created, changes state or changes speed: caches of capacity key on it. */
  get revision(): number {
    return this.rev;
  }

  /**
   * How many times an instance has become ready so far; each instance is
   * stamped with the count it made (`Instance.readyMark`). Ready is left only
   * for good, so an instance ready now was ready when this read `n` exactly
   * when its mark is at most `n`.
   */
  get readyMark(): number {
    return this.readyCount;
  }

  /** Sets an instance's service-time multiplier (grey failure, noisy neighbour; 1 restores). */
  setSlowdown(inst: Instance, slowdown: number): void {
    const e = this.services.get(inst.service);
    const ready = inst.state === 'ready' && e !== undefined && this.isLive(inst);
    if (ready) {
      e.offNominalReady -= offNominal(e, inst) ? 1 : 0;
      e.slowReady -= inst.slowdown !== 1 ? 1 : 0;
    }
    inst.slowdown = slowdown;
    if (ready) {
      e.offNominalReady += offNominal(e, inst) ? 1 : 0;
      e.slowReady += inst.slowdown !== 1 ? 1 : 0;
    }
    this.rev++;
  }

  /**
   * Hangs an instance from now (it accepts requests and never answers, and
   * fails its probes), or with false brings it back. A hung instance's
   * service time is HUNG_SLOWDOWN times nominal, so its capacity is nil and
   * what it accepted is stuck until it is replaced.
   */
  setHung(inst: Instance, hung: boolean): void {
    const live = this.isLive(inst);
    if (hung) {
      inst.hungSince = this.sim.now;
      if (live) this.entry(inst.service).hung.add(inst);
    } else {
      delete inst.hungSince;
      this.services.get(inst.service)?.hung.delete(inst);
    }
    this.setSlowdown(inst, hung ? HUNG_SLOWDOWN : 1);
  }

  /** Service names in declaration order. */
  serviceNames(): string[] {
    return [...this.services.keys()];
  }

  /** The static spec of a service. */
  specOf(service: string): ServiceSpec {
    return this.entry(service).spec;
  }

  /** Desired replicas of a service, over all versions. */
  desired(service: string): number {
    let n = 0;
    for (const d of this.entry(service).desired.values()) n += d;
    return n;
  }

  /** Desired replicas of one version of a service (0 if never set). */
  desiredOf(service: string, version: string): number {
    return this.entry(service).desired.get(version) ?? 0;
  }

  /** Versions the service has had a desired count for, in first-seen order. */
  versions(service: string): string[] {
    return [...this.entry(service).desired.keys()];
  }

  /** The version `scale` adds to: most desired replicas, newest on a tie. */
  primaryVersion(service: string): string {
    const e = this.entry(service);
    let best = e.spec.version;
    let bestN = -1;
    for (const [v, n] of e.desired) {
      if (n >= bestN) {
        best = v;
        bestN = n;
      }
    }
    return best;
  }

  /** Live instances (not terminated or crashed) of a service, oldest first. */
  live(service: string): readonly Instance[] {
    return this.entry(service).instances;
  }

  /**
   * Views of a service's live instances, index for index with `live`: what
   * the api shows of each, a ready one with its probes passing. Kept in step
   * with every transition, so a copy costs a copy, not a view per instance.
   * Hung instances (`hung`) fail probes as time passes; the caller overlays them.
   */
  liveViews(service: string): readonly InstanceView[] {
    return this.entry(service).views;
  }

  /** Live instances of a service that are hung, in no particular order. */
  hung(service: string): ReadonlySet<Instance> {
    return this.entry(service).hung;
  }

  /** Where a live instance stands in `live(service)` and `liveViews(service)`, or -1. */
  indexOf(inst: Instance): number {
    const e = this.services.get(inst.service);
    return e ? indexByOrdinal(e.instances, inst) : -1;
  }

  /** A live instance by id. */
  find(id: string): Instance | undefined {
    return this.byId.get(id);
  }

  /** Ready instances of a service that are slowed down or run another version than the spec's: 0 means every ready one is nominal. */
  offNominalReady(service: string): number {
    return this.entry(service).offNominalReady;
  }

  /** Ready instances of a service with a slowdown other than 1: 0 means every ready one runs at nominal speed. */
  slowReady(service: string): number {
    return this.entry(service).slowReady;
  }

  /** The history of the service's ready set (see ReadyJournal); its version is the ready set now. */
  readyJournal(service: string): ReadyJournal {
    return this.entry(service).journal;
  }

  /** Count of a service's instances in a given state. */
  count(service: string, state: InstanceState): number {
    return state === 'terminated' || state === 'crashed' ? 0 : this.entry(service).counts[state];
  }

  /** Instances that count toward the desired replicas (live and not draining). */
  active(service: string): number {
    const e = this.entry(service);
    return e.instances.length - e.counts.draining;
  }

  /** True while a zone is out (no instance is placed there). */
  isZoneDown(zone: string): boolean {
    return this.downZones.has(zone);
  }

  /** Sets a service's total desired replicas; the difference goes to the primary version first. */
  scale(service: string, replicas: number): void {
    const e = this.entry(service);
    let delta = replicas - this.desired(service);
    const primary = this.primaryVersion(service);
    if (delta >= 0) {
      e.desired.set(primary, (e.desired.get(primary) ?? 0) + delta);
    } else {
      // Shrink the primary first, then the others, largest first.
      const order = [...e.desired.entries()].sort((a, b) => (a[0] === primary ? -1 : b[0] === primary ? 1 : b[1] - a[1]));
      for (const [v, n] of order) {
        if (delta === 0) break;
        const take = Math.min(n, -delta);
        e.desired.set(v, n - take);
        delta += take;
      }
    }
    this.reconcile(service);
  }

  /** Sets the desired replicas of one version (a rollout's ReplicaSet). */
  scaleVersion(service: string, version: string, replicas: number): void {
    this.entry(service).desired.set(version, replicas);
    this.reconcile(service);
  }

  /** Multiplies start-up delays of the service's new instances (slow cold starts); 1 is nominal. */
  setStartupFactor(service: string, factor: number): void {
    this.entry(service).startupFactor = factor;
  }

  /**
   * Crashes a live instance: it leaves at once, its work is lost. With
   * `restartAfter` a duration, the cluster converges again after that long
   * (a replacement starts, as a ReplicaSet would); with null, only on the
   * next change.
   */
  crash(inst: Instance, restartAfter: Micros | null = 0): void {
    if (!this.isLive(inst)) return;
    this.setState(inst, 'crashed');
    if (restartAfter === null) return;
    if (restartAfter <= 0) this.reconcile(inst.service);
    else this.sim.after(restartAfter, () => this.reconcile(inst.service), this.startLabel);
  }

  /** Terminates a live instance at once and starts a fresh one of the same version in its place. */
  replace(inst: Instance): boolean {
    if (!this.isLive(inst)) return false;
    this.setState(inst, 'terminated');
    this.reconcile(inst.service);
    return true;
  }

  /**
   * Evicts an instance gracefully (node drain): it stops taking new work and
   * terminates once idle or after the drain time, and a replacement starts
   * at once since the desired count is unchanged.
   */
  evict(inst: Instance): boolean {
    if (!this.isLive(inst) || inst.state === 'draining') return false;
    this.drain(inst);
    this.reconcile(inst.service);
    return true;
  }

  /** A draining instance has no work left: it terminates now rather than at the end of its drain time. */
  finishDrain(inst: Instance): void {
    if (inst.state !== 'draining') return;
    const timer = this.drainTimers.get(inst);
    if (timer) this.sim.cancel(timer);
    this.setState(inst, 'terminated');
  }

  /** Takes a zone out: its instances crash and replacements go to other zones until `zoneUp`. */
  zoneDown(zone: string, restartAfter: Micros = 0): Instance[] {
    this.downZones.add(zone);
    const victims: Instance[] = [];
    for (const e of this.services.values()) for (const i of e.instances) if (i.zone === zone) victims.push(i);
    for (const v of victims) this.crash(v, null);
    const touched = new Set(victims.map((v) => v.service));
    for (const s of touched) {
      if (restartAfter <= 0) this.reconcile(s);
      else this.sim.after(restartAfter, () => this.reconcile(s), this.startLabel);
    }
    return victims;
  }

  /** Brings a zone back; services short of instances converge (nothing is rebalanced). */
  zoneUp(zone: string): void {
    if (!this.downZones.delete(zone)) return;
    for (const s of this.services.keys()) this.reconcile(s);
  }

  /**
   * Converges each version's active instances to its desired count: creates
   * missing ones (while a zone is up), drains surplus ones, and drains
   * instances of versions no longer wanted.
   */
  reconcile(service: string): void {
    const e = this.entry(service);
    for (const [version, want] of e.desired) {
      let active = e.activeByVersion.get(version) ?? 0;
      while (active < want) {
        const inst = this.create(e, version, 'starting');
        if (!inst) break;
        const delay = Math.max(0, Math.round(this.timing.startupDelay(service)() * e.startupFactor));
        this.sim.after(delay, () => this.becomeReady(inst), this.startLabel);
        active++;
      }
      if (active > want) {
        const victims = e.instances
          .filter((i) => i.version === version && i.state !== 'draining')
          .sort((a, b) => rank(a) - rank(b) || b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))
          .slice(0, active - want);
        for (const v of victims) this.drain(v);
      }
    }
    // Only a version without a desired count can leave unwanted instances: skip the scan when none has any.
    let unwantedExist = false;
    for (const [version, n] of e.activeByVersion) if (n > 0 && !e.desired.has(version)) unwantedExist = true;
    if (!unwantedExist) return;
    const unwanted = e.instances.filter((i) => !e.desired.has(i.version) && i.state !== 'draining');
    for (const v of unwanted) this.drain(v);
  }

  private isLive(inst: Instance): boolean {
    return this.byId.get(inst.id) === inst;
  }

  private drain(inst: Instance): void {
    if (inst.state === 'starting' || inst.state === 'pending') {
      this.setState(inst, 'terminated');
      return;
    }
    if (inst.state !== 'ready') return;
    this.setState(inst, 'draining');
    this.drainTimers.set(
      inst,
      this.sim.after(this.timing.drainTime(inst.service), () => this.finishDrain(inst), this.drainLabel),
    );
  }

  private becomeReady(inst: Instance): void {
    if (inst.state !== 'starting') return;
    inst.readyAt = this.sim.now;
    this.setState(inst, 'ready');
  }

  private setState(inst: Instance, to: InstanceState): void {
    const from = inst.state;
    const entry = this.entry(inst.service);
    if (from === 'ready') {
      if (offNominal(entry, inst)) entry.offNominalReady--;
      if (inst.slowdown !== 1) entry.slowReady--;
    }
    inst.state = to;
    this.rev++;
    const counts = entry.counts;
    counts[from]--;
    counts[to]++;
    if (from !== 'draining' && !isActive(to)) {
      bump(entry.activeByZone, inst.zone, -1);
      bump(entry.activeByVersion, inst.version, -1);
    }
    if (to === 'ready' && from !== 'ready') {
      inst.readyMark = ++this.readyCount;
      entry.journal.record(inst, true);
    } else if (from === 'ready' && to !== 'ready') entry.journal.record(inst, false);
    if (to === 'ready') {
      if (offNominal(entry, inst)) entry.offNominalReady++;
      if (inst.slowdown !== 1) entry.slowReady++;
    }
    const at = indexByOrdinal(entry.instances, inst);
    if (to === 'terminated' || to === 'crashed') {
      inst.endedAt = this.sim.now;
      if (at >= 0) {
        entry.instances.splice(at, 1);
        entry.views.splice(at, 1);
      }
      entry.hung.delete(inst);
      this.byId.delete(inst.id);
      this.drainTimers.delete(inst);
    } else if (at >= 0) {
      entry.views[at] = instanceView(inst, probeHealth(inst));
    }
    this.listener.onStateChange?.(inst, from);
  }

  private create(entry: ServiceEntry, version: string, state: InstanceState): Instance | undefined {
    const zone = this.placement(entry);
    if (zone === undefined) return undefined;
    const n = entry.created++;
    const inst: Instance = {
      id: `${entry.spec.name}-${n}`,
      ordinal: n,
      service: entry.spec.name,
      zone,
      version,
      state,
      createdAt: this.sim.now,
      slowdown: 1,
    };
    if (state === 'ready') inst.readyAt = this.sim.now;
    entry.instances.push(inst);
    entry.views.push(instanceView(inst, probeHealth(inst)));
    entry.counts[state]++;
    if (isActive(state)) {
      bump(entry.activeByZone, zone, 1);
      bump(entry.activeByVersion, version, 1);
    }
    if (state === 'ready') {
      inst.readyMark = ++this.readyCount;
      entry.journal.record(inst, true);
      if (offNominal(entry, inst)) entry.offNominalReady++;
      if (inst.slowdown !== 1) entry.slowReady++;
    }
    this.byId.set(inst.id, inst);
    this.rev++;
    this.listener.onStateChange?.(inst, 'pending');
    return inst;
  }

  /** The up zone with the fewest active instances of the service, first in spec order on a tie. */
  private placement(entry: ServiceEntry): string | undefined {
    let best: string | undefined;
    let bestN = Infinity;
    for (const z of entry.spec.zones) {
      if (this.downZones.has(z)) continue;
      const n = entry.activeByZone.get(z) ?? 0;
      if (n < bestN) {
        best = z;
        bestN = n;
      }
    }
    return best;
  }

  private entry(service: string): ServiceEntry {
    const e = this.services.get(service);
    if (!e) throw new Error(`unknown service ${service}`);
    return e;
  }
}

/** A read-only view of an instance for controllers, with health signals when given. */
export function instanceView(i: Instance, health?: InstanceView['health']): InstanceView {
  // Built as one literal (no spreads): the cluster makes one per instance state change, and a hung instance one per failed probe.
  const v: { -readonly [K in keyof InstanceView]: InstanceView[K] } = {
    id: i.id,
    service: i.service,
    zone: i.zone,
    version: i.version,
    state: i.state,
    createdAt: i.createdAt,
  };
  if (i.readyAt !== undefined) v.readyAt = i.readyAt;
  if (health !== undefined) v.health = health;
  return v;
}

/** Counts toward desired replicas: live and not draining. */
function isActive(state: InstanceState): boolean {
  return state !== 'draining' && state !== 'terminated' && state !== 'crashed';
}

/** Off the nominal capacity path of ServiceModel.readyCapacity: slowed down or not the spec's version. */
function offNominal(e: ServiceEntry, i: Instance): boolean {
  return i.slowdown !== 1 || i.version !== e.spec.version;
}

function bump(m: Map<string, number>, key: string, by: number): void {
  m.set(key, (m.get(key) ?? 0) + by);
}

/** Where `inst` stands in a list ordered by ordinal (a binary search), or -1. */
function indexByOrdinal(list: readonly Instance[], inst: Instance): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const o = list[mid]!.ordinal;
    if (o === inst.ordinal) return list[mid] === inst ? mid : -1;
    if (o < inst.ordinal) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The probe health of an instance whose probes pass: ready ones report it, others are not probed yet. */
function probeHealth(inst: Instance): InstanceHealth | undefined {
  return inst.state === 'ready' ? PROBES_PASSING : undefined;
}

/** The probe health of a ready instance whose probes pass, shared by every such view (views are read-only). */
export const PROBES_PASSING: InstanceHealth = { consecutiveProbeFailures: 0 };

function rank(i: Instance): number {
  return i.state === 'ready' ? 1 : 0;
}
