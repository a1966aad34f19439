/**
 * What a replica calculation returns: a proposal with the reason it was
 * reached, or an error a simulator can log and retry on the next sync.
 */

/**
 * Why a replica calculation proposed what it did:
 * - `WithinTolerance`: the ratio is inside the tolerance band; keep the current count.
 * - `Proportional`: ceil(ratio x ready pods), no pod needed filling in.
 * - `WithinToleranceAfterFill`: after filling missing/unready pods the ratio falls inside the band.
 * - `DirectionFlipAfterFill`: filling in would reverse the scale direction; keep the current count.
 * - `DirectionFlipByCount`: the filled-in count would move against the ratio; keep the current count.
 * - `ProportionalAfterFill`: ceil(filled ratio x pods with samples).
 * - `ScaleFromZero`: object/external Value target with zero current replicas: ceil(ratio), no tolerance.
 * - `PerPodTarget`: object/external AverageValue target: ceil(total / per-pod target).
 * - `CappedAtMaxInt32`: the proposal overflowed int32 and was capped.
 */
export type ReplicaCalcReason =
  | 'WithinTolerance'
  | 'Proportional'
  | 'WithinToleranceAfterFill'
  | 'DirectionFlipAfterFill'
  | 'DirectionFlipByCount'
  | 'ProportionalAfterFill'
  | 'ScaleFromZero'
  | 'PerPodTarget'
  | 'CappedAtMaxInt32';

/** A successful replica proposal for one metric. */
export interface ReplicaProposal {
  readonly ok: true;
  /** Proposed replica count, before any normalization. */
  readonly replicas: number;
  /**
   * Observed level reported in status: utilization percent for Utilization
   * targets, otherwise the (average) usage in milli-units.
   */
  readonly usage: number;
  /** For Utilization targets, the average raw usage in milli-units; otherwise absent. */
  readonly rawAverage?: number;
  /** Why this count was proposed. */
  readonly reason: ReplicaCalcReason;
}

/** A failed replica calculation; `error` carries upstream's wording. */
export interface ReplicaCalcFailure {
  readonly ok: false;
  /** Human-readable cause, worded as upstream so logs can be compared. */
  readonly error: string;
}

/** Outcome of a replica calculation. */
export type ReplicaCalcResult = ReplicaProposal | ReplicaCalcFailure;

/** Largest replica count upstream can represent (int32). */
export const MAX_INT32 = 2147483647;
