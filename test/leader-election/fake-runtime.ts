/**
 * Test doubles for the leader election port: a manual clock with timers, and
 * a scripted lease API in the style of client-go's fake clientset reactors.
 */
import type { Cancel, LeaseApi, LeaseApiResult, LeaseObject } from '../../controllers/leader-election/index.js';
import type { LeaderElectionRecord } from '../../controllers/leader-election/index.js';
import type { ElectionRuntime } from '../../controllers/leader-election/index.js';
import type { TimerHandle } from '../../controllers/port/runtime.js';
import type { Micros } from '../../lib/time.js';

interface PendingTimer extends TimerHandle {
  readonly at: Micros;
  readonly callback: () => void;
}

/** A clock that moves only when told to, firing timers in time order (ties in creation order). */
export class ManualRuntime implements ElectionRuntime {
  private clock: Micros;
  private nextId = 0;
  private pending: PendingTimer[] = [];

  constructor(
    start: Micros = 0,
    private readonly draw: () => number = () => 0.5,
    /** Wall clock offset from monotonic time. */
    private readonly wallOffset: Micros = 0,
  ) {
    this.clock = start;
  }

  now(): Micros {
    return this.clock;
  }

  wallTime(): Micros {
    return this.clock + this.wallOffset;
  }

  random(): number {
    return this.draw();
  }

  setTimer(delay: Micros, callback: () => void): TimerHandle {
    const t: PendingTimer = { id: this.nextId++, at: this.clock + Math.max(0, delay), callback };
    this.pending.push(t);
    return t;
  }

  clearTimer(timer: TimerHandle): void {
    this.pending = this.pending.filter((t) => t.id !== timer.id);
  }

  /** Moves the clock forward without firing anything (time spent inside a call). */
  tick(by: Micros): void {
    this.clock += by;
  }

  /** Fires due timers in order until none is left at or before `until`, then sets the clock there. */
  advanceTo(until: Micros): void {
    for (;;) {
      const next = this.pending.reduce<PendingTimer | undefined>(
        (a, t) => (a === undefined || t.at < a.at || (t.at === a.at && t.id < a.id) ? t : a),
        undefined,
      );
      if (next === undefined || next.at > until) break;
      this.pending = this.pending.filter((t) => t !== next);
      this.clock = Math.max(this.clock, next.at);
      next.callback();
    }
    this.clock = Math.max(this.clock, until);
  }

  /** Timers still pending. */
  get timers(): number {
    return this.pending.length;
  }
}

/** A verb of the lease API. */
export type Verb = 'get' | 'create' | 'update';

/** How a reactor answers. */
export type Reaction = (verb: Verb, record: LeaderElectionRecord | undefined) => LeaseApiResult;

/**
 * A lease API answering synchronously through reactors, like client-go's
 * fake clientset: the first reactor registered for a verb handles every call
 * of that verb; a verb without one throws. Every call is logged and moves the
 * clock by `callCost`.
 */
export class ReactorApi implements LeaseApi {
  /** Verbs called, in order. */
  readonly calls: Verb[] = [];
  private version = 0;

  constructor(
    private readonly reactors: ReadonlyArray<{ readonly verb: Verb; readonly react: Reaction }>,
    private readonly runtime?: ManualRuntime,
    private readonly callCost: Micros = 1,
  ) {}

  get(callback: (r: LeaseApiResult) => void): Cancel {
    return this.invoke('get', undefined, callback);
  }

  create(record: LeaderElectionRecord, callback: (r: LeaseApiResult) => void): Cancel {
    return this.invoke('create', record, callback);
  }

  update(record: LeaderElectionRecord, _resourceVersion: number, callback: (r: LeaseApiResult) => void): Cancel {
    return this.invoke('update', record, callback);
  }

  /** An object holding `record` at a fresh version. */
  object(record: LeaderElectionRecord): LeaseObject {
    return { record, resourceVersion: ++this.version };
  }

  private invoke(verb: Verb, record: LeaderElectionRecord | undefined, callback: (r: LeaseApiResult) => void): Cancel {
    this.calls.push(verb);
    this.runtime?.tick(this.callCost);
    const reactor = this.reactors.find((r) => r.verb === verb);
    if (!reactor) throw new Error(`unreachable action: no reactor for ${verb} (calls so far: ${this.calls.join(', ')})`);
    // Answers arrive within the call, so there is never anything left to cancel.
    callback(reactor.react(verb, record));
    return () => {};
  }
}

/**
 * An in-memory lease store with compare-and-swap, shared by several
 * candidates. While `reachable` says no for a candidate, its requests are
 * lost (never answered), as behind a partition.
 */
export class MemoryLeaseStore {
  /** The stored object, if created. */
  object: LeaseObject | undefined;
  /** Every successful write, in order. */
  readonly writes: Array<{ at: Micros; by: string; record: LeaderElectionRecord }> = [];
  /** Every request sent, answered or not, in order. */
  readonly requests: Array<{ at: Micros; by: string; verb: Verb }> = [];
  private version = 0;

  constructor(
    private readonly runtime: ManualRuntime,
    /** Whether a candidate's requests reach the store now. */
    readonly reachable: (identity: string) => boolean = () => true,
  ) {}

  /** A lease API for one candidate. */
  apiFor(identity: string): LeaseApi {
    const answer = (verb: Verb, callback: (r: LeaseApiResult) => void, f: () => LeaseApiResult): Cancel => {
      this.requests.push({ at: this.runtime.now(), by: identity, verb });
      if (this.reachable(identity)) callback(f());
      return () => {};
    };
    return {
      get: (cb) => answer('get', cb, () => (this.object ? { kind: 'ok', object: this.object } : { kind: 'not-found' })),
      create: (record, cb) =>
        answer('create', cb, () => {
          if (this.object) return { kind: 'already-exists' };
          return this.write(identity, record);
        }),
      update: (record, rv, cb) =>
        answer('update', cb, () => {
          if (!this.object) return { kind: 'not-found' };
          if (this.object.resourceVersion !== rv) return { kind: 'conflict' };
          return this.write(identity, record);
        }),
    };
  }

  private write(by: string, record: LeaderElectionRecord): LeaseApiResult {
    this.object = { record, resourceVersion: ++this.version };
    this.writes.push({ at: this.runtime.now(), by, record });
    return { kind: 'ok', object: this.object };
  }
}
