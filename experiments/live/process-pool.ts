import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import type { Action } from '../../controllers/port/actions.js';
import { TerminalError } from '../../controllers/port/errors.js';
import type { InstanceState, InstanceView } from '../../controllers/port/observations.js';
import type { ApplyOutcome } from '../../controllers/port/runtime.js';
import type { Micros } from '../../lib/time.js';
import { MILLISECOND, SECOND } from '../../lib/time.js';
import type { LiveSpec } from '../config/live-schema.js';
import type { LiveTarget, TargetState } from './live-target.js';
import type { TimerHandle } from '../../controllers/port/runtime.js';
import { HOST_CLOCK } from '../runner/host-clock.js';

type PoolSpec = Extract<LiveSpec['actuate'], { kind: 'process-pool' }>;
type PoolService = PoolSpec['services'][string];

/** A change in a worker's life, as the pool reports it (events.csv rows of type `lifecycle`). */
export interface LifecycleEvent {
  /** When, on the pool's clock. */
  readonly at: Micros;
  /** Service of the worker. */
  readonly service: string;
  /** Worker id, e.g. "web-3". */
  readonly instance: string;
  /** What happened. */
  readonly what: 'created' | 'ready' | 'draining' | 'terminated' | 'crashed' | 'crash-loop';
  /** Detail: the port, an exit code. */
  readonly detail: string;
}

/** One worker process. */
interface Worker {
  readonly id: string;
  readonly service: string;
  readonly port: number;
  readonly child: ChildProcess;
  readonly createdAt: Micros;
  readyAt?: Micros;
  state: InstanceState;
}

/** How often a starting worker's readiness path is polled. */
const READINESS_POLL: Micros = 200 * MILLISECOND;
/** How long one readiness probe may take (the kubelet's default probe timeout). */
const PROBE_TIMEOUT: Micros = 1 * SECOND;
/** How long a stopping worker gets after SIGTERM before SIGKILL. */
const KILL_GRACE: Micros = 5 * SECOND;
/** First crash-loop delay (the kubelet's), doubled per further crash without a ready worker in between. */
const CRASH_BACKOFF_INITIAL: Micros = 10 * SECOND;
/** Cap on the crash-loop delay (the kubelet's). */
const CRASH_BACKOFF_MAX: Micros = 300 * SECOND;

/**
 * Delay before replacing a worker after `crashes` consecutive crashes
 * before readiness: none for the first (its port is skipped, which is the
 * usual cause), then 10 s doubling to 5 min, as the kubelet's crash-loop
 * back-off.
 */
export function crashLoopDelay(crashes: number): Micros {
  if (crashes <= 1) return 0;
  return Math.min(CRASH_BACKOFF_MAX, CRASH_BACKOFF_INITIAL * 2 ** Math.min(crashes - 2, 30));
}

/**
 * A local actuator: each service is a pool of worker processes of one
 * command, each listening on the lowest free loopback port from
 * `portBase` up. `scale` starts or stops workers to match (stopping
 * not-yet-ready ones first, then the youngest, as a ReplicaSet prefers).
 * A worker that exits before it is ready gives up its port for good (some
 * other process holds it, most often) and is replaced; repeated crashes
 * before any worker gets ready are replaced after a crash-loop back-off
 * (`crashLoopDelay`). A worker is `starting` until
 * its readiness path answers 200, then `ready`; a stopped one is
 * `draining` until it exits. The pool rewrites a Prometheus file_sd target
 * file as workers come and go, so Prometheus discovers them as it would
 * pods. Only the composition layer uses it; controllers never see it.
 */
export class ProcessPool implements LiveTarget {
  private readonly workers = new Map<string, Worker[]>();
  private readonly desired = new Map<string, number>();
  private nextId = 0;
  private closed = false;
  /** Ports a worker died on before it was ready, per service: never handed out again. */
  private readonly refusedPorts = new Map<string, Set<number>>();
  /** Consecutive crashes before readiness, per service; reset when a worker gets ready. */
  private readonly crashStreak = new Map<string, number>();
  /** Pending crash-loop replacement timers, per service. */
  private readonly pendingRestart = new Map<string, TimerHandle>();

  constructor(
    private readonly services: Readonly<Record<string, PoolService>>,
    /** The pool's clock (µs, monotonic); the live run's loop clock. */
    private readonly now: () => Micros,
    /** Called on every lifecycle change. */
    private readonly onLifecycle: (event: LifecycleEvent) => void,
    /** Resolves a path from the config relative to the experiment file; workers run in `resolvePath('.')`. */
    private readonly resolvePath: (p: string) => string = (p) => p,
  ) {
    for (const name of Object.keys(services)) {
      this.workers.set(name, []);
      this.desired.set(name, 0);
      this.refusedPorts.set(name, new Set());
      this.crashStreak.set(name, 0);
    }
  }

  async read(service: string): Promise<TargetState> {
    if (!this.services[service]) throw new TerminalError(`no process pool for service ${service}`);
    return { desiredReplicas: this.desiredReplicas(service), instances: this.instances(service) };
  }

  /** Starts `initial` workers per service and waits (up to `limit`) until all are ready. */
  async start(initial: Readonly<Record<string, number>>, limit: Micros = 60 * SECOND): Promise<void> {
    for (const [service, n] of Object.entries(initial)) if (this.services[service]) this.scale(service, n);
    const deadline = this.now() + limit;
    const waiting = () => [...this.workers.values()].flat().filter((w) => w.state === 'starting');
    while (waiting().length > 0) {
      if (this.now() > deadline)
        throw new Error(
          `workers ${waiting()
            .map((w) => w.id)
            .join(', ')} not ready after ${limit / SECOND} s; is the worker command right?`,
        );
      await HOST_CLOCK.sleep(READINESS_POLL);
    }
  }

  /** Replica count last asked for. */
  desiredReplicas(service: string): number {
    return this.desired.get(service) ?? 0;
  }

  /** Live workers (not terminated) as the port's instance views. */
  instances(service: string): InstanceView[] {
    return (this.workers.get(service) ?? []).map((w) => ({
      id: w.id,
      service,
      zone: 'local',
      version: 'v1',
      state: w.state,
      createdAt: w.createdAt,
      ...(w.readyAt !== undefined ? { readyAt: w.readyAt } : {}),
    }));
  }

  /** Loopback base URLs of the ready workers, in creation order. */
  readyEndpoints(service: string): string[] {
    return (this.workers.get(service) ?? []).filter((w) => w.state === 'ready').map((w) => `http://127.0.0.1:${w.port}`);
  }

  /** Sets a service's worker count, starting or stopping processes. */
  scale(service: string, replicas: number): void {
    const spec = this.services[service];
    if (!spec) throw new TerminalError(`no process pool for service ${service}`);
    if (this.closed) return;
    const n = Math.max(0, Math.min(spec.maxReplicas, Math.round(replicas)));
    this.desired.set(service, n);
    const pool = this.workers.get(service)!;
    const active = () => pool.filter((w) => w.state === 'starting' || w.state === 'ready');
    // During a crash-loop back-off nothing new starts; the timer restores the count.
    if (!this.pendingRestart.has(service)) while (active().length < n) this.startWorker(service, spec);
    const surplus = active().length - n;
    if (surplus > 0) {
      // Not-ready workers go first, then the youngest: what a ReplicaSet's scale-down prefers.
      const victims = active()
        .sort((a, b) => Number(a.state === 'ready') - Number(b.state === 'ready') || b.createdAt - a.createdAt)
        .slice(0, surplus);
      for (const w of victims) this.stopWorker(w);
    }
    this.writeTargets(service);
  }

  async apply(_controller: string, action: Action): Promise<ApplyOutcome> {
    if (action.kind !== 'scale') throw new TerminalError(`the process pool carries out only scale actions, not ${action.kind}`);
    this.scale(action.service, action.replicas);
    return 'applied';
  }

  /** Stops every worker and resolves once all have exited. */
  async shutdown(): Promise<void> {
    for (const service of this.workers.keys()) this.scale(service, 0);
    this.closed = true;
    for (const timer of this.pendingRestart.values()) HOST_CLOCK.clearTimer(timer);
    this.pendingRestart.clear();
    const all = [...this.workers.values()].flat().filter((w) => w.child.exitCode === null && w.child.signalCode === null);
    await Promise.all(all.map((w) => new Promise<void>((resolve) => (w.child.exitCode !== null ? resolve() : w.child.once('exit', () => resolve())))));
  }

  private startWorker(service: string, spec: PoolService): void {
    const pool = this.workers.get(service)!;
    const used = new Set([...pool.map((w) => w.port), ...this.refusedPorts.get(service)!]);
    let port = spec.portBase;
    while (used.has(port)) port++;
    const id = `${service}-${this.nextId++}`;
    const [cmd, ...args] = spec.command as [string, ...string[]];
    const child = spawn(cmd, args, {
      cwd: this.resolvePath('.'),
      env: { ...process.env, PORT: String(port), INSTANCE: id, SERVICE: service },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const w: Worker = { id, service, port, child, createdAt: this.now(), state: 'starting' };
    pool.push(w);
    this.onLifecycle({ at: w.createdAt, service, instance: id, what: 'created', detail: `port ${port}` });
    child.once('exit', (code, signal) => {
      const planned = w.state === 'draining';
      const beforeReady = w.state === 'starting';
      w.state = planned ? 'terminated' : 'crashed';
      pool.splice(pool.indexOf(w), 1);
      let detail = signal ?? `exit ${code}`;
      if (!planned && beforeReady) {
        this.refusedPorts.get(service)!.add(port);
        this.crashStreak.set(service, this.crashStreak.get(service)! + 1);
        detail += ` before ready; port ${port} not used again`;
      }
      this.onLifecycle({ at: this.now(), service, instance: id, what: planned ? 'terminated' : 'crashed', detail });
      this.writeTargets(service);
      // A crashed worker is replaced, as a ReplicaSet replaces a failed pod.
      if (!planned && !this.closed) this.replaceAfterCrash(service);
    });
    child.once('error', () => {}); // 'exit' follows and reports it
    void this.awaitReady(w, spec.readinessPath);
  }

  /** Restores the desired count now, or after the crash-loop delay if crashes repeat. */
  private replaceAfterCrash(service: string): void {
    if (this.pendingRestart.has(service)) return;
    const delay = crashLoopDelay(this.crashStreak.get(service)!);
    if (delay === 0) {
      this.scale(service, this.desired.get(service) ?? 0);
      return;
    }
    this.onLifecycle({ at: this.now(), service, instance: '', what: 'crash-loop', detail: `replacing after ${delay / SECOND} s` });
    const timer = HOST_CLOCK.setTimer(delay, () => {
      this.pendingRestart.delete(service);
      if (!this.closed) this.scale(service, this.desired.get(service) ?? 0);
    });
    this.pendingRestart.set(service, timer);
  }

  private async awaitReady(w: Worker, path: string): Promise<void> {
    while (w.state === 'starting') {
      try {
        const res = await fetch(`http://127.0.0.1:${w.port}${path}`, { signal: AbortSignal.timeout(PROBE_TIMEOUT / MILLISECOND) });
        await res.arrayBuffer();
        if (res.ok && w.state === 'starting') {
          w.state = 'ready';
          w.readyAt = this.now();
          this.crashStreak.set(w.service, 0);
          this.onLifecycle({ at: w.readyAt, service: w.service, instance: w.id, what: 'ready', detail: `port ${w.port}` });
          this.writeTargets(w.service);
          return;
        }
      } catch {
        // Not listening yet, or not answering within the probe timeout.
      }
      await HOST_CLOCK.sleep(READINESS_POLL);
    }
  }

  private stopWorker(w: Worker): void {
    w.state = 'draining';
    this.onLifecycle({ at: this.now(), service: w.service, instance: w.id, what: 'draining', detail: 'SIGTERM' });
    w.child.kill('SIGTERM');
    const killer = HOST_CLOCK.setTimer(KILL_GRACE, () => w.child.kill('SIGKILL'));
    w.child.once('exit', () => HOST_CLOCK.clearTimer(killer));
  }

  /** Rewrites the service's file_sd target list (ready and starting workers), atomically. */
  private writeTargets(service: string): void {
    const file = this.services[service]?.targetsFile;
    if (!file) return;
    const path = this.resolvePath(file);
    const targets = (this.workers.get(service) ?? [])
      .filter((w) => w.state === 'starting' || w.state === 'ready')
      .map((w) => ({ targets: [`127.0.0.1:${w.port}`], labels: { pod: w.id, service } }));
    writeFileSync(`${path}.tmp`, JSON.stringify(targets, null, 2) + '\n');
    renameSync(`${path}.tmp`, path);
  }
}
