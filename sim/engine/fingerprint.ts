import type { Micros } from '../../lib/time.js';

/** The fingerprint of a run as of a virtual-time checkpoint. */
export interface Checkpoint {
  /** The checkpoint's virtual time: covers every event strictly before it. */
  readonly at: Micros;
  /** Events processed before `at`. */
  readonly events: number;
  /** The rolling hash as of `at`, 16 hex digits. */
  readonly fingerprint: string;
}

/** Where two traces first differ. */
export interface Divergence {
  /** Last checkpoint time at which both agreed (0 when they never did). */
  readonly agreedUntil: Micros;
  /** First checkpoint time at which they differ. */
  readonly divergedBy: Micros;
}

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

/**
 * A 64-bit rolling hash (two independent 32-bit lanes) over every processed
 * event's (time, kind, target), with a snapshot at every multiple of
 * `checkpointEvery` of virtual time.
 *
 * Two runs with equal fingerprints processed the same events in the same
 * order; comparing their checkpoints localizes the first divergence to one
 * checkpoint interval.
 */
export class TraceFingerprint {
  private a = 0x9e3779b9;
  private b = 0x85ebca6b;
  private count = 0;
  private nextCheckpoint: Micros;
  /** Snapshots as raw numbers, four per checkpoint (at, events, lane a, lane b): a run takes one a minute of virtual time, so they are formatted only when asked for. */
  private raw = new Float64Array(64);
  private taken = 0;
  private readonly snapshots: Checkpoint[] = [];

  constructor(private readonly checkpointEvery: Micros) {
    if (!(checkpointEvery > 0)) throw new RangeError(`checkpointEvery must be > 0 µs, got ${checkpointEvery}`);
    this.nextCheckpoint = checkpointEvery;
  }

  /** Folds one event into the hash. Call in processing order. */
  record(time: Micros, labelHash: number): void {
    if (time >= this.nextCheckpoint) this.checkpointBefore(time);
    const lo = time >>> 0;
    const hi = (time / 4294967296) >>> 0;
    let a = this.a;
    let b = this.b;
    a = Math.imul(a ^ lo, 0x01000193);
    a = Math.imul(a ^ hi, 0x01000193);
    a = Math.imul(a ^ labelHash, 0x01000193);
    b = Math.imul(b ^ labelHash, 0xcc9e2d51);
    b = (b << 15) | (b >>> 17);
    b = Math.imul(b ^ lo, 0x1b873593);
    b = Math.imul(b ^ hi, 0xe6546b64);
    this.a = a;
    this.b = b;
    this.count++;
  }

  /** Closes checkpoints up to and including `until` (call at the end of a run). */
  closeUntil(until: Micros): void {
    if (until >= this.nextCheckpoint) this.checkpointBefore(until);
  }

  /** The hash of everything recorded so far, 16 hex digits. */
  get value(): string {
    return hex8(this.a) + hex8(this.b);
  }

  /** Events recorded so far. */
  get events(): number {
    return this.count;
  }

  /** Snapshots taken so far, in time order. */
  get checkpoints(): readonly Checkpoint[] {
    const raw = this.raw;
    for (let k = this.snapshots.length; k < this.taken; k++) {
      const j = 4 * k;
      this.snapshots.push({ at: raw[j]!, events: raw[j + 1]!, fingerprint: hex8(raw[j + 2]!) + hex8(raw[j + 3]!) });
    }
    return this.snapshots;
  }

  private checkpointBefore(time: Micros): void {
    // One snapshot for the latest boundary at or before `time`; boundaries
    // skipped in a quiet stretch would all carry the same hash.
    const at = Math.floor(time / this.checkpointEvery) * this.checkpointEvery;
    if (4 * this.taken === this.raw.length) {
      const grown = new Float64Array(this.raw.length * 2);
      grown.set(this.raw);
      this.raw = grown;
    }
    const j = 4 * this.taken++;
    this.raw[j] = at;
    this.raw[j + 1] = this.count;
    this.raw[j + 2] = this.a;
    this.raw[j + 3] = this.b;
    this.nextCheckpoint = at + this.checkpointEvery;
  }
}

/**
 * Finds the first checkpoint at which two traces differ, or undefined when
 * every checkpoint present in both agrees and the final fingerprints match.
 */
export function firstDivergence(expected: readonly Checkpoint[], actual: readonly Checkpoint[]): Divergence | undefined {
  const byTime = new Map(actual.map((c) => [c.at, c]));
  let agreedUntil: Micros = 0;
  for (const e of expected) {
    const a = byTime.get(e.at);
    if (a === undefined || a.fingerprint !== e.fingerprint) return { agreedUntil, divergedBy: e.at };
    agreedUntil = e.at;
  }
  if (actual.length > expected.length) {
    const extra = actual[expected.length];
    if (extra) return { agreedUntil, divergedBy: extra.at };
  }
  return undefined;
}
