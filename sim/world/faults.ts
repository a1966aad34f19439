import type { Micros } from '../../lib/time.js';
import type { HostClock } from '../network/host-clock.js';
import type { Network } from '../network/network.js';
import type { RandomStream } from '../../lib/random.js';
import type { Cluster, Instance } from './cluster.js';
import type { InstanceSelector } from './scenario-step.js';

/** Default delay before instances lost with a zone are replaced: Kubernetes' default pod eviction toleration, 300 s. */
export const DEFAULT_EVICTION_DELAY: Micros = 300_000_000;

/** What the fault verbs act on. */
export interface FaultTargets {
  /** The cluster. */
  readonly cluster: Cluster;
  /** The network. */
  readonly network: Network;
  /** Delay before a crashed instance of `service` is replaced. */
  restartDelay(service: string): Micros;
  /** Sets a service's load multiplier. */
  setLoadFactor(service: string, factor: number): void;
  /** The clocks of a host or of a group's hosts (throws for an unknown name). */
  clocks(name: string): HostClock[];
  /** Records a fault in the event log. */
  log(action: string, target: string, detail: string): void;
}

/**
 * The fault verbs, small and symmetric, usable from a scenario timeline or
 * from code inside a simulation: `partition`/`repair`, `hold`/`release` and
 * `heal` on the network; `crash`/`restart`, `zoneOutage`/`zoneRecover`,
 * `drain`, `degrade`/`restore`, `deploy`/`rollback`, `slowStart`,
 * `scaleLoad` and `clockJump` on the world. Instance verbs pick their
 * victims with a stream the caller names, so a scenario's choices never
 * depend on other components' draws.
 */
export class Faults {
  private readonly deploys = new Map<string, { readonly from: string; readonly to: string }>();

  constructor(private readonly t: FaultTargets) {}

  /** Cuts the links between two sets of hosts or groups (one way: only from `a` to `b`). */
  partition(a: readonly string[], b: readonly string[], oneWay = false): void {
    this.t.network.partition(a, b, oneWay);
    this.t.log('partition', describeSets(a, b, oneWay), '');
  }

  /** Undoes `partition`. */
  repair(a: readonly string[], b: readonly string[], oneWay = false): void {
    this.t.network.repair(a, b, oneWay);
    this.t.log('repair', describeSets(a, b, oneWay), '');
  }

  /** Holds messages between two sets until `release`. */
  hold(a: readonly string[], b: readonly string[], oneWay = false): void {
    this.t.network.hold(a, b, oneWay);
    this.t.log('hold', describeSets(a, b, oneWay), '');
  }

  /** Releases held links; queued messages go out. */
  release(a: readonly string[], b: readonly string[], oneWay = false): void {
    this.t.network.release(a, b, oneWay);
    this.t.log('release', describeSets(a, b, oneWay), '');
  }

  /** Repairs and releases every link. */
  heal(): void {
    this.t.network.heal();
    this.t.log('heal', 'network', '');
  }

  /** Crashes the selected live instances; with `restart`, replacements start after the service's restart delay. */
  crash(sel: InstanceSelector, rng: RandomStream, restart = true): Instance[] {
    const victims = this.select(sel, rng, () => true);
    for (const v of victims) this.t.cluster.crash(v, restart ? this.t.restartDelay(v.service) : null);
    this.t.log('crash', describeSelector(sel), `${victims.length} instance(s): ${ids(victims)}`);
    return victims;
  }

  /** Starts replacements for crashed instances of a service (all services when omitted). */
  restart(service?: string): void {
    for (const s of service !== undefined ? [service] : this.t.cluster.serviceNames()) this.t.cluster.reconcile(s);
    this.t.log('restart', service ?? 'all services', '');
  }

  /**
   * A zone goes out: its instances crash, replacements start in other zones
   * after `replaceAfter` (Kubernetes evicts pods from an unreachable node
   * after 5 minutes by default), and nothing is placed there until `zoneRecover`.
   */
  zoneOutage(zone: string, replaceAfter: Micros = DEFAULT_EVICTION_DELAY): Instance[] {
    const victims = this.t.cluster.zoneDown(zone, replaceAfter);
    this.t.log('zone-outage', zone, `${victims.length} instance(s) lost, replaced after ${replaceAfter / 1e6}s`);
    return victims;
  }

  /** A zone comes back. */
  zoneRecover(zone: string): void {
    this.t.cluster.zoneUp(zone);
    this.t.log('zone-recover', zone, '');
  }

  /** Drains the selected ready instances (a node drain): they finish their work and are replaced. */
  drain(sel: InstanceSelector, rng: RandomStream): Instance[] {
    const victims = this.select(sel, rng, (i) => i.state === 'ready');
    for (const v of victims) this.t.cluster.evict(v);
    this.t.log('drain', describeSelector(sel), `${victims.length} instance(s): ${ids(victims)}`);
    return victims;
  }

  /** Grey failure or noisy neighbour: the selected ready instances serve `slowdown` times slower yet pass health checks. */
  degrade(sel: InstanceSelector, rng: RandomStream, slowdown: number): Instance[] {
    const victims = this.select(sel, rng, (i) => i.state === 'ready');
    for (const v of victims) this.t.cluster.setSlowdown(v, slowdown);
    this.t.log('degrade', describeSelector(sel), `×${slowdown} on ${victims.length} instance(s): ${ids(victims)}`);
    return victims;
  }

  /**
   * A hang: the selected ready instances stay ready and keep accepting
   * requests but answer none, and their active probes fail, one per probe
   * period, until a controller replaces them or `restore` brings them back.
   */
  hang(sel: InstanceSelector, rng: RandomStream): Instance[] {
    const victims = this.select(sel, rng, (i) => i.state === 'ready');
    for (const v of victims) this.t.cluster.setHung(v, true);
    this.t.log('hang', describeSelector(sel), `${victims.length} instance(s): ${ids(victims)}`);
    return victims;
  }

  /** Undoes `degrade` and `hang` on the given instances, or on every instance of a service and/or zone. */
  restore(target: readonly Instance[] | { readonly service?: string; readonly zone?: string }): void {
    const list = Array.isArray(target) ? (target as readonly Instance[]) : this.matching(target as InstanceSelector);
    for (const i of list) {
      if (i.hungSince !== undefined) this.t.cluster.setHung(i, false);
      else this.t.cluster.setSlowdown(i, 1);
    }
    this.t.log('restore', Array.isArray(target) ? ids(list) : describeSelector(target as InstanceSelector), '');
  }

  /** Moves `fraction` of a service's replicas to `version` at once (1 = all: a big-bang deploy). */
  deploy(service: string, version: string, fraction: number): void {
    const c = this.t.cluster;
    const from = c.primaryVersion(service);
    const total = c.desired(service);
    const moved = fraction >= 1 ? total : Math.min(total, Math.max(1, Math.round(fraction * total)));
    this.deploys.set(service, { from, to: version });
    c.scaleVersion(service, version, c.desiredOf(service, version) + moved);
    c.scaleVersion(service, from, Math.max(0, c.desiredOf(service, from) - moved));
    this.t.log('deploy', service, `${moved} of ${total} replicas ${from} → ${version}`);
  }

  /** Puts every replica of a service back on the version its last `deploy` replaced. */
  rollback(service: string): void {
    const d = this.deploys.get(service);
    if (!d) {
      this.t.log('rollback', service, 'nothing to roll back');
      return;
    }
    const c = this.t.cluster;
    const total = c.desired(service);
    c.scaleVersion(service, d.from, total);
    c.scaleVersion(service, d.to, 0);
    this.deploys.delete(service);
    this.t.log('rollback', service, `${total} replicas back to ${d.from}`);
  }

  /** Multiplies start-up delays of new instances (1 restores). */
  slowStart(service: string | undefined, factor: number): void {
    for (const s of service !== undefined ? [service] : this.t.cluster.serviceNames()) this.t.cluster.setStartupFactor(s, factor);
    this.t.log('slow-start', service ?? 'all services', `start-up delays ×${factor}`);
  }

  /** Multiplies a service's offered load (1 restores). */
  scaleLoad(service: string | undefined, factor: number): void {
    for (const s of service !== undefined ? [service] : this.t.cluster.serviceNames()) this.t.setLoadFactor(s, factor);
    this.t.log('scale-load', service ?? 'all services', `load ×${factor}`);
  }

  /** Steps the wall clock of a host (or of each host of a group) by `by` µs; monotonic time is unaffected. */
  clockJump(host: string, by: Micros): void {
    for (const c of this.t.clocks(host)) c.jump(by);
    this.t.log('clock-jump', host, `${by / 1e6}s`);
  }

  /** Live instances matching a selector's service and zone, services in order, oldest first. */
  private matching(sel: InstanceSelector): Instance[] {
    const out: Instance[] = [];
    for (const s of sel.service !== undefined ? [sel.service] : this.t.cluster.serviceNames()) {
      for (const i of this.t.cluster.live(s)) if (sel.zone === undefined || i.zone === sel.zone) out.push(i);
    }
    return out;
  }

  /** The selector's victims among matching instances passing `eligible`: all, a count or a fraction, drawn from `rng`. */
  private select(sel: InstanceSelector, rng: RandomStream, eligible: (i: Instance) => boolean): Instance[] {
    const pool = this.matching(sel).filter(eligible);
    const n = pool.length;
    let k = n;
    if (sel.count !== undefined) k = Math.min(n, sel.count);
    else if (sel.fraction !== undefined) k = n === 0 || sel.fraction <= 0 ? 0 : Math.min(n, Math.max(1, Math.round(sel.fraction * n)));
    if (k >= n) return pool;
    // Partial Fisher–Yates, then back to pool order so the log reads naturally.
    const idx = pool.map((_, i) => i);
    for (let i = 0; i < k; i++) {
      const j = rng.integer(i, n - 1);
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    return idx
      .slice(0, k)
      .sort((a, b) => a - b)
      .map((i) => pool[i]!);
  }
}

function describeSets(a: readonly string[], b: readonly string[], oneWay: boolean): string {
  return `[${a.join(' ')}] ${oneWay ? '→' : '↔'} [${b.join(' ')}]`;
}

function describeSelector(sel: InstanceSelector): string {
  const parts = [sel.service ?? 'all services'];
  if (sel.zone !== undefined) parts.push(`in ${sel.zone}`);
  if (sel.count !== undefined) parts.push(`count ${sel.count}`);
  else if (sel.fraction !== undefined) parts.push(`fraction ${sel.fraction}`);
  return parts.join(' ');
}

function ids(list: readonly Instance[]): string {
  return list.map((i) => i.id).join(' ');
}
