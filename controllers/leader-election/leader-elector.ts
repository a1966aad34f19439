/**
 * client-go's `LeaderElector` (tools/leaderelection), on the runtime port.
 *
 * Semantics kept from upstream:
 * - A candidate takes the lease only when the record it reads has not
 *   changed for the record's lease duration as measured on its OWN monotonic
 *   clock since it last saw the record change (`observedTime`); the times in
 *   the record are never compared with local time. Tolerant of clock offset,
 *   not of clock rate skew.
 * - `tryAcquireOrRenew`: the leader first tries an optimistic update of the
 *   record it last wrote (fast path); otherwise get (create if absent),
 *   refuse while another holder's lease is valid, then update with
 *   `leaderTransitions + 1` when taking over.
 * - Acquire loop: `wait.JitterUntil(tryAcquireOrRenew, retryPeriod, 1.2,
 *   sliding)`: try, then wait retryPeriod × (1 + U[0, 1.2)).
 * - Renew loop: `wait.Until(poll, retryPeriod)` where each poll is
 *   `PollUntilContextTimeout(retryPeriod, renewDeadline, immediate)`: try at
 *   once and then on a fixed retryPeriod ticker until one succeeds; if none
 *   does within renewDeadline of the poll's start, stop leading.
 * - `OnStoppedLeading` is called whenever the elector exits.
 *
 * The store is reached through `LeaseLock`; answers may arrive late or never,
 * so each request has a timeout (`requestTimeout`, and the renew deadline
 * while renewing). The elector never reads `Date.now` or timers directly.
 */
import { jitter } from '../../lib/policies/jitter.js';
import type { Runtime, TimerHandle } from '../port/runtime.js';
import type { Micros } from '../../lib/time.js';
import { SECOND } from '../../lib/time.js';
import type { LeaderElectionConfig } from './config.js';
import { JITTER_FACTOR } from './config.js';
import type { Cancel } from '../port/lease-api.js';
import type { LeaseLock, LockResult } from './lease-lock.js';
import type { LeaderElectionRecord } from '../port/lease-record.js';
import { EMPTY_RECORD } from '../port/lease-record.js';

/** What an elector needs from its runtime: clocks, timers and jitter. */
export type ElectionRuntime = Pick<Runtime, 'now' | 'wallTime' | 'setTimer' | 'clearTimer' | 'random'>;

/** client-go's `LeaderCallbacks`, called synchronously. */
export interface LeaderCallbacks {
  /** This candidate became the leader. */
  onStartedLeading(): void;
  /** The elector exited: it lost the lease, or was stopped (whether or not it led). */
  onStoppedLeading(): void;
  /** The observed holder changed (including the first one seen); "" when the lease was released. */
  onNewLeader?(identity: string): void;
}

/** Where an elector is in its life: not started, trying to acquire, leading, or exited. */
export type ElectorPhase = 'idle' | 'acquiring' | 'leading' | 'stopped';

/** The elector's bookkeeping of what it last saw, as upstream keeps it. */
export interface ElectorObservation {
  /** The record last observed (or written). */
  readonly record: LeaderElectionRecord;
  /** The raw form of the record last read from the store (not updated by this elector's own writes, as upstream); absent before the first read. */
  readonly raw?: string;
  /** Local monotonic time at which the record was last seen to change; absent: never (Go's zero time). */
  readonly time?: Micros;
}

const TIMED_OUT: LockResult = { kind: 'error', reason: 'request timed out' };

/**
 * A leader election candidate. `run()` starts it; it calls back when it
 * starts and stops leading. One elector runs once: after it stops (lost
 * lease or `stop()`), make a new one to campaign again, as a restarted
 * process would.
 */
export class LeaderElector {
  private observedRecord: LeaderElectionRecord;
  private observedRaw: string | undefined;
  private observedTime: Micros | undefined;
  private reportedLeader = '';
  private phaseNow: ElectorPhase = 'idle';
  private generation = 0;
  private timer: TimerHandle | undefined;
  private inflight: Cancel | undefined;

  constructor(
    /** Timing and identity. */
    readonly config: LeaderElectionConfig,
    private readonly lock: LeaseLock,
    private readonly runtime: ElectionRuntime,
    private readonly callbacks: LeaderCallbacks,
    /** Starting bookkeeping (upstream's tests set it directly); default: nothing seen yet. */
    initial?: ElectorObservation,
  ) {
    if (lock.identity !== config.identity)
      throw new RangeError(`lock identity ${JSON.stringify(lock.identity)} differs from config identity ${JSON.stringify(config.identity)}`);
    this.observedRecord = initial?.record ?? EMPTY_RECORD;
    this.observedRaw = initial?.raw;
    this.observedTime = initial?.time;
  }

  /** Current phase. */
  get phase(): ElectorPhase {
    return this.phaseNow;
  }

  /** True between `onStartedLeading` and `onStoppedLeading`: this candidate acts as leader. */
  get leading(): boolean {
    return this.phaseNow === 'leading';
  }

  /** The fencing token of the current tenure while leading (from the last record read or written), else undefined. */
  get fencingToken(): number | undefined {
    return this.leading ? this.lock.fencingToken : undefined;
  }

  /** What the elector last observed. */
  get observation(): ElectorObservation {
    return {
      record: this.observedRecord,
      ...(this.observedRaw !== undefined ? { raw: this.observedRaw } : {}),
      ...(this.observedTime !== undefined ? { time: this.observedTime } : {}),
    };
  }

  /** The holder of the last observed record ("" if none). Informational, as upstream's GetLeader. */
  getLeader(): string {
    return this.observedRecord.holderIdentity;
  }

  /** True when the last observed record names this candidate (upstream's IsLeader; not the same as `leading`). */
  isLeader(): boolean {
    return this.observedRecord.holderIdentity === this.config.identity;
  }

  /** Starts campaigning: the acquire loop, then the renew loop once the lease is won. */
  run(): void {
    if (this.phaseNow !== 'idle')
      throw new Error(`LeaderElector ${this.config.identity} already ran (phase ${this.phaseNow}); make a new one to campaign again`);
    this.phaseNow = 'acquiring';
    this.acquireOnce();
  }

  /** Cancels the elector (upstream: the Run context is cancelled). Releases the lease first if `releaseOnCancel` and leading. */
  stop(): void {
    if (this.phaseNow === 'stopped') return;
    const wasLeading = this.phaseNow === 'leading';
    this.exit();
    if (wasLeading && this.config.releaseOnCancel) this.release(() => {});
    this.callbacks.onStoppedLeading();
  }

  /**
   * One attempt to acquire or renew (upstream's tryAcquireOrRenew); `done`
   * gets true on success. Requests are cut off at `deadline` (local
   * monotonic time) if given. Public so upstream's vectors can drive it.
   */
  tryAcquireOrRenew(done: (ok: boolean) => void, deadline?: Micros): void {
    const c = this.config;
    const now = this.runtime.now();
    const wall = this.runtime.wallTime();
    const fresh: LeaderElectionRecord = {
      holderIdentity: c.identity,
      leaseDurationSeconds: Math.trunc(c.leaseDuration / SECOND),
      acquireTime: wall,
      renewTime: wall,
      leaderTransitions: 0,
    };

    const slowPath = (): void => {
      this.call(
        (cb) => this.lock.get(cb),
        deadline,
        (got) => {
          if (got.kind === 'not-found') {
            this.call(
              (cb) => this.lock.create(fresh, cb),
              deadline,
              (created) => {
                if (created.kind !== 'ok') return done(false);
                this.setObservedRecord(fresh);
                done(true);
              },
            );
            return;
          }
          if (got.kind === 'error') return done(false);
          if (this.observedRaw !== got.raw) {
            this.setObservedRecord(got.record);
            this.observedRaw = got.raw;
          }
          const old = got.record;
          if (old.holderIdentity.length > 0 && this.isLeaseValid(now) && !this.isLeader()) return done(false);
          const next: LeaderElectionRecord = this.isLeader()
            ? { ...fresh, acquireTime: old.acquireTime, leaderTransitions: old.leaderTransitions }
            : { ...fresh, leaderTransitions: old.leaderTransitions + 1 };
          this.call(
            (cb) => this.lock.update(next, cb),
            deadline,
            (updated) => {
              if (updated.kind !== 'ok') return done(false);
              this.setObservedRecord(next);
              done(true);
            },
          );
        },
      );
    };

    // 1. Fast path: the leader updates the record it last wrote, optimistically.
    if (this.isLeader() && this.isLeaseValid(now)) {
      const seen = this.observedRecord;
      const next: LeaderElectionRecord = { ...fresh, acquireTime: seen.acquireTime, leaderTransitions: seen.leaderTransitions };
      this.call(
        (cb) => this.lock.update(next, cb),
        deadline,
        (updated) => {
          if (updated.kind !== 'ok') return slowPath();
          this.setObservedRecord(next);
          done(true);
        },
      );
      return;
    }
    slowPath();
  }

  /**
   * Gives the lease up if the last observed record names this candidate:
   * writes an empty holder with a 1 s duration, keeping the transition count.
   */
  release(done: (ok: boolean) => void): void {
    if (!this.isLeader()) return done(true);
    const wall = this.runtime.wallTime();
    const released: LeaderElectionRecord = {
      holderIdentity: '',
      leaseDurationSeconds: 1,
      acquireTime: wall,
      renewTime: wall,
      leaderTransitions: this.observedRecord.leaderTransitions,
    };
    this.call(
      (cb) => this.lock.update(released, cb),
      this.runtime.now() + this.config.renewDeadline,
      (r) => {
        if (r.kind !== 'ok') return done(false);
        this.setObservedRecord(released);
        done(true);
      },
    );
  }

  /** Reports a changed holder to `onNewLeader` (upstream's maybeReportTransition). */
  maybeReportTransition(): void {
    const holder = this.observedRecord.holderIdentity;
    if (holder === this.reportedLeader) return;
    this.reportedLeader = holder;
    this.callbacks.onNewLeader?.(holder);
  }

  private isLeaseValid(now: Micros): boolean {
    const t = this.observedTime;
    return t !== undefined && t + this.observedRecord.leaseDurationSeconds * SECOND > now;
  }

  private setObservedRecord(record: LeaderElectionRecord): void {
    this.observedRecord = record;
    this.observedTime = this.runtime.now();
  }

  private acquireOnce(): void {
    const gen = this.generation;
    this.tryAcquireOrRenew((ok) => {
      if (gen !== this.generation) return;
      this.maybeReportTransition();
      if (ok) return this.startLeading();
      this.wait(
        jitter(this.config.retryPeriod, JITTER_FACTOR, () => this.runtime.random()),
        () => this.acquireOnce(),
      );
    });
  }

  private startLeading(): void {
    this.phaseNow = 'leading';
    const gen = this.generation;
    this.callbacks.onStartedLeading();
    if (gen === this.generation) this.renewPoll();
  }

  private renewPoll(): void {
    const gen = this.generation;
    const retry = this.config.retryPeriod;
    const start = this.runtime.now();
    const deadline = start + this.config.renewDeadline;
    // The poll's ticker fires at start + k·retry; a tick that falls during an
    // attempt is buffered (one at most), later ones dropped, as Go's ticker.
    let consumed = start;
    const attempt = (): void => {
      this.tryAcquireOrRenew((ok) => {
        if (gen !== this.generation) return;
        if (ok) {
          this.maybeReportTransition();
          this.wait(retry, () => this.renewPoll());
          return;
        }
        const end = this.runtime.now();
        if (end >= deadline) return this.lose();
        const latestTick = start + Math.floor((end - start) / retry) * retry;
        if (latestTick > consumed) {
          consumed = latestTick;
          return attempt();
        }
        const nextTick = latestTick + retry;
        if (nextTick >= deadline) return this.wait(deadline - end, () => this.lose());
        this.wait(nextTick - end, () => {
          consumed = nextTick;
          attempt();
        });
      }, deadline);
    };
    attempt();
  }

  private lose(): void {
    this.maybeReportTransition();
    this.stop();
  }

  private exit(): void {
    this.generation++;
    this.phaseNow = 'stopped';
    if (this.timer) this.runtime.clearTimer(this.timer);
    this.timer = undefined;
    const inflight = this.inflight;
    this.inflight = undefined;
    inflight?.();
  }

  private wait(delay: Micros, then: () => void): void {
    const gen = this.generation;
    this.timer = this.runtime.setTimer(delay, () => {
      this.timer = undefined;
      if (gen === this.generation) then();
    });
  }

  /** Sends one request with a timeout; answers after a timeout or after the elector moved on are dropped. */
  private call(start: (callback: (r: LockResult) => void) => Cancel, deadline: Micros | undefined, then: (r: LockResult) => void): void {
    const gen = this.generation;
    const limit = deadline === undefined ? this.config.requestTimeout : Math.min(this.config.requestTimeout, deadline - this.runtime.now());
    if (limit <= 0) return then(TIMED_OUT);
    let settled = false;
    let timer: TimerHandle | undefined;
    let abort: Cancel | undefined;
    const finish = (r: LockResult): void => {
      if (settled) return;
      settled = true;
      if (timer) this.runtime.clearTimer(timer);
      if (abort !== undefined && this.inflight === abort) this.inflight = undefined;
      if (gen === this.generation) then(r);
    };
    const cancel = start(finish);
    if (settled) return;
    abort = () => {
      if (settled) return;
      settled = true;
      if (timer) this.runtime.clearTimer(timer);
      cancel();
    };
    this.inflight = abort;
    timer = this.runtime.setTimer(limit, () => {
      timer = undefined;
      cancel();
      finish(TIMED_OUT);
    });
  }
}
